package social.kith.ssb.peer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import social.kith.ssb.FeedId;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.MuxRpcError;
import social.kith.ssb.muxrpc.MuxRpcException;
import social.kith.ssb.muxrpc.MuxRpcSession;
import social.kith.ssb.muxrpc.StreamReader;

/**
 * Legacy replication with one peer: a live {@code createHistoryStream} per wanted feed, from the
 * stored sequence + 1, whose messages are validated and stored in batches. New wanted feeds (the
 * follow graph grows as contact messages arrive) get their stream when noticed.
 */
public final class ReplLegacy {
  private static final System.Logger LOG = System.getLogger(ReplLegacy.class.getName());
  /** Most messages validated and stored in one store call. */
  static final int BATCH = 1000;

  private final PeerFeeds feeds;
  private final Supplier<Set<FeedId>> wants;
  private final MuxRpcSession rpc;
  private final FeedId peer;
  private final Executor executor;
  private final Consumer<String> log;

  public ReplLegacy(PeerFeeds feeds, Supplier<Set<FeedId>> wants, MuxRpcSession rpc, FeedId peer, Executor executor,
      Consumer<String> log) {
    this.feeds = feeds;
    this.wants = wants;
    this.rpc = rpc;
    this.peer = peer;
    this.executor = executor;
    this.log = log;
  }

  /** Replicates live until the session ends. */
  public void run() {
    Set<FeedId> started = new HashSet<>();
    while (!rpc.isClosed()) {
      long seen = feeds.version();
      for (FeedId f : wants.get()) {
        if (started.add(f)) {
          executor.execute(() -> pull(rpc, feeds, peer, f, true, log));
        }
      }
      feeds.awaitChange(seen, Duration.ofSeconds(2));
    }
  }

  /**
   * Pulls {@code feed} from the stored sequence + 1 until the stream ends (never, when live), the
   * peer sends a refused message, or the session ends.
   *
   * @return true when the stream ended normally
   */
  public static boolean pull(MuxRpcSession rpc, PeerFeeds feeds, FeedId peer, FeedId feed, boolean live,
      Consumer<String> log) {
    StreamReader in;
    try {
      in = rpc.source("createHistoryStream", JsonObject.builder().put("id", feed.toString())
          .put("seq", (double) (feeds.latest(feed) + 1)).put("live", live).put("keys", false).build());
      log.accept("out:createHistoryStream");
    } catch (MuxRpcException e) {
      return false;
    }
    try {
      while (true) {
        List<JsonValue> batch = new ArrayList<>();
        boolean ended = false;
        Optional<Body> first = in.next(live ? Duration.ofDays(1) : Duration.ofMinutes(2));
        if (first.isEmpty()) {
          return true;
        }
        first.get().json().ifPresent(batch::add);
        while (batch.size() < BATCH) {
          Optional<Body> more;
          try {
            more = in.next(Duration.ZERO);
          } catch (MuxRpcException e) {
            if (e.error() == MuxRpcError.TIMEOUT) {
              break;
            }
            throw e;
          }
          if (more.isEmpty()) {
            ended = true;
            break;
          }
          more.get().json().ifPresent(batch::add);
        }
        List<JsonValue> mine = new ArrayList<>(batch.size());
        for (JsonValue v : batch) {
          if (v instanceof JsonObject o && o.has("value") && o.get("value").get() instanceof JsonObject value) {
            mine.add(value); // a peer that sends {key, value} despite keys: false
          } else {
            mine.add(v);
          }
        }
        PeerFeeds.Ingested r = feeds.ingest(peer, onlyAuthor(mine, feed));
        if (!r.refused().isEmpty()) {
          in.cancel();
          return false;
        }
        if (ended) {
          return true;
        }
      }
    } catch (MuxRpcException e) {
      LOG.log(System.Logger.Level.DEBUG, "history stream of {0} from {1} ended: {2}", feed, peer, e.getMessage());
      return false;
    }
  }

  /** A history stream of {@code feed} may carry only that feed: anything else is dropped. */
  private static List<JsonValue> onlyAuthor(List<JsonValue> values, FeedId feed) {
    List<JsonValue> out = new ArrayList<>(values.size());
    for (JsonValue v : values) {
      if (feed.equals(PeerFeeds.authorOf(v))) {
        out.add(v);
      }
    }
    return out;
  }
}
