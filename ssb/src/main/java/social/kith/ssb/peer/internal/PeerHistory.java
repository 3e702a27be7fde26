package social.kith.ssb.peer.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import social.kith.ssb.FeedId;
import social.kith.ssb.json.JsonBoolean;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.Call;
import social.kith.ssb.muxrpc.StreamWriter;
import social.kith.ssb.peer.PeerError;
import social.kith.ssb.peer.PeerException;
import social.kith.ssb.peer.PeerLimits;
import social.kith.ssb.store.Order;
import social.kith.ssb.store.PageRequest;
import social.kith.ssb.store.StoredMessage;

/**
 * Serves {@code createHistoryStream} (checklist item 59): arguments are checked strictly, each
 * peer has a quota of open streams, the store is read a page at a time, and sending blocks while
 * the connection is congested (backpressure), so an unread live stream costs one waiting thread
 * and no memory. Live streams wake on local appends and re-check the store every second.
 */
public final class PeerHistory {
  /** How often a live stream re-reads the store when nothing signalled a change. */
  static final Duration RECHECK = Duration.ofSeconds(1);

  private final PeerFeeds feeds;
  private final PeerLimits limits;
  private final Map<FeedId, AtomicInteger> open = new ConcurrentHashMap<>();

  public PeerHistory(PeerFeeds feeds, PeerLimits limits) {
    this.feeds = Objects.requireNonNull(feeds, "feeds");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Parsed arguments. {@code limit} is -1 when unlimited. */
  public record Args(FeedId id, long sequence, long limit, boolean live, boolean old, boolean keys, boolean values) { }

  /**
   * Parses {@code [{id, sequence|seq, limit, live, old, keys, values}]} or the positional
   * {@code [id, seq, live]}.
   *
   * @throws PeerException {@link PeerError#INVALID_ARGUMENT}
   */
  public static Args parse(List<JsonValue> args) {
    if (args.isEmpty()) {
      throw invalid("createHistoryStream needs an id");
    }
    JsonValue first = args.get(0);
    if (first instanceof JsonString s) {
      FeedId id = feed(s);
      long seq = args.size() > 1 ? integer(args.get(1), "seq") : 0;
      boolean live = args.size() > 2 && flag(args.get(2), "live", false);
      return new Args(id, Math.max(1, seq), -1, live, true, true, true);
    }
    if (!(first instanceof JsonObject o)) {
      throw invalid("createHistoryStream takes an options object");
    }
    FeedId id = feed(o.get("id").orElseThrow(() -> invalid("createHistoryStream needs an id")));
    Optional<JsonValue> seqValue = o.get("sequence").or(() -> o.get("seq"));
    long seq = seqValue.isPresent() ? integer(seqValue.get(), "sequence") : 0;
    long limit = o.get("limit").isPresent() ? integer(o.get("limit").get(), "limit") : -1;
    return new Args(id, Math.max(1, seq), limit, flag(o.get("live").orElse(null), "live", false),
        flag(o.get("old").orElse(null), "old", true), flag(o.get("keys").orElse(null), "keys", true),
        flag(o.get("values").orElse(null), "values", true));
  }

  private static FeedId feed(JsonValue v) {
    if (v instanceof JsonString s && FeedId.isValid(s.value())) {
      return FeedId.parse(s.value());
    }
    throw invalid("id is not a feed id");
  }

  private static long integer(JsonValue v, String name) {
    if (v == null || v instanceof social.kith.ssb.json.JsonNull) {
      return 0;
    }
    if (v instanceof JsonNumber n && n.isSafeInteger() && n.value() >= 0 && n.value() <= Integer.MAX_VALUE) {
      return (long) n.value();
    }
    throw invalid(name + " must be an integer from 0 to " + Integer.MAX_VALUE);
  }

  private static boolean flag(JsonValue v, String name, boolean dflt) {
    if (v == null || v instanceof social.kith.ssb.json.JsonNull) {
      return dflt;
    }
    if (v instanceof JsonBoolean b) {
      return b.equals(JsonBoolean.TRUE);
    }
    throw invalid(name + " must be a boolean");
  }

  private static PeerException invalid(String why) {
    return new PeerException(PeerError.INVALID_ARGUMENT, why);
  }

  /** Open history streams of {@code peer} (for tests and diagnostics). */
  public int openStreams(FeedId peer) {
    AtomicInteger n = open.get(peer);
    return n == null ? 0 : n.get();
  }

  /** The handler: streams until done, the peer cancels, or the session ends. */
  public void handle(Call call) {
    Args a = parse(call.args());
    FeedId peer = call.session().peer().orElse(null);
    AtomicInteger count = peer == null ? new AtomicInteger() : open.computeIfAbsent(peer, k -> new AtomicInteger());
    if (count.incrementAndGet() > limits.maxHistoryStreams()) {
      count.decrementAndGet();
      throw new PeerException(PeerError.QUOTA_EXCEEDED,
          "more than " + limits.maxHistoryStreams() + " history streams open from this peer");
    }
    try {
      stream(a, call.out());
    } finally {
      count.decrementAndGet();
    }
  }

  private void stream(Args a, StreamWriter out) {
    long next = a.old() ? a.sequence() : Math.max(a.sequence(), feeds.latest(a.id()) + 1);
    long sent = 0;
    while (!out.isEnded()) {
      long seen = feeds.version();
      long latest = feeds.latest(a.id());
      boolean underLimit = a.limit() < 0 || sent < a.limit();
      if (!underLimit) {
        break;
      }
      if (next <= latest) {
        int size = (int) Math.min(limits.historyPageSize(), a.limit() < 0 ? Long.MAX_VALUE : a.limit() - sent);
        var page = feeds.store().byFeed(a.id(), next, latest,
            new PageRequest(Order.OLDEST_FIRST, size, Optional.empty()));
        if (page.items().isEmpty()) {
          break;
        }
        for (StoredMessage m : page.items()) {
          out.send(format(m, a));
          next = m.sequence() + 1L;
          sent++;
        }
        continue;
      }
      if (!a.live()) {
        break;
      }
      feeds.awaitChange(seen, RECHECK);
    }
    out.end();
  }

  private static Body format(StoredMessage m, Args a) {
    if (a.keys() && a.values()) {
      return Body.json(JsonObject.builder().put("key", m.key().toString()).put("value", m.value())
          .put("timestamp", (double) m.receivedAt().toEpochMilli()).build());
    }
    if (a.keys()) {
      return Body.json(new JsonString(m.key().toString()));
    }
    return Body.json(m.value());
  }
}
