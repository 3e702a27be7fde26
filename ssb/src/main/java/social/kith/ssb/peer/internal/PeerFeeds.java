package social.kith.ssb.peer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import social.kith.ssb.FeedId;
import social.kith.ssb.FeedState;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.peer.PeerListener;
import social.kith.ssb.store.RejectedMessageException;
import social.kith.ssb.store.SsbStore;

/**
 * The store as replication sees it: validated bulk appends that skip what is already held, and a
 * change signal that live streams wait on. Appends made to the store by others are noticed by the
 * waiters' periodic re-check. Thread-safe.
 */
public final class PeerFeeds {
  private final SsbStore store;
  private final PeerListener listener;
  private final Object changes = new Object();
  private long version;

  public PeerFeeds(SsbStore store, PeerListener listener) {
    this.store = Objects.requireNonNull(store, "store");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  public SsbStore store() {
    return store;
  }

  /** The latest stored sequence of {@code feed}, 0 when none. */
  public long latest(FeedId feed) {
    return store.feedState(feed).map(FeedState::sequence).orElse(0);
  }

  /** The change counter; pass it to {@link #awaitChange}. */
  public long version() {
    synchronized (changes) {
      return version;
    }
  }

  /** Wakes every waiter: something was stored. */
  public void changed() {
    synchronized (changes) {
      version++;
      changes.notifyAll();
    }
  }

  /** Waits until the counter moves past {@code seen} or {@code max} passed. */
  public void awaitChange(long seen, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (changes) {
      while (version == seen) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(changes, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** What one {@link #ingest} did. */
  public record Ingested(int stored, Set<FeedId> refused) { }

  /**
   * Validates and stores message values received from {@code from} (each feed's values in sequence
   * order), skipping those already held. A refused message is reported and ends that feed's part
   * of the batch; the valid messages before it and the other feeds' messages are still stored.
   */
  public Ingested ingest(FeedId from, List<JsonValue> values) {
    return ingest(from, prepare(values));
  }

  /**
   * The state-independent checks (signatures, in parallel) of values to {@link #ingest(FeedId,
   * SsbStore.PreparedValues)} later, skipping those already held. Nothing is stored.
   */
  public SsbStore.PreparedValues prepare(List<JsonValue> values) {
    List<JsonValue> pending = new ArrayList<>(values.size());
    Map<FeedId, Long> held = new java.util.HashMap<>();
    for (JsonValue v : values) {
      FeedId author = authorOf(v);
      long seq = sequenceOf(v);
      if (author != null && seq > 0) {
        long have = held.computeIfAbsent(author, this::latest);
        if (seq <= have) {
          continue; // already held: nothing to validate
        }
      }
      pending.add(v);
    }
    return store.prepareValues(pending);
  }

  /** {@link #ingest(FeedId, List)} of values {@link #prepare}d (on this store), with the same outcome. */
  public Ingested ingest(FeedId from, SsbStore.PreparedValues prepared) {
    List<JsonValue> pending = prepared.values();
    SsbStore.PreparedValues ready = prepared;
    Set<FeedId> refused = new HashSet<>();
    Map<FeedId, Integer> counts = new LinkedHashMap<>();
    int stored = 0;
    while (!pending.isEmpty()) {
      try {
        if (ready != null) {
          store.appendPrepared(ready);
        } else {
          store.appendAllValues(pending);
        }
        for (JsonValue v : pending) {
          counts.merge(authorOf(v), 1, Integer::sum);
        }
        stored += pending.size();
        break;
      } catch (RejectedMessageException e) {
        // drop the refused message and the rest of its feed, keep the rest, and try again
        int bad = e.index();
        FeedId author = authorOf(pending.get(bad));
        boolean again = author != null && refused.contains(author);
        if (author != null && !again) {
          listener.rejected(author, from, e);
          refused.add(author);
        }
        List<JsonValue> rest = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
          FeedId a = authorOf(pending.get(i));
          boolean drop = i == bad || (a != null && refused.contains(a) && (again || i > bad));
          if (!drop) {
            rest.add(pending.get(i));
          }
        }
        pending = rest;
        ready = null; // checked again on the retry: rare, and only the rest
      }
    }
    if (stored > 0) {
      changed();
      for (Map.Entry<FeedId, Integer> c : counts.entrySet()) {
        if (c.getKey() != null) {
          listener.stored(c.getKey(), latest(c.getKey()), c.getValue(), from);
        }
      }
    }
    return new Ingested(stored, Set.copyOf(refused));
  }

  /** The {@code author} of a message value, or null when it has none. */
  public static FeedId authorOf(JsonValue v) {
    if (v instanceof JsonObject o && o.get("author").orElse(null) instanceof JsonString s && FeedId.isValid(s.value())) {
      return FeedId.parse(s.value());
    }
    return null;
  }

  /** The {@code sequence} of a message value, or -1 when it has none. */
  public static long sequenceOf(JsonValue v) {
    if (v instanceof JsonObject o && o.get("sequence").orElse(null) instanceof JsonNumber n && n.isSafeInteger()) {
      return (long) n.value();
    }
    return -1;
  }
}
