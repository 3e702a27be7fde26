package social.kith.ssb.peer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import social.kith.ssb.BlobId;
import social.kith.ssb.FeedId;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.MultiserverAddress;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.Call;
import social.kith.ssb.muxrpc.Duplex;
import social.kith.ssb.muxrpc.Handler;
import social.kith.ssb.muxrpc.MuxRpcException;
import social.kith.ssb.muxrpc.MuxRpcLimits;
import social.kith.ssb.muxrpc.MuxRpcSession;
import social.kith.ssb.muxrpc.Registry;
import social.kith.ssb.muxrpc.Type;
import social.kith.ssb.net.NetTimeouts;
import social.kith.ssb.net.SsbConnection;
import social.kith.ssb.net.SsbListener;
import social.kith.ssb.net.SsbTransport;
import social.kith.ssb.peer.internal.EbtSession;
import social.kith.ssb.peer.internal.PeerBlobs;
import social.kith.ssb.peer.internal.PeerFeeds;
import social.kith.ssb.peer.internal.PeerHistory;
import social.kith.ssb.peer.internal.ReplLegacy;
import social.kith.ssb.shs.NetworkKey;
import social.kith.ssb.store.SsbStore;

/**
 * A Secure Scuttlebutt peer: listens and dials over {@link SsbTransport}, serves its store and
 * blobs to other peers and replicates the feeds it wants from every connected peer, validating each
 * message before it is stored. The wanted feeds are its own, the ones given to
 * {@link Builder#follow} and those within {@link Builder#hops} of its identity in the stored follow
 * graph ({@link SsbStore#hops}), re-read as contact messages arrive. Replication resumes from the
 * stored sequences, so a restart loses nothing.
 *
 * <p>Served methods: {@code manifest}, {@code whoami}, {@code gossip.ping}, {@code createHistoryStream}
 * (checklist item 59, see {@link PeerLimits}), {@code blobs.has}, {@code blobs.get},
 * {@code blobs.createWants} (item 60), {@code ebt.replicate} in {@link ReplicationMode#EBT}, and
 * {@code publish} for clients holding this node's own key.
 *
 * <p>Each connection replicates by EBT when both sides offer it ({@link ReplicationMode}), else by one
 * live {@code createHistoryStream} per wanted feed; each such stream, served or pulled, holds one
 * thread, and muxrpc caps open calls per connection ({@link MuxRpcLimits#maxOpenStreams()}), so large
 * follow graphs want EBT. A refused message (invalid, or a fork) is reported to the {@link PeerListener}
 * and stops only that feed from that peer. {@link #keepConnected} redials a peer that went away.
 * {@link #useInvite} joins a pub by its invite code; {@link Builder#lan} finds peers on the local network.
 *
 * <pre>{@code
 * try (SsbPeer peer = SsbPeer.builder(keys, store, blobs).listen("0.0.0.0", 8008).follow(friend).build().start()) {
 *   peer.connect("net:example.org:8008~shs:...");
 *   peer.awaitSequence(friend, 10, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class SsbPeer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SsbPeer.class.getName());
  /** Entries kept in {@link #callLog()}. */
  public static final int CALL_LOG_SIZE = 10_000;
  /** How long {@link #close()} waits for replication tasks. */
  public static final int CLOSE_WAIT_SECONDS = 10;

  private final SsbKeyPair keys;
  private final SsbStore store;
  private final String host;
  private final int port;
  private final Set<FeedId> follows;
  private final int hops;
  private final ReplicationMode mode;
  private final boolean autoReplicate;
  private final PeerListener listener;
  private final PeerFeeds feeds;
  private final PeerHistory history;
  private final PeerBlobs blobService;
  private final ExecutorService executor;
  private final SsbTransport transport;
  private final ArrayDeque<String> calls = new ArrayDeque<>();
  private final Map<MuxRpcSession, EbtSession> ebtSessions = new ConcurrentHashMap<>();
  private final Object publishLock = new Object();
  private final Object closeSignal = new Object();
  private final Duration reconnectInterval;
  private final NetworkKey network;
  private final NetTimeouts timeouts;
  private final LanOptions lanOptions;
  private final Map<FeedId, Long> lanDialled = new ConcurrentHashMap<>();
  private volatile LanDiscovery lan;
  private volatile SsbListener serverSocket;
  private volatile boolean started;
  private volatile boolean closed;
  private volatile Set<FeedId> wantCache = Set.of();
  private volatile long wantCacheVersion = -1;

  private SsbPeer(Builder b) {
    this.keys = b.keys;
    this.store = b.store;
    this.host = b.host;
    this.port = b.port;
    this.follows = Set.copyOf(b.follows);
    this.hops = b.hops;
    this.mode = b.mode;
    this.autoReplicate = b.autoReplicate;
    this.reconnectInterval = b.reconnectInterval;
    this.network = b.network;
    this.timeouts = b.timeouts;
    this.lanOptions = b.lan;
    this.listener = b.listener;
    this.feeds = new PeerFeeds(store, listener);
    this.history = new PeerHistory(feeds, b.limits);
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "kith-ssb-peer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.blobService = new PeerBlobs(b.blobs, b.limits, () -> log("out:blobs.createWants"), executor,
        listener::blobStored);
    this.transport = SsbTransport.builder(keys).networkKey(b.network).limits(b.muxLimits).timeouts(b.timeouts)
        .registry(registry()).build();
  }

  /** A builder for a peer with these keys, serving and filling this store and blob store. */
  public static Builder builder(SsbKeyPair keys, SsbStore store, BlobStore blobs) {
    return new Builder(keys, store, blobs);
  }

  /** Configures an {@link SsbPeer}; setters refuse nonsense at once. Not thread-safe. */
  public static final class Builder {
    private final SsbKeyPair keys;
    private final SsbStore store;
    private final BlobStore blobs;
    private String host;
    private int port;
    private final Set<FeedId> follows = new LinkedHashSet<>();
    private int hops = 1;
    private ReplicationMode mode = ReplicationMode.EBT;
    private boolean autoReplicate = true;
    private PeerListener listener = PeerListener.NONE;
    private PeerLimits limits = PeerLimits.DEFAULT;
    private NetworkKey network = NetworkKey.mainNet();
    private MuxRpcLimits muxLimits = MuxRpcLimits.DEFAULT;
    private NetTimeouts timeouts = NetTimeouts.DEFAULT;
    private Duration reconnectInterval = Duration.ofSeconds(5);
    private LanOptions lan;

    private Builder(SsbKeyPair keys, SsbStore store, BlobStore blobs) {
      this.keys = Objects.requireNonNull(keys, "keys");
      this.store = Objects.requireNonNull(store, "store");
      this.blobs = Objects.requireNonNull(blobs, "blobs");
    }

    /** Accepts connections on {@code host:port} (port 0: any free port) once started; default: dial only. */
    public Builder listen(String host, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
      }
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /** Replicates these feeds whatever the follow graph says. */
    public Builder follow(FeedId... feeds) {
      for (FeedId f : feeds) {
        follows.add(Objects.requireNonNull(f, "feed"));
      }
      return this;
    }

    /** Replicates these feeds whatever the follow graph says. */
    public Builder follow(Collection<FeedId> feeds) {
      return follow(feeds.toArray(new FeedId[0]));
    }

    /** Follow-graph distance replicated (default 1: the feeds this identity follows; 0: only its own and {@link #follow}ed ones). */
    public Builder hops(int hops) {
      if (hops < 0 || hops > 6) {
        throw new IllegalArgumentException("hops must be in [0, 6], was " + hops);
      }
      this.hops = hops;
      return this;
    }

    /** Default {@link ReplicationMode#EBT}. */
    public Builder replication(ReplicationMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Whether each connection starts replicating at once (default true); false for one-shot {@link #replicateOnce} use. */
    public Builder autoReplicate(boolean on) {
      this.autoReplicate = on;
      return this;
    }

    public Builder listener(PeerListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public Builder limits(PeerLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The network key (default: main net). */
    public Builder networkKey(NetworkKey key) {
      this.network = Objects.requireNonNull(key, "key");
      return this;
    }

    public Builder muxRpcLimits(MuxRpcLimits limits) {
      this.muxLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    public Builder timeouts(NetTimeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
      return this;
    }

    /** How often {@link SsbPeer#keepConnected} retries a peer that is not connected (default 5 s). */
    public Builder reconnectInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("reconnect interval must be positive, was " + interval);
      }
      this.reconnectInterval = interval;
      return this;
    }

    /**
     * Local network discovery as ssb-local does it ({@link LanDiscovery}): announces this peer's address
     * (when listening) and, if {@link LanOptions#connect()}, dials the peers others announce. Default: off.
     */
    public Builder lan(LanOptions options) {
      this.lan = Objects.requireNonNull(options, "options");
      return this;
    }

    /** {@link #lan(LanOptions)} with {@link LanOptions#DEFAULT} (UDP 8008, 255.255.255.255), or off. */
    public Builder lan(boolean on) {
      this.lan = on ? LanOptions.DEFAULT : null;
      return this;
    }

    public SsbPeer build() {
      return new SsbPeer(this);
    }
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Starts listening (when configured). Idempotent.
   *
   * @throws social.kith.ssb.net.NetException when the port cannot be bound
   */
  public synchronized SsbPeer start() {
    requireOpen();
    if (!started) {
      started = true;
      if (host != null) {
        serverSocket = transport.listen(host, port, c -> onConnection(c, true));
      }
      if (lanOptions != null) {
        try {
          lan = LanDiscovery.start(keys.id(), this::lanAddress, lanOptions, this::discovered);
        } catch (RuntimeException e) {
          transport.close();
          throw e;
        }
      }
    }
    return this;
  }

  /**
   * Closes every connection and the listener, then waits (up to {@value #CLOSE_WAIT_SECONDS} s) for
   * replication tasks to finish, so the caller can close the stores afterwards. Threads are never
   * interrupted: an interrupt during a store write would close the store's file channel. The stores
   * stay open (they belong to the caller).
   */
  @Override
  public void close() {
    closed = true;
    synchronized (closeSignal) {
      closeSignal.notifyAll();
    }
    LanDiscovery l = lan;
    if (l != null) {
      l.close();
    }
    transport.close();
    feeds.changed();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "replication tasks still running after close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new PeerException(PeerError.NOT_RUNNING, "the peer is closed");
    }
  }

  /** Our identity. */
  public FeedId id() {
    return keys.id();
  }

  /** Where others reach us, {@code net:host:port~shs:key}, once listening. */
  public Optional<String> address() {
    SsbListener l = serverSocket;
    return l == null ? Optional.empty() : Optional.of(l.multiserverAddress());
  }

  /** The open connections. */
  public Set<SsbConnection> connections() {
    return transport.connections();
  }

  /**
   * Dials a peer and, unless {@link Builder#autoReplicate} is off, starts replicating with it.
   *
   * @throws social.kith.ssb.net.NetException when the address is unusable or the peer unreachable
   */
  public SsbConnection connect(String multiserverAddress) {
    requireOpen();
    SsbConnection c = transport.connect(multiserverAddress);
    onConnection(c, false);
    return c;
  }

  /**
   * Keeps a connection to this peer: dials it now and again every
   * {@linkplain Builder#reconnectInterval reconnect interval} while it is not connected (it went away,
   * or was not reachable), until this peer closes. Replication resumes from the stored sequences.
   *
   * @throws social.kith.ssb.net.NetException {@code UNSUPPORTED_ADDRESS} at once for an unusable address
   */
  public void keepConnected(String multiserverAddress) {
    requireOpen();
    FeedId key;
    try {
      key = MultiserverAddress.parse(multiserverAddress).shsKey().orElse(null);
    } catch (social.kith.ssb.SsbException e) {
      key = null;
    }
    if (key == null) {
      throw new social.kith.ssb.net.NetException(social.kith.ssb.net.NetError.UNSUPPORTED_ADDRESS,
          "no shs key in " + multiserverAddress);
    }
    FeedId remote = key;
    executor.execute(() -> {
      while (!closed) {
        boolean connected = transport.connections().stream().anyMatch(c -> c.peer().equals(remote) && !c.isClosed());
        if (!connected) {
          try {
            connect(multiserverAddress);
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot reach {0} yet: {1}", remote, e.getMessage());
          }
        }
        synchronized (closeSignal) {
          if (!closed) {
            try {
              closeSignal.wait(reconnectInterval.toMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }
      }
    });
  }

  /**
   * Uses a pub invite code ({@link Invites}): the pub follows us, we follow and announce it and keep it
   * connected. Waits up to {@link Invites#DEFAULT_ANSWER_TIMEOUT} for the pub's answer.
   *
   * @throws InvitesException for a bad code, an unreachable or refusing pub, or a wrong answer; then
   *     nothing was published
   */
  public Invites.Accepted useInvite(String inviteCode) {
    return useInvite(inviteCode, Invites.DEFAULT_ANSWER_TIMEOUT);
  }

  /** {@link #useInvite(String)} waiting up to {@code answerTimeout} for the pub's answer. */
  public Invites.Accepted useInvite(String inviteCode, Duration answerTimeout) {
    requireOpen();
    Objects.requireNonNull(answerTimeout, "answerTimeout");
    return Invites.use(this, network, timeouts, inviteCode, answerTimeout);
  }

  /** LAN discovery, when {@linkplain Builder#lan enabled} and started. */
  public Optional<LanDiscovery> lanDiscovery() {
    return Optional.ofNullable(lan);
  }

  /** What LAN discovery announces: our listening address, with a LAN address for a wildcard listener. */
  private Optional<String> lanAddress() {
    SsbListener l = serverSocket;
    if (l == null || closed) {
      return Optional.empty();
    }
    if (!LanDiscovery.isWildcard(host)) {
      return Optional.of(l.multiserverAddress());
    }
    try {
      for (java.net.NetworkInterface nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp() || nif.isLoopback()) {
          continue;
        }
        for (java.net.InetAddress a : java.util.Collections.list(nif.getInetAddresses())) {
          if (a instanceof java.net.Inet4Address && a.isSiteLocalAddress()) {
            return Optional.of(new MultiserverAddress.ShsAddress(a.getHostAddress(), l.port(), keys.id()).toMultiserver());
          }
        }
      }
    } catch (java.net.SocketException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot list network interfaces: {0}", e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * A peer announced on the LAN: dial it unless connected, at most once per
   * {@linkplain Builder#reconnectInterval reconnect interval} (announcements come every second).
   */
  private void discovered(LanAnnouncement a) {
    FeedId remote = a.peer().key();
    if (!lanOptions.connect() || closed
        || transport.connections().stream().anyMatch(c -> c.peer().equals(remote) && !c.isClosed())) {
      return;
    }
    long now = System.nanoTime();
    Long last = lanDialled.get(remote);
    if (last != null && now - last < reconnectInterval.toNanos()) {
      return;
    }
    if (lanDialled.size() >= LanDiscovery.MAX_PEERS) {
      lanDialled.values().removeIf(t -> now - t >= reconnectInterval.toNanos());
    }
    lanDialled.put(remote, now);
    try {
      executor.execute(() -> {
        try {
          connect(a.peer().toMultiserver());
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.DEBUG, "cannot reach LAN peer {0}: {1}", remote, e.getMessage());
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing: LAN peer {0} not dialled", remote);
    }
  }

  /** {@link #connect(String)} for a parsed address. */
  public SsbConnection connect(MultiserverAddress address) {
    return connect(address.toString());
  }

  // ------------------------------------------------------------------ local API

  /**
   * Signs {@code content} as the next message of our feed, stores it and offers it to every
   * connected peer that wants it.
   *
   * @throws social.kith.ssb.SsbException {@code INVALID_MESSAGE} for content that cannot be published
   */
  public SsbMessage publish(JsonValue content) {
    synchronized (publishLock) {
      FeedPublisher.Builder b = FeedPublisher.builder().signer(keys.signer());
      store.feedState(keys.id()).ifPresent(b::state);
      store.options().validator().hmacKey().ifPresent(b::hmacKey);
      SsbMessage m = b.build().publish(content);
      store.append(m);
      feeds.changed();
      return m;
    }
  }

  /** Tells waiting streams that the store changed (call it after appending to the store yourself). */
  public void storeChanged() {
    feeds.changed();
  }

  /** The feeds replicated now: ours, the followed ones and the follow graph within the hops. */
  public Set<FeedId> wantedFeeds() {
    long v = feeds.version();
    if (v != wantCacheVersion) {
      Set<FeedId> w = new LinkedHashSet<>();
      w.add(keys.id());
      w.addAll(follows);
      if (hops > 0) {
        w.addAll(store.hops(keys.id(), hops).keySet());
      }
      wantCache = Set.copyOf(w);
      wantCacheVersion = v;
    }
    return wantCache;
  }

  /** Waits until {@code feed} is stored up to {@code sequence}; false if it was not within {@code timeout}. */
  public boolean awaitSequence(FeedId feed, long sequence, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen = feeds.version();
      if (feeds.latest(feed) >= sequence) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      feeds.awaitChange(seen, Duration.ofNanos(Math.min(left, 200_000_000L)));
    }
  }

  /** Asks connected peers for a blob; completes when it is stored, hash checked. */
  public CompletableFuture<BlobId> wantBlob(BlobId id) {
    return blobService.want(id);
  }

  /**
   * Method calls seen by this peer, oldest first, as {@code "in:<method>"} (served) and
   * {@code "out:<method>"} (called on others), at most {@value #CALL_LOG_SIZE}.
   */
  public List<String> callLog() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  private void log(String entry) {
    synchronized (calls) {
      if (calls.size() == CALL_LOG_SIZE) {
        calls.removeFirst();
      }
      calls.addLast(entry);
    }
  }

  /** Open {@code createHistoryStream} calls from {@code peer}. */
  public int openHistoryStreams(FeedId peer) {
    return history.openStreams(peer);
  }

  /**
   * Connects to {@code address}, fetches the given feeds (all {@linkplain #wantedFeeds wanted} ones
   * when empty, repeated while the follow graph grows) with non-live history streams until each
   * stream ends, then closes the connection.
   *
   * @return the latest stored sequence of each feed
   * @throws PeerException {@link PeerError#TIMEOUT} when not done in time
   * @throws social.kith.ssb.net.NetException when the peer cannot be reached
   */
  public Map<FeedId, Long> replicateOnce(String address, Collection<FeedId> feeds, Duration timeout) {
    requireOpen();
    long deadline = System.nanoTime() + timeout.toNanos();
    SsbConnection c = transport.connect(address);
    try {
      Set<FeedId> done = new LinkedHashSet<>();
      while (true) {
        Set<FeedId> todo = new LinkedHashSet<>(feeds.isEmpty() ? wantedFeeds() : Set.copyOf(feeds));
        todo.removeAll(done);
        if (todo.isEmpty()) {
          break;
        }
        List<Future<Boolean>> pulls = new ArrayList<>();
        for (FeedId f : todo) {
          pulls.add(executor.submit(() -> ReplLegacy.pull(c.rpc(), this.feeds, c.peer(), f, false, this::log)));
        }
        for (Future<Boolean> p : pulls) {
          long left = deadline - System.nanoTime();
          try {
            p.get(Math.max(1, left), TimeUnit.NANOSECONDS);
          } catch (TimeoutException e) {
            throw new PeerException(PeerError.TIMEOUT, "replication did not finish within " + timeout);
          } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.INFO, "a history stream failed: {0}", e.getCause().getMessage());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(PeerError.TIMEOUT, "interrupted");
          }
        }
        done.addAll(todo);
        if (c.isClosed()) {
          break;
        }
      }
      Map<FeedId, Long> result = new LinkedHashMap<>();
      for (FeedId f : done) {
        result.put(f, this.feeds.latest(f));
      }
      return result;
    } finally {
      c.close();
    }
  }

  // ------------------------------------------------------------------ serving

  private Registry registry() {
    Registry r = new Registry();
    r.register("manifest", Type.SYNC, logged(call -> call.respond(Body.json(call.session().manifest()))));
    r.register("whoami", Type.ASYNC, logged(call -> call.respond(Body.json(
        JsonObject.builder().put("id", keys.id().toString()).build()))));
    r.register("gossip.ping", Type.DUPLEX, logged(this::ping));
    r.register("createHistoryStream", Type.SOURCE, logged(history::handle));
    r.register("blobs.has", Type.ASYNC, logged(blobService::has));
    r.register("blobs.get", Type.SOURCE, logged(blobService::get));
    r.register("blobs.createWants", Type.SOURCE, logged(blobService::createWants));
    r.register("publish", Type.ASYNC, logged(this::publishCall));
    if (mode == ReplicationMode.EBT) {
      r.register("ebt.replicate", Type.DUPLEX, logged(this::ebtCall));
    }
    return r;
  }

  private Handler logged(Handler h) {
    return call -> {
      log("in:" + call.method());
      h.handle(call);
    };
  }

  /**
   * {@code gossip.ping}: the answering side of pull-ping (ssb-gossip): each timestamp the caller
   * serves is volleyed back with our clock in milliseconds. We never serve, so there is no ping-pong loop.
   */
  private void ping(Call call) {
    try {
      while (call.in().next(Duration.ofMinutes(10)).isPresent()) {
        call.out().send(Body.json(new JsonNumber(System.currentTimeMillis())));
      }
    } catch (MuxRpcException e) {
      LOG.log(System.Logger.Level.DEBUG, "ping ended: {0}", e.getMessage());
    }
    call.out().end();
  }

  private void publishCall(Call call) {
    if (!call.session().peer().map(keys.id()::equals).orElse(false)) {
      throw new PeerException(PeerError.NOT_ALLOWED, "publish is only for this node's own key");
    }
    if (call.args().isEmpty()) {
      throw new PeerException(PeerError.INVALID_ARGUMENT, "publish needs content");
    }
    SsbMessage m = publish(call.args().get(0));
    call.respond(Body.json(JsonObject.builder().put("key", m.id().toString()).put("value", m.value())
        .put("timestamp", (double) System.currentTimeMillis()).build()));
  }

  private void ebtCall(Call call) {
    if (call.args().isEmpty() || !(call.args().get(0) instanceof JsonObject o)
        || !(o.get("version").orElse(null) instanceof JsonNumber v) || v.value() != 3) {
      throw new PeerException(PeerError.INVALID_ARGUMENT, "expected ebt.replicate({version: 3})");
    }
    FeedId peer = call.session().peer().orElseThrow(
        () -> new PeerException(PeerError.NOT_ALLOWED, "ebt needs an authenticated peer"));
    EbtSession s = new EbtSession(feeds, this::wantedFeeds, call.in(), call.out(), false, peer);
    ebtSessions.put(call.session(), s);
    try {
      s.run(executor);
    } finally {
      ebtSessions.remove(call.session(), s);
    }
  }

  // ------------------------------------------------------------------ replicating

  private void onConnection(SsbConnection c, boolean incoming) {
    listener.connected(c.peer(), incoming);
    c.onClose(reason -> {
      listener.disconnected(c.peer());
      feeds.changed();
    });
    if (autoReplicate && !closed) {
      try {
        executor.execute(() -> replicate(c, incoming));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        c.close();
      }
    }
  }

  private void replicate(SsbConnection c, boolean incoming) {
    JsonObject manifest;
    try {
      log("out:manifest");
      manifest = (JsonObject) c.rpc().sync("manifest").get(15, TimeUnit.SECONDS).requireJson();
    } catch (ExecutionException | TimeoutException | ClassCastException | MuxRpcException e) {
      LOG.log(System.Logger.Level.INFO, "no manifest from {0}: {1}", c.peer(), e.getMessage());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (offers(manifest, "blobs", "createWants")) {
      executor.execute(() -> blobService.follow(c.rpc(), c.peer()));
    }
    if (mode == ReplicationMode.EBT && offers(manifest, "ebt", "replicate")) {
      if (!incoming) {
        log("out:ebt.replicate");
        Duplex d = c.rpc().duplex("ebt.replicate",
            JsonObject.builder().put("version", 3).put("format", "classic").build());
        EbtSession s = new EbtSession(feeds, this::wantedFeeds, d.in(), d.out(), true, c.peer());
        s.run(executor);
        return;
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < deadline && !c.isClosed()) {
        if (ebtSessions.containsKey(c.rpc())) {
          return; // the dialer opened EBT
        }
        long seen = feeds.version();
        feeds.awaitChange(seen, Duration.ofMillis(100));
      }
    }
    if (offers(manifest, "createHistoryStream")) {
      new ReplLegacy(feeds, this::wantedFeeds, c.rpc(), c.peer(), executor, this::log).run();
    }
  }

  private static boolean offers(JsonObject manifest, String... path) {
    JsonValue v = manifest;
    for (String p : path) {
      if (!(v instanceof JsonObject o)) {
        return false;
      }
      v = o.get(p).orElse(null);
    }
    return v != null && !(v instanceof JsonObject);
  }

  @Override
  public String toString() {
    return "SsbPeer[" + keys.id() + (closed ? ", closed" : "") + "]";
  }
}
