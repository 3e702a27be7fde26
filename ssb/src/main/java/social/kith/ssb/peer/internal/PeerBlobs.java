package social.kith.ssb.peer.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import social.kith.ssb.BlobId;
import social.kith.ssb.FeedId;
import social.kith.ssb.blobs.BlobException;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonBoolean;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.BodyType;
import social.kith.ssb.muxrpc.Call;
import social.kith.ssb.muxrpc.MuxRpcException;
import social.kith.ssb.muxrpc.MuxRpcSession;
import social.kith.ssb.muxrpc.StreamReader;
import social.kith.ssb.muxrpc.StreamWriter;
import social.kith.ssb.peer.PeerError;
import social.kith.ssb.peer.PeerException;
import social.kith.ssb.peer.PeerLimits;

/**
 * Blob exchange as ssb-blobs does it (checklist item 60): {@code blobs.has}, {@code blobs.get}
 * and the {@code blobs.createWants} stream, whose values map blob ids to {@code -hops} (a want) or
 * a size (a has). A blob arrives whole or not at all: {@link BlobStore#put} checks the hash and the
 * declared size before anything becomes visible. Wants from a peer are rate-limited and wants
 * farther than {@link PeerLimits#maxWantHops()} are ignored; this node does not forward others'
 * wants. Thread-safe.
 */
public final class PeerBlobs {
  private static final System.Logger LOG = System.getLogger(PeerBlobs.class.getName());
  private static final int CHUNK = 64 << 10;

  private final BlobStore blobs;
  private final PeerLimits limits;
  private final Runnable onLog;
  private final java.util.function.BiConsumer<BlobId, FeedId> onStored;
  private final java.util.concurrent.Executor executor;
  private final Map<MuxRpcSession, FeedId> followed = new ConcurrentHashMap<>();
  private final Map<BlobId, CompletableFuture<BlobId>> wanted = new ConcurrentHashMap<>();
  private final Map<MuxRpcSession, LinkedBlockingQueue<JsonObject>> outgoing = new ConcurrentHashMap<>();
  private final Map<FeedId, long[]> rate = new ConcurrentHashMap<>();
  private final Map<BlobId, Boolean> getting = new ConcurrentHashMap<>();

  /** {@code onStored} hears of each blob fetched and stored (on the fetching thread; it must not throw). */
  public PeerBlobs(BlobStore blobs, PeerLimits limits, Runnable onLog, java.util.concurrent.Executor executor,
      java.util.function.BiConsumer<BlobId, FeedId> onStored) {
    this.onStored = Objects.requireNonNull(onStored, "onStored");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.onLog = onLog;
  }

  // ------------------------------------------------------------ serving

  /** {@code blobs.has(id)} or {@code blobs.has([ids])}: booleans. */
  public void has(Call call) {
    if (call.args().isEmpty()) {
      throw new PeerException(PeerError.INVALID_ARGUMENT, "blobs.has needs an id");
    }
    JsonValue arg = call.args().get(0);
    if (arg instanceof JsonArray ids) {
      if (ids.size() > limits.maxHasIds()) {
        throw new PeerException(PeerError.QUOTA_EXCEEDED, "more than " + limits.maxHasIds() + " ids in one call");
      }
      List<JsonValue> answers = new ArrayList<>();
      for (JsonValue id : ids.values()) {
        answers.add(blobs.has(blobId(id)) ? JsonBoolean.TRUE : JsonBoolean.FALSE);
      }
      call.respond(Body.json(new JsonArray(answers)));
    } else {
      call.respond(Body.json(blobs.has(blobId(arg)) ? JsonBoolean.TRUE : JsonBoolean.FALSE));
    }
  }

  /** {@code blobs.get(id)} or {@code blobs.get({key|id, max, size})}: the bytes in binary chunks. */
  public void get(Call call) throws IOException {
    if (call.args().isEmpty()) {
      throw new PeerException(PeerError.INVALID_ARGUMENT, "blobs.get needs an id");
    }
    JsonValue arg = call.args().get(0);
    long max = blobs.maxSize();
    BlobId id;
    if (arg instanceof JsonObject o) {
      id = blobId(o.get("key").or(() -> o.get("id")).orElse(null));
      if (o.get("max").orElse(null) instanceof JsonNumber n && n.isSafeInteger() && n.value() >= 0) {
        max = Math.min(max, (long) n.value());
      }
    } else {
      id = blobId(arg);
    }
    OptionalLong size = blobs.size(id);
    Optional<InputStream> in = blobs.get(id);
    if (size.isEmpty() || in.isEmpty()) {
      throw new PeerException(PeerError.NOT_FOUND, "no such blob: " + id);
    }
    if (size.getAsLong() > max) {
      in.get().close();
      throw new PeerException(PeerError.TOO_LARGE, "blob is larger than max");
    }
    StreamWriter out = call.out();
    try (InputStream s = in.get()) {
      byte[] buf = new byte[CHUNK];
      int n;
      while ((n = s.readNBytes(buf, 0, buf.length)) > 0) {
        out.send(Body.binary(n == buf.length ? buf : java.util.Arrays.copyOf(buf, n)));
      }
    }
    out.end();
  }

  /** {@code blobs.createWants}: our wants, then has-answers to the peer's wants, until the session ends. */
  public void createWants(Call call) {
    LinkedBlockingQueue<JsonObject> queue = outgoing.computeIfAbsent(call.session(), s -> new LinkedBlockingQueue<>());
    StreamWriter out = call.out();
    JsonObject.Builder first = JsonObject.builder();
    for (BlobId id : wanted.keySet()) {
      first.put(id.toString(), -1);
    }
    out.send(Body.json(first.build()));
    try {
      while (!out.isEnded()) {
        JsonObject next = queue.poll(1, TimeUnit.SECONDS);
        if (next != null) {
          out.send(Body.json(next));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      outgoing.remove(call.session(), queue);
    }
  }

  private static BlobId blobId(JsonValue v) {
    if (v instanceof JsonString s && BlobId.isValid(s.value())) {
      return BlobId.parse(s.value());
    }
    throw new PeerException(PeerError.INVALID_ARGUMENT, "not a blob id");
  }

  // ------------------------------------------------------------ fetching

  /** Asks every connected peer for {@code id}; completes when it is stored (at once if held). */
  public CompletableFuture<BlobId> want(BlobId id) {
    if (blobs.has(id)) {
      return CompletableFuture.completedFuture(id);
    }
    CompletableFuture<BlobId> f = wanted.computeIfAbsent(id, k -> new CompletableFuture<>());
    JsonObject want = JsonObject.builder().put(id.toString(), -1).build();
    outgoing.values().forEach(q -> q.offer(want));
    followed.forEach((session, peer) -> executor.execute(() -> ask(session, peer, List.of(id))));
    return f;
  }

  /**
   * Asks a peer with {@code blobs.has} for wanted blobs and fetches those it holds: this works
   * with a peer that never reads our wants stream.
   */
  private void ask(MuxRpcSession session, FeedId peer, List<BlobId> ids) {
    if (ids.isEmpty()) {
      return;
    }
    List<JsonValue> args = new ArrayList<>();
    ids.forEach(id -> args.add(new JsonString(id.toString())));
    try {
      JsonValue answer = session.async("blobs.has", new JsonArray(args)).get(30, TimeUnit.SECONDS).requireJson();
      if (answer instanceof JsonArray a && a.size() == ids.size()) {
        for (int i = 0; i < ids.size(); i++) {
          if (JsonBoolean.TRUE.equals(a.get(i)) && wanted.containsKey(ids.get(i))) {
            fetch(session, peer, ids.get(i), -1);
          }
        }
      }
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | MuxRpcException e) {
      LOG.log(System.Logger.Level.DEBUG, "blobs.has at {0} failed: {1}", peer, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads the peer's {@code blobs.createWants} stream until it ends: answers wants, fetches offered blobs. */
  public void follow(MuxRpcSession session, FeedId peer) {
    followed.put(session, peer);
    session.onClose(r -> followed.remove(session));
    executor.execute(() -> ask(session, peer, List.copyOf(wanted.keySet())));
    StreamReader in = session.source("blobs.createWants");
    onLog.run();
    try {
      while (true) {
        Optional<Body> next = in.next(Duration.ofDays(1));
        if (next.isEmpty()) {
          return;
        }
        if (next.get().json().orElse(null) instanceof JsonObject o) {
          onWants(session, peer, o);
        }
      }
    } catch (MuxRpcException e) {
      LOG.log(System.Logger.Level.DEBUG, "blob wants of {0} ended: {1}", peer, e.getMessage());
    }
  }

  private void onWants(MuxRpcSession session, FeedId peer, JsonObject o) {
    JsonObject.Builder answer = JsonObject.builder();
    for (Map.Entry<String, JsonValue> e : o.asMap().entrySet()) {
      if (!BlobId.isValid(e.getKey()) || !(e.getValue() instanceof JsonNumber n) || !n.isSafeInteger()) {
        continue;
      }
      BlobId id = BlobId.parse(e.getKey());
      long v = (long) n.value();
      if (v < 0) {
        if (-v > limits.maxWantHops() || !allow(peer)) {
          continue; // too far, or too many: dropped (item 60)
        }
        OptionalLong size = blobs.size(id);
        if (size.isPresent()) {
          answer.put(id.toString(), (double) size.getAsLong());
        }
      } else if (v > 0 && wanted.containsKey(id) && v <= blobs.maxSize()) {
        fetch(session, peer, id, v);
      }
    }
    if (answer.size() > 0) {
      LinkedBlockingQueue<JsonObject> q = outgoing.get(session);
      if (q != null) {
        q.offer(answer.build());
      }
    }
  }

  private boolean allow(FeedId peer) {
    long second = System.nanoTime() / 1_000_000_000L;
    long[] slot = rate.computeIfAbsent(peer, k -> new long[2]);
    synchronized (slot) {
      if (slot[0] != second) {
        slot[0] = second;
        slot[1] = 0;
      }
      return ++slot[1] <= limits.maxBlobWantsPerSecond();
    }
  }

  /** Fetches a blob the peer says it has; a hash or size mismatch stores nothing. */
  public Optional<BlobId> fetch(MuxRpcSession session, FeedId peer, BlobId id, long declaredSize) {
    if (getting.putIfAbsent(id, Boolean.TRUE) != null) {
      return Optional.empty();
    }
    try {
      StreamReader in = session.source("blobs.get",
          JsonObject.builder().put("key", id.toString()).put("max", (double) blobs.maxSize()).build());
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      while (true) {
        Optional<Body> chunk = in.next(Duration.ofSeconds(30));
        if (chunk.isEmpty()) {
          break;
        }
        if (chunk.get().type() != BodyType.BINARY || buf.size() + (long) chunk.get().length() > blobs.maxSize()) {
          in.cancel();
          throw new BlobException(social.kith.ssb.blobs.BlobError.TOO_LARGE, "blob stream too large or not binary");
        }
        buf.writeBytes(chunk.get().bytes());
      }
      BlobId got = blobs.put(new ByteArrayInputStream(buf.toByteArray()), id, declaredSize > 0 ? declaredSize : -1);
      try {
        onStored.accept(got, peer);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a blob listener failed", e);
      }
      CompletableFuture<BlobId> f = wanted.remove(id);
      if (f != null) {
        f.complete(got);
      }
      return Optional.of(got);
    } catch (BlobException | MuxRpcException e) {
      LOG.log(System.Logger.Level.INFO, "blob {0} from {1} refused: {2}", id, peer, e.getMessage());
      return Optional.empty();
    } finally {
      getting.remove(id);
    }
  }
}
