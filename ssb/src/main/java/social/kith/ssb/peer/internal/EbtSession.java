package social.kith.ssb.peer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import social.kith.ssb.FeedId;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.MuxRpcError;
import social.kith.ssb.muxrpc.MuxRpcException;
import social.kith.ssb.muxrpc.StreamReader;
import social.kith.ssb.muxrpc.StreamWriter;
import social.kith.ssb.store.Order;
import social.kith.ssb.store.PageRequest;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoredMessage;

/**
 * One {@code ebt.replicate} stream (version 3, as epidemic-broadcast-trees 7 and ssb-ebt 5 speak it).
 * Values are either messages (objects with {@code author}, a positive integer {@code sequence} and
 * {@code content}) or notes: a vector clock {@code {feedId: n}} where {@code n = -1} means "I do not
 * replicate this feed" and otherwise {@code n = sequence << 1 | (receive ? 0 : 1)}: the low bit is
 * set when the sender does not want messages of that feed from us.
 *
 * <p>The side that was called sends its notes first; the caller answers once it got them (as
 * ssb-ebt's client does), or after {@link #CLIENT_WAIT} if nothing came. Every wanted feed is
 * requested from every peer (this node does not build the spanning tree: a duplicate is dropped
 * cheaply), each feed is noted at most once per session, and a feed the peer asks for that we do
 * not replicate is answered with {@code -1}. Messages of a feed the peer wants are sent from the
 * sequence it holds, then live as they are stored. A refused message stops that feed from this
 * peer ({@code -1}) and the rest goes on. State is kept for at most {@value #MAX_FEEDS} feeds per session.
 */
public final class EbtSession {
  private static final System.Logger LOG = System.getLogger(EbtSession.class.getName());
  static final Duration CLIENT_WAIT = Duration.ofSeconds(3);
  static final int PAGE = 200;
  static final int BATCH = 1000;
  /** Feeds one session keeps state for; notes about further feeds we do not replicate are ignored. */
  static final int MAX_FEEDS = 50_000;

  private final PeerFeeds feeds;
  private final Supplier<Set<FeedId>> wants;
  private final StreamReader in;
  private final StreamWriter out;
  private final FeedId peer;
  private final long startedAt = System.nanoTime();
  private final Object lock = new Object();
  private boolean started;
  private boolean notesReceived;
  private final Set<FeedId> noted = new HashSet<>();
  private final Map<FeedId, Long> pendingNotes = new LinkedHashMap<>();
  private final Map<FeedId, Long> sending = new HashMap<>();
  private final Map<FeedId, Long> peerClock = new HashMap<>();
  private final Set<FeedId> refused = new HashSet<>();
  /** Feeds we answered with -1 because we did not want them then; noted again once wanted. */
  private final Set<FeedId> declined = new HashSet<>();
  private final CountDownLatch senderDone = new CountDownLatch(1);
  /** Where checked batches are stored; set by {@link #run}. Used by the receiving thread only. */
  private Executor storer = Runnable::run;
  /** The batch being stored, if any (receiving thread only). */
  private CompletableFuture<Void> storing = CompletableFuture.completedFuture(null);

  public EbtSession(PeerFeeds feeds, Supplier<Set<FeedId>> wants, StreamReader in, StreamWriter out, boolean client,
      FeedId peer) {
    this.feeds = feeds;
    this.wants = wants;
    this.in = in;
    this.out = out;
    this.peer = peer;
    this.started = !client;
  }

  /** A v3 note. */
  public static long note(long sequence, boolean receive) {
    return sequence < 0 ? -1 : sequence << 1 | (receive ? 0 : 1);
  }

  /**
   * Runs the session: sending on {@code executor}, receiving on this thread, until the stream ends.
   * Received batches are checked on this thread and stored on {@code executor}, one at a time and
   * in order, so that the next batch is checked while the previous one is written.
   */
  public void run(Executor executor) {
    this.storer = executor;
    executor.execute(this::sendLoop);
    try {
      receiveLoop();
    } finally {
      out.end();
      feeds.changed(); // wake the sender so that it sees the end
      try {
        senderDone.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The sequences the peer said it holds. */
  public Map<FeedId, Long> peerClock() {
    synchronized (lock) {
      return Map.copyOf(peerClock);
    }
  }

  /** Whether notes arrived and every wanted feed is stored at least as far as the peer holds it. */
  public boolean caughtUp() {
    synchronized (lock) {
      if (!notesReceived) {
        return false;
      }
      for (Map.Entry<FeedId, Long> e : peerClock.entrySet()) {
        if (noted.contains(e.getKey()) && !refused.contains(e.getKey()) && wants.get().contains(e.getKey())
            && feeds.latest(e.getKey()) < e.getValue()) {
          return false;
        }
      }
      return true;
    }
  }

  // ---------------------------------------------------------------- receiving

  private void receiveLoop() {
    try {
      List<JsonValue> batch = new ArrayList<>();
      while (true) {
        Optional<Body> next;
        if (batch.isEmpty()) {
          next = in.next(Duration.ofDays(1));
        } else {
          try {
            next = in.next(Duration.ZERO);
          } catch (MuxRpcException e) {
            if (e.error() != MuxRpcError.TIMEOUT) {
              throw e;
            }
            flush(batch);
            continue;
          }
        }
        if (next.isEmpty()) {
          flush(batch);
          return;
        }
        JsonValue v = next.get().json().orElse(null);
        if (isMessage(v)) {
          batch.add(v);
          if (batch.size() >= BATCH) {
            flush(batch);
          }
        } else if (v instanceof JsonObject notes) {
          flush(batch);
          awaitStored(); // our answering notes carry what is stored
          onNotes(notes);
        }
      }
    } catch (MuxRpcException e) {
      LOG.log(System.Logger.Level.DEBUG, "ebt stream with {0} ended: {1}", peer, e.getMessage());
    } finally {
      awaitStored();
    }
  }

  /** Waits until the batch being stored (if any) is stored, rethrowing what storing it threw. */
  private void awaitStored() {
    try {
      storing.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    } finally {
      storing = CompletableFuture.completedFuture(null);
    }
  }

  static boolean isMessage(JsonValue v) {
    return v instanceof JsonObject o && o.get("author").orElse(null) instanceof JsonString
        && PeerFeeds.sequenceOf(o) > 0 && o.has("content");
  }

  private void flush(List<JsonValue> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<JsonValue> accepted = new ArrayList<>(batch.size());
    Set<FeedId> want = wants.get();
    synchronized (lock) {
      for (JsonValue v : batch) {
        FeedId author = PeerFeeds.authorOf(v);
        if (author != null && want.contains(author) && !refused.contains(author)) {
          accepted.add(v);
          long seq = PeerFeeds.sequenceOf(v);
          peerClock.merge(author, seq, Math::max);
          sending.computeIfPresent(author, (k, s) -> Math.max(s, seq)); // never echo back
        }
      }
    }
    batch.clear();
    if (accepted.isEmpty()) {
      return;
    }
    // Checked here while the previous batch is still being written; stored after it, in order.
    SsbStore.PreparedValues prepared = feeds.prepare(accepted);
    awaitStored();
    storing = CompletableFuture.runAsync(() -> store(prepared), storer);
  }

  /** Stores a checked batch (on the storer), unless a feed in it was refused meanwhile. */
  private void store(SsbStore.PreparedValues prepared) {
    List<JsonValue> values = prepared.values();
    List<JsonValue> still = new ArrayList<>(values.size());
    synchronized (lock) {
      for (JsonValue v : values) {
        if (!refused.contains(PeerFeeds.authorOf(v))) {
          still.add(v);
        }
      }
    }
    PeerFeeds.Ingested r = still.size() == values.size() ? feeds.ingest(peer, prepared) : feeds.ingest(peer, still);
    if (!r.refused().isEmpty()) {
      synchronized (lock) {
        for (FeedId f : r.refused()) {
          refused.add(f);
          sending.remove(f);
          pendingNotes.put(f, -1L);
          noted.add(f);
        }
      }
      feeds.changed();
    }
  }

  private void onNotes(JsonObject notes) {
    Set<FeedId> want = wants.get();
    synchronized (lock) {
      notesReceived = true;
      started = true;
      for (Map.Entry<String, JsonValue> e : notes.asMap().entrySet()) {
        if (!FeedId.isValid(e.getKey()) || !(e.getValue() instanceof JsonNumber num) || !num.isSafeInteger()) {
          continue; // ssb-ebt drops non-feed keys the same way
        }
        FeedId f = FeedId.parse(e.getKey());
        long n = (long) num.value();
        boolean ours = want.contains(f) && !refused.contains(f);
        if (!ours && !noted.contains(f) && noted.size() >= MAX_FEEDS) {
          continue; // a peer naming ever more feeds cannot grow our state without bound
        }
        if (!ours) {
          if (noted.add(f)) {
            pendingNotes.put(f, -1L);
            if (!refused.contains(f)) {
              declined.add(f);
            }
          }
          sending.remove(f);
          continue;
        }
        if (noted.add(f)) {
          pendingNotes.put(f, note(feeds.latest(f), true));
        }
        if (n < 0) {
          sending.remove(f);
          continue;
        }
        long seq = n >> 1;
        peerClock.merge(f, seq, Math::max);
        if ((n & 1) == 0) {
          sending.merge(f, seq, Math::max);
        } else {
          sending.remove(f);
        }
      }
    }
    feeds.changed();
  }

  // ---------------------------------------------------------------- sending

  private void sendLoop() {
    try {
      while (!out.isEnded()) {
        long seen = feeds.version();
        boolean progress = sendNotes();
        progress |= sendMessages();
        if (!progress) {
          feeds.awaitChange(seen, Duration.ofSeconds(1));
        }
      }
    } catch (MuxRpcException e) {
      LOG.log(System.Logger.Level.DEBUG, "ebt send to {0} ended: {1}", peer, e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "ebt send to " + peer + " failed", e);
      out.fail("ebt sender failed");
    } finally {
      senderDone.countDown();
    }
  }

  private boolean sendNotes() {
    JsonObject.Builder b = JsonObject.builder();
    synchronized (lock) {
      if (!started && System.nanoTime() - startedAt > CLIENT_WAIT.toNanos()) {
        started = true;
      }
      if (started) {
        for (FeedId f : wants.get()) {
          if (!refused.contains(f) && (noted.add(f) | declined.remove(f))) {
            pendingNotes.put(f, note(feeds.latest(f), true));
          }
        }
      }
      if (pendingNotes.isEmpty()) {
        return false;
      }
      pendingNotes.forEach((f, n) -> b.put(f.toString(), (double) n));
      pendingNotes.clear();
    }
    out.send(Body.json(b.build()));
    return true;
  }

  private boolean sendMessages() {
    Map<FeedId, Long> snapshot;
    synchronized (lock) {
      if (!pendingNotes.isEmpty()) {
        // Notes that arrived with the peer's clock go out before any message they unlock, so the
        // peer always learns our clock first (the loop comes back here right after sending them).
        return true;
      }
      snapshot = new HashMap<>(sending);
    }
    boolean progress = false;
    for (Map.Entry<FeedId, Long> e : snapshot.entrySet()) {
      FeedId f = e.getKey();
      long from = e.getValue() + 1;
      long latest = feeds.latest(f);
      if (from > latest) {
        continue;
      }
      var page = feeds.store().byFeed(f, from, latest, new PageRequest(Order.OLDEST_FIRST, PAGE, Optional.empty()));
      for (StoredMessage m : page.items()) {
        synchronized (lock) {
          Long s = sending.get(f);
          if (s == null || s >= m.sequence()) {
            continue; // the peer stopped wanting it, or has it already
          }
          sending.put(f, (long) m.sequence());
        }
        out.send(Body.json(m.value()));
        progress = true;
      }
    }
    return progress;
  }
}
