package social.kith.ssb.peer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import social.kith.ssb.FeedId;
import social.kith.ssb.net.NetError;
import social.kith.ssb.net.NetException;

/**
 * Local network discovery compatible with ssb-local: announces our multiserver address in a UDP
 * broadcast every {@link LanOptions#interval()} and reports every announcement of another peer (the
 * listener decides whether to dial again); {@link #peers()} holds those heard within
 * {@link #FORGET_AFTER} (ssb-local forgets peers after 10 s too). Announcements are unsigned, as in ssb-local: the
 * secret handshake with the announced key is what authenticates a discovered peer.
 *
 * <p>Limits: datagrams over {@link LanAnnouncement#MAX_BYTES} and ones that are not a
 * {@code net:host:port~shs:key} address are refused and counted ({@link #refused()}); at most
 * {@link #MAX_PEERS} peers are remembered (further new ones are ignored until others are forgotten).
 * Our own announcements, which come back to us, are ignored.
 */
public final class LanDiscovery implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LanDiscovery.class.getName());
  /** Peers remembered at once. */
  public static final int MAX_PEERS = 256;
  /** A peer not heard for this long is forgotten and reported again when it comes back. */
  public static final Duration FORGET_AFTER = Duration.ofSeconds(10);

  private record Seen(LanAnnouncement announcement, long atNanos) { }

  private final FeedId self;
  private final Supplier<Optional<String>> ownAddress;
  private final LanOptions options;
  private final Consumer<LanAnnouncement> onPeer;
  private final DatagramSocket socket;
  private final Map<FeedId, Seen> peers = new LinkedHashMap<>();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final Object closeSignal = new Object();
  private volatile boolean closed;

  private LanDiscovery(FeedId self, Supplier<Optional<String>> ownAddress, LanOptions options,
      Consumer<LanAnnouncement> onPeer, DatagramSocket socket) {
    this.self = self;
    this.ownAddress = ownAddress;
    this.options = options;
    this.onPeer = onPeer;
    this.socket = socket;
  }

  /**
   * Binds the UDP port (shared with other listeners of it) and starts announcing and listening on two
   * daemon threads.
   *
   * @param self our identity; announcements of it are ignored
   * @param ownAddress what to announce, read before each broadcast; empty: announce nothing (only listen)
   * @param onPeer told about each announcement of another peer, on the listening thread (keep it short)
   * @throws NetException {@link NetError#IO_FAILURE} when the port cannot be bound
   */
  public static LanDiscovery start(FeedId self, Supplier<Optional<String>> ownAddress, LanOptions options,
      Consumer<LanAnnouncement> onPeer) {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(ownAddress, "ownAddress");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(onPeer, "onPeer");
    DatagramSocket s;
    try {
      s = new DatagramSocket(null);
      s.setReuseAddress(true); // several nodes (and ssb-local) share the announcement port
      s.setBroadcast(true);
      s.bind(new InetSocketAddress(options.bind(), options.port()));
    } catch (IOException e) {
      throw new NetException(NetError.IO_FAILURE, "cannot bind UDP " + options.bind().getHostAddress() + ":"
          + options.port() + ": " + e.getMessage(), e);
    }
    LanDiscovery d = new LanDiscovery(self, ownAddress, options, onPeer, s);
    Thread listen = new Thread(d::receiveLoop, "kith-ssb-lan-listen");
    listen.setDaemon(true);
    listen.start();
    Thread announce = new Thread(d::announceLoop, "kith-ssb-lan-announce");
    announce.setDaemon(true);
    announce.start();
    return d;
  }

  private void receiveLoop() {
    byte[] buffer = new byte[LanAnnouncement.MAX_BYTES + 1]; // one more: a longer datagram shows as too large
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(p);
      } catch (IOException e) {
        if (!closed) {
          LOG.log(System.Logger.Level.WARNING, "LAN discovery stopped: {0}", e.getMessage());
        }
        return;
      }
      received.incrementAndGet();
      handle(p.getData(), p.getOffset(), p.getLength());
    }
  }

  /** Handles one datagram payload; package-private for tests that bypass the socket. */
  void handle(byte[] data, int offset, int length) {
    LanAnnouncement a;
    try {
      a = LanAnnouncement.parse(data, offset, length);
    } catch (LanException e) {
      refused.incrementAndGet();
      LOG.log(System.Logger.Level.DEBUG, "refused a LAN datagram: {0}", e.code());
      return;
    }
    FeedId key = a.peer().key();
    if (key.equals(self)) {
      return;
    }
    long now = System.nanoTime();
    synchronized (peers) {
      if (!peers.containsKey(key) && peers.size() >= MAX_PEERS) {
        forgetOld(now);
        if (peers.size() >= MAX_PEERS) {
          return;
        }
      }
      peers.put(key, new Seen(a, now));
    }
    try {
      onPeer.accept(a);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a LAN peer listener failed", e);
    }
  }

  private void forgetOld(long now) {
    for (Iterator<Seen> it = peers.values().iterator(); it.hasNext(); ) {
      if (now - it.next().atNanos() > FORGET_AFTER.toNanos()) {
        it.remove();
      }
    }
  }

  private void announceLoop() {
    while (!closed) {
      Optional<String> address = ownAddress.get();
      if (address.isPresent()) {
        try {
          byte[] payload = LanAnnouncement.payload(address.get());
          socket.send(new DatagramPacket(payload, payload.length, options.broadcast(), options.port()));
          sent.incrementAndGet();
        } catch (IOException | IllegalArgumentException e) {
          if (closed) {
            return;
          }
          LOG.log(System.Logger.Level.DEBUG, "cannot announce on the LAN: {0}", e.getMessage());
        }
      }
      synchronized (closeSignal) {
        if (!closed) {
          try {
            closeSignal.wait(options.interval().toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  /** The peers heard within {@link #FORGET_AFTER}, by key. */
  public Map<FeedId, LanAnnouncement> peers() {
    long now = System.nanoTime();
    Map<FeedId, LanAnnouncement> out = new LinkedHashMap<>();
    synchronized (peers) {
      peers.forEach((k, s) -> {
        if (now - s.atNanos() <= FORGET_AFTER.toNanos()) {
          out.put(k, s.announcement());
        }
      });
    }
    return Map.copyOf(out);
  }

  /** Datagrams received (ours included). */
  public long received() {
    return received.get();
  }

  /** Datagrams refused as malformed, too large or without an shs address. */
  public long refused() {
    return refused.get();
  }

  /** Announcements of our own address sent. */
  public long sent() {
    return sent.get();
  }

  /** The UDP port listened on. */
  public int port() {
    return socket.getLocalPort();
  }

  /** Stops announcing and listening. Idempotent. */
  @Override
  public void close() {
    closed = true;
    synchronized (closeSignal) {
      closeSignal.notifyAll();
    }
    socket.close();
  }

  @Override
  public String toString() {
    return "LanDiscovery[" + options.broadcast().getHostAddress() + ":" + options.port() + (closed ? ", closed" : "") + "]";
  }

  static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }
}
