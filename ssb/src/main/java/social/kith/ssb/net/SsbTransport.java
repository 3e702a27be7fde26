package social.kith.ssb.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.ssb.FeedId;
import social.kith.ssb.MultiserverAddress;
import social.kith.ssb.SsbException;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.muxrpc.MuxRpcLimits;
import social.kith.ssb.muxrpc.Registry;
import social.kith.ssb.shs.HandshakeException;
import social.kith.ssb.shs.NetworkKey;
import social.kith.ssb.shs.SecretHandshake;
import social.kith.ssb.shs.SessionKeys;
import social.kith.ssb.shs.ShsClient;
import social.kith.ssb.shs.ShsServer;

/**
 * Secure Scuttlebutt over TCP: dials and accepts {@code net:host:port~shs:<key>} addresses, runs
 * the secret handshake, then box-stream and muxrpc. This is the only SSB code that touches
 * sockets; the protocol engines it drives have no I/O. Each connection uses a reader and a writer
 * task on the connection executor; handlers run on the handler executor (both injectable).
 * TCP_NODELAY is set and each box-stream header goes out in the same write as its body.
 *
 * <pre>{@code
 * try (SsbTransport t = SsbTransport.builder(keys).registry(registry).build()) {
 *   SsbConnection c = t.connect("net:127.0.0.1:8008~shs:...");
 *   Body manifest = c.rpc().sync("manifest").get(10, SECONDS);
 * }
 * }</pre>
 */
public final class SsbTransport implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SsbTransport.class.getName());

  private final SsbKeyPair keys;
  private final Ed25519PrivateKey signingKey;
  private final NetworkKey network;
  private final Registry registry;
  private final MuxRpcLimits limits;
  private final NetTimeouts timeouts;
  private final ExecutorService ownedExecutor;
  private final Executor executor;
  private final Executor handlerExecutor;
  private final Predicate<FeedId> authorizer;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Set<SsbConnection> connections = ConcurrentHashMap.newKeySet();
  private final Set<SsbListener> listeners = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private SsbTransport(Builder b) {
    this.keys = b.keys;
    this.signingKey = Ed25519.fromSodiumSecretKey(b.keys.secretKey());
    this.network = b.network;
    this.registry = b.registry;
    this.limits = b.limits;
    this.timeouts = b.timeouts;
    if (b.executor == null) {
      AtomicInteger n = new AtomicInteger();
      this.ownedExecutor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kith-ssb-net-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      this.executor = ownedExecutor;
    } else {
      this.ownedExecutor = null;
      this.executor = b.executor;
    }
    this.handlerExecutor = b.handlerExecutor == null ? executor : b.handlerExecutor;
    this.authorizer = b.authorizer;
  }

  /** A builder for a node with these long-term keys. */
  public static Builder builder(SsbKeyPair keys) {
    return new Builder(keys);
  }

  /** Builds a transport. Defaults: main network, an empty registry (only {@code manifest}), default limits and timeouts. */
  public static final class Builder {
    private final SsbKeyPair keys;
    private NetworkKey network = NetworkKey.mainNet();
    private Registry registry = new Registry();
    private MuxRpcLimits limits = MuxRpcLimits.DEFAULT;
    private NetTimeouts timeouts = NetTimeouts.DEFAULT;
    private Executor executor;
    private Executor handlerExecutor;
    private Predicate<FeedId> authorizer = id -> true;

    private Builder(SsbKeyPair keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The network key (default: main net). */
    public Builder networkKey(NetworkKey key) {
      this.network = Objects.requireNonNull(key, "key");
      return this;
    }

    /** What this node serves to every peer. */
    public Builder registry(Registry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    public Builder limits(MuxRpcLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    public Builder timeouts(NetTimeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
      return this;
    }

    /**
     * Runs the blocking socket loops (two tasks per connection, one per listener, one per
     * incoming handshake), so it must not be bounded below that. Default: a cached pool of daemon
     * threads, shut down with the transport; a given executor is not shut down.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Runs muxrpc handlers (default: the connection executor). */
    public Builder handlerExecutor(Executor executor) {
      this.handlerExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Which clients may complete a handshake with our listeners (default: everyone). */
    public Builder authorizer(Predicate<FeedId> authorizer) {
      this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
      return this;
    }

    public SsbTransport build() {
      return new SsbTransport(this);
    }
  }

  /** Our identity. */
  public FeedId id() {
    return keys.id();
  }

  /**
   * Dials a {@code net:host:port~shs:key} address (the first such in a multi-address) and completes
   * the handshake, blocking for at most the connect plus handshake timeouts.
   *
   * @throws NetException {@code UNSUPPORTED_ADDRESS}, {@code CONNECT_FAILED}, {@code CONNECT_TIMEOUT},
   *     {@code HANDSHAKE_TIMEOUT}, {@code HANDSHAKE_CLOSED} (the server refused us silently)
   * @throws HandshakeException when the server's answer is refused (wrong network, wrong key)
   */
  public SsbConnection connect(String multiserverAddress) {
    MultiserverAddress.ShsAddress a = netAddress(multiserverAddress);
    return connect(new InetSocketAddress(a.host(), a.port()), a.key());
  }

  /** Dials {@code address} expecting the peer {@code server}. */
  public SsbConnection connect(InetSocketAddress address, FeedId server) {
    requireOpen();
    Socket socket = new Socket();
    sockets.add(socket);
    try {
      socket.setTcpNoDelay(true);
      try {
        socket.connect(address, (int) timeouts.connect().toMillis());
      } catch (SocketTimeoutException e) {
        throw new NetException(NetError.CONNECT_TIMEOUT, "connecting to " + address + " timed out", e);
      } catch (IOException e) {
        throw new NetException(NetError.CONNECT_FAILED, "cannot connect to " + address + ": " + e.getMessage(), e);
      }
      SessionKeys session = handshake(socket, ShsClient.create(network, signingKey, server));
      return start(socket, session);
    } catch (RuntimeException e) {
      closeQuietly(socket);
      throw e;
    } catch (IOException e) {
      closeQuietly(socket);
      throw new NetException(NetError.CONNECT_FAILED, "socket setup failed: " + e.getMessage(), e);
    }
  }

  static MultiserverAddress.ShsAddress netAddress(String text) {
    MultiserverAddress parsed;
    try {
      parsed = MultiserverAddress.parse(text);
    } catch (SsbException e) {
      throw new NetException(NetError.UNSUPPORTED_ADDRESS, e.getMessage(), e);
    }
    for (MultiserverAddress.Address a : parsed.addresses()) {
      if (a.protocols().size() >= 2 && a.protocols().get(0).name().equals("net")
          && a.protocols().get(1).name().equals("shs")) {
        Optional<MultiserverAddress.ShsAddress> shs = new MultiserverAddress(java.util.List.of(a)).shs();
        if (shs.isPresent() && shs.get().port() > 0 && shs.get().port() < 65536) {
          return shs.get();
        }
      }
    }
    throw new NetException(NetError.UNSUPPORTED_ADDRESS, "no usable net:host:port~shs:key address in " + text);
  }

  /**
   * Listens on {@code host:port} (port 0 picks a free one); each peer that completes the handshake
   * is passed to {@code onConnection} (on a connection thread). Failed handshakes are closed
   * without a word to the peer.
   */
  public SsbListener listen(String host, int port, Consumer<SsbConnection> onConnection) {
    requireOpen();
    Objects.requireNonNull(onConnection, "onConnection");
    ServerSocket server;
    try {
      server = new ServerSocket();
      server.setReuseAddress(true); // rebind a port whose old connections are still in TIME_WAIT
      server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 128);
    } catch (IOException e) {
      throw new NetException(NetError.CONNECT_FAILED, "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    SsbListener listener = new SsbListener(this, server, host);
    listeners.add(listener);
    executor.execute(() -> acceptLoop(listener, onConnection));
    return listener;
  }

  private void acceptLoop(SsbListener listener, Consumer<SsbConnection> onConnection) {
    while (!listener.isClosed()) {
      Socket socket;
      try {
        socket = listener.serverSocket().accept();
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.log(System.Logger.Level.WARNING, "accept failed: {0}", e.getMessage());
          listener.close();
        }
        return;
      }
      sockets.add(socket);
      try {
        executor.execute(() -> accepted(socket, onConnection));
      } catch (RuntimeException e) {
        closeQuietly(socket);
      }
    }
  }

  private void accepted(Socket socket, Consumer<SsbConnection> onConnection) {
    SsbConnection c;
    try {
      socket.setTcpNoDelay(true);
      SessionKeys session = handshake(socket, ShsServer.create(network, signingKey, authorizer));
      c = start(socket, session);
    } catch (RuntimeException | IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "incoming handshake from {0} refused: {1}",
          socket.getRemoteSocketAddress(), e.getMessage());
      closeQuietly(socket);
      return;
    }
    try {
      onConnection.accept(c);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "connection listener failed", e);
    }
  }

  /** Runs the handshake with one overall deadline; a failure sends nothing more and leaves closing to the caller. */
  private SessionKeys handshake(Socket socket, SecretHandshake hs) throws IOException {
    long deadline = System.nanoTime() + timeouts.handshake().toNanos();
    InputStream in = socket.getInputStream();
    byte[] first = hs.start();
    if (first.length > 0) {
      socket.getOutputStream().write(first);
    }
    while (!hs.isComplete()) {
      byte[] msg = new byte[hs.bytesExpected()];
      int filled = 0;
      while (filled < msg.length) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new NetException(NetError.HANDSHAKE_TIMEOUT, "the handshake did not finish within " + timeouts.handshake());
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        int n;
        try {
          n = in.read(msg, filled, msg.length - filled);
        } catch (SocketTimeoutException e) {
          throw new NetException(NetError.HANDSHAKE_TIMEOUT, "the handshake did not finish within " + timeouts.handshake(), e);
        }
        if (n < 0) {
          throw new NetException(NetError.HANDSHAKE_CLOSED,
              "the peer closed the connection during the handshake (another network, an unexpected key, or not authorized)",
              new EOFException());
        }
        filled += n;
      }
      byte[] reply = hs.receive(msg);
      if (reply.length > 0) {
        socket.getOutputStream().write(reply);
      }
    }
    return hs.sessionKeys();
  }

  private SsbConnection start(Socket socket, SessionKeys session) throws IOException {
    SsbConnection c = new SsbConnection(this, socket, session, registry, limits, timeouts, handlerExecutor);
    connections.add(c);
    if (closed) {
      c.close();
      throw new NetException(NetError.CLOSED, "the transport is closed");
    }
    c.startLoops(executor);
    return c;
  }

  void released(SsbConnection c, Socket socket) {
    connections.remove(c);
    closeQuietly(socket);
  }

  void released(SsbListener l) {
    listeners.remove(l);
  }

  void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing a socket: {0}", e.getMessage());
    }
    sockets.remove(socket);
  }

  /** Sockets not yet closed: connecting, in a handshake or connected. For leak checks. */
  public int openSockets() {
    return sockets.size();
  }

  /** Connections that completed the handshake and are not closed. */
  public Set<SsbConnection> connections() {
    return Set.copyOf(connections);
  }

  FeedId localId() {
    return keys.id();
  }

  private void requireOpen() {
    if (closed) {
      throw new NetException(NetError.CLOSED, "the transport is closed");
    }
  }

  /** Closes every listener and connection (each sends its goodbye), then the executor it owns. */
  @Override
  public void close() {
    closed = true;
    listeners.forEach(SsbListener::close);
    connections.forEach(SsbConnection::close);
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }

  @Override
  public String toString() {
    return "SsbTransport[" + keys.id() + ", " + network + "]";
  }
}
