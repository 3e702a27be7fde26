package social.kith.ssb.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import social.kith.core.feed.Cursor;
import social.kith.core.feed.FeedPage;
import social.kith.ssb.BlobId;
import social.kith.ssb.FeedId;
import social.kith.ssb.adapter.SsbNetwork;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.shs.NetworkKey;
import social.kith.ssb.store.Order;
import social.kith.ssb.store.PageRequest;
import social.kith.ssb.store.RejectedMessageException;
import social.kith.ssb.store.StoredMessage;

/**
 * The live network of an {@link social.kith.ssb.adapter.SsbAdapter}: an {@link SsbPeer} on the
 * adapter's keys, store and blob store that listens, dials the peers it is told to keep connected,
 * replicates the adapter identity's follow graph and serves the adapter's feeds. What it stores from
 * peers reaches the adapter (and so core's feeds and events); what the adapter publishes is pushed
 * to live streams at once, and a published follow widens replication straight away.
 *
 * <pre>{@code
 * PeerNetwork net = PeerNetwork.builder().listen("0.0.0.0", 8008).connect("net:pub.example:8008~shs:...").build();
 * try (SsbAdapter node = SsbAdapter.open(dataDir, net);
 *     Kith kith = Kith.builder().adapter(node).identity(node.localIdentity()).build()) {
 *   System.out.println(net.address().orElseThrow());
 * }
 * }</pre>
 *
 * <p>One instance serves one adapter once. Without a blob store in the adapter, the network keeps
 * blobs in {@link Builder#blobs} if given, else it refuses to start. Thread-safe.
 */
public final class PeerNetwork implements SsbNetwork {
  private static final System.Logger LOG = System.getLogger(PeerNetwork.class.getName());

  private final String host;
  private final int port;
  private final int hops;
  private final ReplicationMode mode;
  private final List<String> dial;
  private final NetworkKey networkKey;
  private final PeerListener listener;
  private final BlobStore fallbackBlobs;
  private final LanOptions lan;
  private final AtomicLong replicated = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong blobsReceived = new AtomicLong();
  private final Object lifecycle = new Object();
  private volatile SsbPeer peer;
  private volatile Context context;
  private volatile boolean closed;

  private PeerNetwork(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.hops = b.hops;
    this.mode = b.mode;
    this.dial = List.copyOf(b.dial);
    this.networkKey = b.networkKey;
    this.listener = b.listener;
    this.fallbackBlobs = b.blobs;
    this.lan = b.lan;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link PeerNetwork}; setters refuse nonsense at once. Not thread-safe. */
  public static final class Builder {
    private String host;
    private int port;
    private int hops = 1;
    private ReplicationMode mode = ReplicationMode.EBT;
    private final List<String> dial = new ArrayList<>();
    private NetworkKey networkKey = NetworkKey.mainNet();
    private PeerListener listener = PeerListener.NONE;
    private BlobStore blobs;
    private LanOptions lan;

    private Builder() { }

    /** LAN discovery with ssb-local's defaults (UDP 8008, 255.255.255.255), dialling discovered peers; default off. */
    public Builder lan(boolean on) {
      this.lan = on ? LanOptions.DEFAULT : null;
      return this;
    }

    /** LAN discovery with these options ({@link SsbPeer.Builder#lan(LanOptions)}). */
    public Builder lan(LanOptions options) {
      this.lan = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Accepts connections on {@code host:port} (port 0: any free port); default: dial only. */
    public Builder listen(String host, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
      }
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /** Follow-graph distance replicated, in [0, 6] (default 1: the feeds the node follows). */
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

    /**
     * A peer to dial once started and to redial while it is not connected; may be repeated.
     *
     * @throws IllegalArgumentException for an address without a {@code net:} part and an {@code shs:} key
     */
    public Builder connect(String multiserverAddress) {
      dial.add(checkAddress(multiserverAddress));
      return this;
    }

    /** The network key (default: main net). */
    public Builder networkKey(NetworkKey key) {
      this.networkKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /** Told what replication does, besides {@link PeerNetwork#stats()}; default {@link PeerListener#NONE}. */
    public Builder listener(PeerListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Where blobs go when the adapter has no blob store (an adapter's own blob store wins). */
    public Builder blobs(BlobStore blobs) {
      this.blobs = Objects.requireNonNull(blobs, "blobs");
      return this;
    }

    public PeerNetwork build() {
      return new PeerNetwork(this);
    }
  }

  private static String checkAddress(String address) {
    Objects.requireNonNull(address, "multiserverAddress");
    try {
      social.kith.ssb.MultiserverAddress a = social.kith.ssb.MultiserverAddress.parse(address);
      if (a.shsKey().isEmpty()) {
        throw new IllegalArgumentException("no shs: key in the multiserver address " + preview(address));
      }
    } catch (social.kith.ssb.SsbException e) {
      throw new IllegalArgumentException("not a multiserver address: " + preview(address), e);
    }
    return address;
  }

  private static String preview(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "...";
  }

  /**
   * What replication did since {@link #start}.
   *
   * @param messagesReplicated messages received from peers, validated (signature checked) and stored
   * @param messagesRejected messages received from peers and refused (invalid, or a fork)
   * @param blobsReceived blobs fetched from peers and stored, hash checked
   * @param connections connections open now
   */
  public record PeerStats(long messagesReplicated, long messagesRejected, long blobsReceived, int connections) { }

  // ------------------------------------------------------------------ SsbNetwork

  @Override
  public void start(Context context) {
    Objects.requireNonNull(context, "context");
    synchronized (lifecycle) {
      if (closed) {
        throw new PeerException(PeerError.NOT_RUNNING, "the peer network is closed");
      }
      if (this.context != null) {
        throw new IllegalStateException("the peer network was already started");
      }
      BlobStore blobs = context.blobs().or(() -> Optional.ofNullable(fallbackBlobs)).orElseThrow(
          () -> new IllegalStateException("a peer network needs a blob store: give the adapter one, or PeerNetwork.Builder#blobs"));
      SsbPeer.Builder b = SsbPeer.builder(context.keys(), context.store(), blobs).hops(hops).replication(mode)
          .networkKey(networkKey).listener(new Reporting(context));
      if (host != null) {
        b.listen(host, port);
      }
      if (lan != null) {
        b.lan(lan);
      }
      SsbPeer p = b.build();
      try {
        p.start();
        for (String address : dial) {
          p.keepConnected(address);
        }
      } catch (RuntimeException e) {
        p.close();
        throw e;
      }
      this.context = context;
      this.peer = p;
    }
  }

  /**
   * Wakes the live streams, which push the message to peers that want it; a contact message also
   * makes the next look at the wanted feeds re-read the follow graph.
   */
  @Override
  public void published(StoredMessage message) {
    Objects.requireNonNull(message, "message");
    SsbPeer p = peer;
    if (p != null && !closed) {
      p.storeChanged();
    }
  }

  /** Closes the peer (its connections and listener) and waits for its replication tasks. Idempotent. */
  @Override
  public void close() {
    SsbPeer p;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      p = peer;
    }
    if (p != null) {
      p.close();
    }
  }

  // ------------------------------------------------------------------ API

  /** Where others reach this node, {@code net:host:port~shs:key}, once started and listening. */
  public Optional<String> address() {
    SsbPeer p = peer;
    return p == null ? Optional.empty() : p.address();
  }

  /**
   * Dials a peer now and keeps it connected (redialling while it is not) until closed.
   *
   * @throws IllegalArgumentException for an address without a {@code net:} part and an {@code shs:} key
   * @throws PeerException {@link PeerError#NOT_RUNNING} before {@link #start} or after {@link #close}
   */
  public void connect(String multiserverAddress) {
    String address = checkAddress(multiserverAddress);
    SsbPeer p = peer;
    if (p == null || closed) {
      throw new PeerException(PeerError.NOT_RUNNING, "the peer network is not running");
    }
    p.keepConnected(address);
  }

  /** The running peer (for its call log, blob wants and one-shot replication), once started. */
  public Optional<SsbPeer> peer() {
    return Optional.ofNullable(peer);
  }

  /** What replication did so far. */
  public PeerStats stats() {
    SsbPeer p = peer;
    int open = p == null || closed ? 0 : (int) p.connections().stream().filter(c -> !c.isClosed()).count();
    return new PeerStats(replicated.get(), rejected.get(), blobsReceived.get(), open);
  }

  @Override
  public String toString() {
    SsbPeer p = peer;
    return "PeerNetwork[" + (p == null ? "not started" : p.id()) + ", " + mode + ", hops " + hops
        + (closed ? ", closed" : "") + "]";
  }

  /** Counts, forwards to the application's listener (isolated), and hands stored messages to the adapter. */
  private final class Reporting implements PeerListener {
    private final Context ctx;

    Reporting(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public void connected(FeedId from, boolean incoming) {
      isolated(() -> listener.connected(from, incoming));
    }

    @Override
    public void disconnected(FeedId from) {
      isolated(() -> listener.disconnected(from));
    }

    @Override
    public void stored(FeedId feed, long latestSequence, int count, FeedId from) {
      replicated.addAndGet(count);
      isolated(() -> listener.stored(feed, latestSequence, count, from));
      if (closed) {
        return;
      }
      List<StoredMessage> messages = new ArrayList<>(count);
      Optional<Cursor> after = Optional.empty();
      try {
        do {
          FeedPage<StoredMessage> page = ctx.store().byFeed(feed, Math.max(1, latestSequence - count + 1), latestSequence,
              new PageRequest(Order.OLDEST_FIRST, PageRequest.MAX_LIMIT, after));
          messages.addAll(page.items());
          after = page.next();
        } while (after.isPresent());
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot read back the messages just stored", e);
      }
      isolated(() -> ctx.newMessages().accept(List.copyOf(messages)));
    }

    @Override
    public void rejected(FeedId feed, FeedId from, RejectedMessageException reason) {
      rejected.incrementAndGet();
      LOG.log(System.Logger.Level.INFO, "refused a message of {0} from {1}: {2}", feed, from, reason.code());
      isolated(() -> listener.rejected(feed, from, reason));
    }

    @Override
    public void blobStored(BlobId blob, FeedId from) {
      blobsReceived.incrementAndGet();
      isolated(() -> listener.blobStored(blob, from));
    }

    private void isolated(Runnable r) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a peer network listener failed", e);
      }
    }
  }
}
