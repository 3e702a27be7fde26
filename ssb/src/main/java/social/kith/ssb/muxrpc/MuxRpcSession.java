package social.kith.ssb.muxrpc;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import social.kith.ssb.FeedId;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonBoolean;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;

/**
 * One muxrpc session over a reliable byte stream, as an engine without I/O: the transport feeds
 * received bytes to {@link #receive} and gives an {@link Outbound} that sends bytes. Calls in both
 * directions are multiplexed by request number; handlers run on the given executor.
 *
 * <p>Bounds (checklist item 58, see {@link MuxRpcLimits}): packet bodies, JSON depth, open calls,
 * per-stream and per-connection buffered bytes. A protocol violation closes the session with a
 * typed reason ({@link #closeReason()}); late packets for calls that already ended are ignored, as
 * packet-stream does. Request numbers of the peer must increase, which bounds the state kept.
 * Thread-safe.
 */
public final class MuxRpcSession implements AutoCloseable {
  /** Sends bytes to the peer, in call order; may block while the connection is congested. */
  @FunctionalInterface
  public interface Outbound {
    void write(byte[] bytes) throws IOException;
  }

  /** Told once when the session ends: empty for a clean end, else the reason. */
  @FunctionalInterface
  public interface CloseListener {
    void closed(Optional<MuxRpcException> reason);
  }

  private static final System.Logger LOG = System.getLogger(MuxRpcSession.class.getName());
  /** Accounting overhead per buffered value, so that empty bodies still count. */
  static final int PER_VALUE_OVERHEAD = 64;

  private final Registry registry;
  private final MuxRpcLimits limits;
  private final Outbound outbound;
  private final Executor executor;
  private final FeedId peer;
  private final PacketDecoder decoder;
  private final Object lock = new Object();
  /**
   * Held from allocating a request number until its request packet is written, so requests leave in
   * number order: the receiver drops a new request numbered below one it has seen as a late packet.
   */
  private final Object requestOrder = new Object();
  private final Object writeLock = new Object();
  private final Map<Integer, Stream> ourStreams = new HashMap<>();
  private final Map<Integer, Stream> theirStreams = new HashMap<>();
  private final Map<Integer, CompletableFuture<Body>> ourAsync = new HashMap<>();
  private final Map<Integer, IncomingCall> theirAsync = new HashMap<>();
  private int nextRequest = 1;
  private int highestIncoming;
  private final AtomicLong buffered = new AtomicLong();
  private final AtomicInteger fullishStreams = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile MuxRpcException closeReason;
  private final List<CloseListener> closeListeners = new CopyOnWriteArrayList<>();
  private volatile Runnable drainListener = () -> { };

  private MuxRpcSession(Registry registry, MuxRpcLimits limits, Outbound outbound, Executor executor, FeedId peer) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.outbound = Objects.requireNonNull(outbound, "outbound");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.peer = peer;
    this.decoder = new PacketDecoder(limits);
  }

  /**
   * A session serving {@code registry} to {@code peer} (null when unknown, e.g. in tests).
   *
   * @param executor runs handlers; a direct executor works but then a slow handler stalls reading
   */
  public static MuxRpcSession create(Registry registry, MuxRpcLimits limits, Outbound outbound,
      Executor executor, FeedId peer) {
    return new MuxRpcSession(registry, limits, outbound, executor, peer);
  }

  /** The authenticated peer, when the transport knows it. */
  public Optional<FeedId> peer() {
    return Optional.ofNullable(peer);
  }

  /** The manifest this session serves. */
  public JsonObject manifest() {
    return registry.manifest();
  }

  /** The limits in force. */
  public MuxRpcLimits limits() {
    return limits;
  }

  // ---------------------------------------------------------------- receiving

  /**
   * Feeds bytes received from the peer.
   *
   * @throws MuxRpcException on a protocol violation; the session is then closed with that reason
   */
  public void receive(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    if (closed.get()) {
      throw new MuxRpcException(MuxRpcError.CLOSED, "session closed");
    }
    try {
      decoder.feed(data, offset, length, this::dispatch, this::peerGoodbye);
    } catch (MuxRpcException e) {
      LOG.log(System.Logger.Level.INFO, "closing muxrpc session with {0}: {1}", peer, e.getMessage());
      shutdown(e);
      throw e;
    }
  }

  /** Feeds all of {@code data}. */
  public void receive(byte[] data) {
    receive(data, 0, data.length);
  }

  /** The transport ended (cleanly or not): every open call fails with {@code CLOSED}. */
  public void transportEnded() {
    shutdown(new MuxRpcException(MuxRpcError.CLOSED, "the connection ended"));
  }

  private void peerGoodbye() {
    shutdown(new MuxRpcException(MuxRpcError.CLOSED, "the peer ended the session"));
  }

  private void dispatch(Packet p) {
    int r = p.request();
    if (r > 0) {
      Stream s;
      boolean pendingAsync;
      synchronized (lock) {
        s = theirStreams.get(r);
        pendingAsync = theirAsync.containsKey(r);
        if (s == null && !pendingAsync) {
          if (r <= highestIncoming) {
            return; // late packet of a call that already ended
          }
          highestIncoming = r;
        }
      }
      if (s != null) {
        onStreamPacket(s, p);
      } else if (!pendingAsync && !p.end()) {
        onRequest(p);
      }
    } else {
      int n = -r;
      Stream s;
      CompletableFuture<Body> f;
      synchronized (lock) {
        if (n >= nextRequest) {
          throw new MuxRpcException(MuxRpcError.UNKNOWN_RESPONSE, "response to request " + n + " that was never made");
        }
        s = ourStreams.get(n);
        f = s == null ? ourAsync.remove(n) : null;
      }
      if (s != null) {
        onStreamPacket(s, p);
      } else if (f != null) {
        if (p.end()) {
          f.completeExceptionally(remoteError(p.body()));
        } else {
          f.complete(p.body());
        }
      }
    }
  }

  private void onStreamPacket(Stream s, Packet p) {
    if (p.end()) {
      boolean error = !isTrueBody(p.body());
      if (s.in != null) {
        s.in.finish(error ? remoteError(p.body()) : null);
      }
      if (s.writer != null) {
        s.writer.peerEnded();
      }
      synchronized (lock) {
        s.remoteEnded = true;
      }
      endLocally(s, null); // acknowledge, as packet-stream does; removes the stream
      return;
    }
    if (s.in == null) {
      return; // data on a stream we only write to: nothing reads it
    }
    long cost = (long) p.body().length() + PER_VALUE_OVERHEAD;
    if (buffered.get() + cost > limits.maxBufferedBytes()) {
      throw new MuxRpcException(MuxRpcError.CONNECTION_BUFFER_FULL,
          "more than " + limits.maxBufferedBytes() + " unread bytes buffered on this connection");
    }
    if (!s.in.offer(p.body(), cost)) {
      MuxRpcException full = new MuxRpcException(MuxRpcError.STREAM_BUFFER_FULL,
          "stream " + s.request + " buffered more than " + limits.maxStreamBufferBytes() + " unread bytes");
      s.in.finish(full);
      endLocally(s, full);
    }
  }

  private void onRequest(Packet p) {
    int r = p.request();
    JsonObject req = p.body().json().filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
        .orElseThrow(() -> new MuxRpcException(MuxRpcError.BAD_REQUEST, "request " + r + " has no JSON object body"));
    String name = methodName(req.get("name").orElse(null));
    if (name == null) {
      throw new MuxRpcException(MuxRpcError.BAD_REQUEST, "request " + r + " has no method name");
    }
    List<JsonValue> args = req.get("args").filter(JsonArray.class::isInstance).map(a -> ((JsonArray) a).values())
        .orElse(List.of());
    Optional<Type> declared = req.get("type").filter(JsonString.class::isInstance)
        .flatMap(t -> Type.ofManifestName(((JsonString) t).value()));
    Type type = declared.orElse(p.stream() ? Type.SOURCE : Type.ASYNC);
    synchronized (lock) {
      if (openCalls() >= limits.maxOpenStreams()) {
        throw new MuxRpcException(MuxRpcError.TOO_MANY_STREAMS,
            "the peer opened more than " + limits.maxOpenStreams() + " calls at once");
      }
    }
    Optional<Registry.Entry> entry = registry.lookup(name);
    boolean matches = entry.isPresent() && type.isStream() == p.stream()
        && (entry.get().type() == type || (!type.isStream() && !entry.get().type().isStream()));
    if (!matches) {
      String why = entry.isEmpty() ? "no such method: " + name : name + " is not a " + type.manifestName() + " method";
      writeQuietly(new Packet(-r, p.stream(), true, errorBody(why)));
      return;
    }
    IncomingCall call = new IncomingCall(r, name, type, args);
    synchronized (lock) {
      if (type.isStream()) {
        theirStreams.put(r, call.stream);
      } else {
        theirAsync.put(r, call);
      }
    }
    Handler h = entry.get().handler();
    try {
      executor.execute(() -> {
        try {
          h.handle(call);
        } catch (Exception | StackOverflowError e) {
          LOG.log(System.Logger.Level.DEBUG, "handler for " + name + " failed", e);
          call.fail(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
      });
    } catch (RejectedExecutionException e) {
      call.fail("server busy");
    }
  }

  private static String methodName(JsonValue v) {
    if (v instanceof JsonString s) {
      return s.value();
    }
    if (v instanceof JsonArray a && a.size() > 0 && a.size() <= 8) {
      StringBuilder sb = new StringBuilder();
      for (JsonValue part : a.values()) {
        if (!(part instanceof JsonString ps)) {
          return null;
        }
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ps.value());
      }
      return sb.toString();
    }
    return null;
  }

  private int openCalls() {
    return ourStreams.size() + theirStreams.size() + ourAsync.size() + theirAsync.size();
  }

  /** Open calls in both directions (for tests and diagnostics). */
  public int openCallCount() {
    synchronized (lock) {
      return openCalls();
    }
  }

  /** Unread bytes buffered for all streams (with a small per-value overhead). */
  public long bufferedBytes() {
    return buffered.get();
  }

  /**
   * Whether the reader should pause (backpressure): a stream or the connection is at least half
   * full. A transport that pauses waits for the {@linkplain #onDrain drain signal}.
   */
  public boolean isSaturated() {
    return fullishStreams.get() > 0 || buffered.get() * 2 >= limits.maxBufferedBytes();
  }

  /** Called (on a reader's thread) whenever buffered values are consumed or dropped. */
  public void onDrain(Runnable listener) {
    this.drainListener = Objects.requireNonNull(listener, "listener");
  }

  // ---------------------------------------------------------------- calling the peer

  /** Calls an async method; the future fails with a {@link MuxRpcException} ({@code REMOTE_ERROR}, {@code CLOSED}). */
  public CompletableFuture<Body> async(String method, JsonValue... args) {
    return request(method, Type.ASYNC, args);
  }

  /** Calls a sync method (answered like async on the wire). */
  public CompletableFuture<Body> sync(String method, JsonValue... args) {
    return request(method, Type.SYNC, args);
  }

  private CompletableFuture<Body> request(String method, Type type, JsonValue... args) {
    CompletableFuture<Body> f = new CompletableFuture<>();
    Body body = requestBody(method, type, args);
    synchronized (requestOrder) {
      int r;
      synchronized (lock) {
        r = allocate();
        ourAsync.put(r, f);
      }
      try {
        write(new Packet(r, false, false, body));
      } catch (MuxRpcException e) {
        synchronized (lock) {
          ourAsync.remove(r);
        }
        f.completeExceptionally(e);
      }
    }
    return f;
  }

  /** Opens a source: the peer streams values to us. */
  public StreamReader source(String method, JsonValue... args) {
    return openStream(method, Type.SOURCE, args).in;
  }

  /** Opens a sink: we stream values to the peer. */
  public StreamWriter sink(String method, JsonValue... args) {
    return openStream(method, Type.SINK, args).writer;
  }

  /** Opens a duplex stream. */
  public Duplex duplex(String method, JsonValue... args) {
    Stream s = openStream(method, Type.DUPLEX, args);
    return new Duplex(s.in, s.writer);
  }

  private Stream openStream(String method, Type type, JsonValue... args) {
    Body body = requestBody(method, type, args);
    Stream s;
    synchronized (requestOrder) {
      synchronized (lock) {
        int r = allocate();
        s = new Stream(r, true, type == Type.SOURCE || type == Type.DUPLEX, type == Type.SINK || type == Type.DUPLEX);
        ourStreams.put(r, s);
      }
      write(new Packet(s.request, true, false, body));
    }
    return s;
  }

  private int allocate() {
    if (closed.get()) {
      throw new MuxRpcException(MuxRpcError.CLOSED, "session closed");
    }
    if (openCalls() >= limits.maxOpenStreams()) {
      throw new MuxRpcException(MuxRpcError.TOO_MANY_STREAMS, "already " + limits.maxOpenStreams() + " calls open");
    }
    if (nextRequest == Integer.MAX_VALUE) {
      throw new MuxRpcException(MuxRpcError.CLOSED, "request numbers exhausted; open a new connection");
    }
    return nextRequest++;
  }

  private static Body requestBody(String method, Type type, JsonValue... args) {
    List<JsonValue> name = new ArrayList<>();
    for (String part : method.split("\\.")) {
      name.add(new JsonString(part));
    }
    return Body.json(JsonObject.builder()
        .put("name", new JsonArray(name))
        .put("args", new JsonArray(Arrays.asList(args)))
        .put("type", type.manifestName())
        .build());
  }

  // ---------------------------------------------------------------- sending

  private void write(Packet p) {
    byte[] bytes = p.encode();
    synchronized (writeLock) {
      if (closed.get()) {
        throw new MuxRpcException(MuxRpcError.CLOSED, "session closed");
      }
      try {
        outbound.write(bytes);
      } catch (IOException | RuntimeException e) {
        MuxRpcException closedEx = new MuxRpcException(MuxRpcError.CLOSED, "sending failed: " + e.getMessage(), e);
        shutdown(closedEx);
        throw closedEx;
      }
    }
  }

  private void writeQuietly(Packet p) {
    try {
      write(p);
    } catch (MuxRpcException e) {
      LOG.log(System.Logger.Level.DEBUG, "not sent: {0}", e.getMessage());
    }
  }

  /** Ends our side of a stream (with an error if given); removes it once both sides ended. */
  private void endLocally(Stream s, MuxRpcException error) {
    boolean send;
    synchronized (lock) {
      send = !s.localEnded;
      s.localEnded = true;
      if (s.remoteEnded || error != null) {
        (s.ours ? ourStreams : theirStreams).remove(s.request, s);
      }
    }
    if (s.writer != null) {
      s.writer.localEnded();
    }
    if (send) {
      writeQuietly(new Packet(s.ours ? s.request : -s.request, true, true,
          error == null ? Body.json(JsonBoolean.TRUE) : errorBody(error.getMessage())));
    }
  }

  static Body errorBody(String message) {
    return Body.json(JsonObject.builder()
        .put("name", "Error")
        .put("message", message == null ? "error" : message)
        .put("stack", "")
        .build());
  }

  private static boolean isTrueBody(Body b) {
    return b.json().map(JsonBoolean.TRUE::equals).orElse(false);
  }

  private static MuxRpcException remoteError(Body b) {
    String message = b.json()
        .filter(JsonObject.class::isInstance)
        .flatMap(o -> ((JsonObject) o).get("message"))
        .filter(JsonString.class::isInstance)
        .map(m -> ((JsonString) m).value())
        .orElse(b.type() == BodyType.STRING ? b.text() : "error of type " + b.type());
    if (message.length() > 500) {
      message = message.substring(0, 500) + "...";
    }
    return new MuxRpcException(MuxRpcError.REMOTE_ERROR, message);
  }

  // ---------------------------------------------------------------- closing

  /** Ends the session cleanly: the end-of-session header is sent and every open call fails with {@code CLOSED}. */
  @Override
  public void close() {
    if (closed.get()) {
      return;
    }
    synchronized (writeLock) {
      try {
        if (!closed.get()) {
          outbound.write(Packet.goodbye());
        }
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "goodbye not sent: {0}", e.getMessage());
      }
    }
    shutdown(null);
  }

  /** Registers a listener for the end of the session (run at once if it already ended). */
  public void onClose(CloseListener listener) {
    closeListeners.add(listener);
    if (closed.get()) {
      if (closeListeners.remove(listener)) {
        listener.closed(Optional.ofNullable(closeReason));
      }
    }
  }

  /** Whether the session ended. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Why the session ended, when it did not end cleanly from this side. */
  public Optional<MuxRpcException> closeReason() {
    return Optional.ofNullable(closeReason);
  }

  private void shutdown(MuxRpcException reason) {
    List<Stream> streams;
    List<CompletableFuture<Body>> futures;
    synchronized (writeLock) {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      closeReason = reason;
    }
    synchronized (lock) {
      streams = new ArrayList<>(ourStreams.values());
      streams.addAll(theirStreams.values());
      futures = new ArrayList<>(ourAsync.values());
      ourStreams.clear();
      theirStreams.clear();
      ourAsync.clear();
      theirAsync.clear();
    }
    MuxRpcException ended = new MuxRpcException(MuxRpcError.CLOSED,
        reason == null ? "session closed" : "session closed: " + reason.getMessage(), reason);
    for (Stream s : streams) {
      if (s.in != null) {
        s.in.finish(ended);
      }
      if (s.writer != null) {
        s.writer.localEnded();
      }
    }
    futures.forEach(f -> f.completeExceptionally(ended));
    for (CloseListener l : closeListeners) {
      if (closeListeners.remove(l)) {
        try {
          l.closed(Optional.ofNullable(reason));
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "close listener failed", e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "MuxRpcSession[peer=" + peer + (closed.get() ? ", closed" : "") + "]";
  }

  // ---------------------------------------------------------------- streams and calls

  /** One stream, ours (we made the request) or theirs. */
  private final class Stream {
    final int request;
    final boolean ours;
    final Inbound in;
    final Writer writer;
    boolean localEnded;
    boolean remoteEnded;

    Stream(int request, boolean ours, boolean reads, boolean writes) {
      this.request = request;
      this.ours = ours;
      this.in = reads ? new Inbound(this) : null;
      this.writer = writes ? new Writer(this) : null;
    }
  }

  private final class Inbound implements StreamReader {
    private final Stream stream;
    private final ArrayDeque<Body> queue = new ArrayDeque<>();
    private long bytes;
    private boolean fullish;
    private boolean finished;
    private MuxRpcException error;

    Inbound(Stream stream) {
      this.stream = stream;
    }

    synchronized boolean offer(Body b, long cost) {
      if (finished) {
        return true; // cancelled or failed: drop silently
      }
      if (bytes + cost > limits.maxStreamBufferBytes()) {
        return false;
      }
      queue.add(b);
      bytes += cost;
      buffered.addAndGet(cost);
      updateFullish();
      notifyAll();
      return true;
    }

    synchronized void finish(MuxRpcException e) {
      if (finished) {
        return;
      }
      finished = true;
      error = e;
      if (e != null && e.error() != MuxRpcError.REMOTE_ERROR && e.error() != MuxRpcError.CLOSED) {
        dropAll();
      }
      notifyAll();
    }

    private void dropAll() {
      buffered.addAndGet(-bytes);
      bytes = 0;
      queue.clear();
      updateFullish();
      drainListener.run();
    }

    private void updateFullish() {
      boolean now = bytes * 2 >= limits.maxStreamBufferBytes();
      if (now != fullish) {
        fullish = now;
        fullishStreams.addAndGet(now ? 1 : -1);
      }
    }

    @Override
    public Optional<Body> next(Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      Body b;
      synchronized (this) {
        while (queue.isEmpty() && !finished) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new MuxRpcException(MuxRpcError.TIMEOUT, "nothing arrived within " + timeout);
          }
          try {
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MuxRpcException(MuxRpcError.TIMEOUT, "interrupted while waiting");
          }
        }
        b = queue.poll();
        if (b == null) {
          if (error != null) {
            throw new MuxRpcException(error.error(), error.getMessage(), error);
          }
          return Optional.empty();
        }
        long cost = (long) b.length() + PER_VALUE_OVERHEAD;
        bytes -= cost;
        buffered.addAndGet(-cost);
        updateFullish();
      }
      drainListener.run();
      return Optional.of(b);
    }

    @Override
    public void cancel() {
      synchronized (this) {
        if (finished && queue.isEmpty()) {
          return;
        }
        finished = true;
        error = new MuxRpcException(MuxRpcError.CLOSED, "stream cancelled");
        dropAll();
        notifyAll();
      }
      endLocally(stream, null);
      synchronized (lock) {
        (stream.ours ? ourStreams : theirStreams).remove(stream.request, stream);
      }
    }

    @Override
    public synchronized boolean isDone() {
      return finished && queue.isEmpty();
    }
  }

  private final class Writer implements StreamWriter {
    private final Stream stream;
    private volatile boolean ended;

    Writer(Stream stream) {
      this.stream = stream;
    }

    void localEnded() {
      ended = true;
    }

    void peerEnded() {
      ended = true;
    }

    @Override
    public void send(Body body) {
      if (ended) {
        throw new MuxRpcException(MuxRpcError.CLOSED, "stream " + stream.request + " has ended");
      }
      write(new Packet(stream.ours ? stream.request : -stream.request, true, false, body));
    }

    @Override
    public void end() {
      endLocally(stream, null);
    }

    @Override
    public void fail(String message) {
      endLocally(stream, new MuxRpcException(MuxRpcError.REMOTE_ERROR, message));
    }

    @Override
    public boolean isEnded() {
      return ended;
    }
  }

  private final class IncomingCall implements Call {
    private final int request;
    private final String method;
    private final Type type;
    private final List<JsonValue> args;
    private final Stream stream;
    private final AtomicBoolean answered = new AtomicBoolean();

    IncomingCall(int request, String method, Type type, List<JsonValue> args) {
      this.request = request;
      this.method = method;
      this.type = type;
      this.args = List.copyOf(args);
      this.stream = type.isStream()
          ? new Stream(request, false, type == Type.SINK || type == Type.DUPLEX, type == Type.SOURCE || type == Type.DUPLEX)
          : null;
    }

    @Override
    public String method() {
      return method;
    }

    @Override
    public Type type() {
      return type;
    }

    @Override
    public List<JsonValue> args() {
      return args;
    }

    @Override
    public MuxRpcSession session() {
      return MuxRpcSession.this;
    }

    @Override
    public void respond(Body body) {
      Objects.requireNonNull(body, "body");
      if (stream != null) {
        throw new IllegalStateException(method + " is a " + type.manifestName() + " call: use out()");
      }
      if (!answered.compareAndSet(false, true)) {
        throw new IllegalStateException("already answered");
      }
      synchronized (lock) {
        theirAsync.remove(request);
      }
      writeQuietly(new Packet(-request, false, false, body));
    }

    @Override
    public void fail(String message) {
      if (stream != null) {
        endLocally(stream, new MuxRpcException(MuxRpcError.REMOTE_ERROR, message));
        if (stream.in != null) {
          stream.in.finish(new MuxRpcException(MuxRpcError.CLOSED, "call failed"));
        }
        return;
      }
      if (answered.compareAndSet(false, true)) {
        synchronized (lock) {
          theirAsync.remove(request);
        }
        writeQuietly(new Packet(-request, false, true, errorBody(message)));
      }
    }

    @Override
    public StreamWriter out() {
      if (stream == null || stream.writer == null) {
        throw new IllegalStateException(method + " is a " + type.manifestName() + " call: nothing to send on");
      }
      return stream.writer;
    }

    @Override
    public StreamReader in() {
      if (stream == null || stream.in == null) {
        throw new IllegalStateException(method + " is a " + type.manifestName() + " call: nothing to read");
      }
      return stream.in;
    }
  }
}
