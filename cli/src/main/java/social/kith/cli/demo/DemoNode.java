package social.kith.cli.demo;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import social.kith.activitypub.adapter.ApAdapter;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.core.Kith;
import social.kith.core.model.IdentityId;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Protocol;
import social.kith.ssb.FeedState;
import social.kith.ssb.adapter.SsbAdapter;
import social.kith.ssb.peer.PeerNetwork;

/**
 * One person of the demo: an ActivityPub actor on its own embedded server and an SSB feed on its
 * own peer, both on 127.0.0.1, behind one {@link Kith} client that holds both identities. The
 * ActivityPub side uses the loudly named loopback policy ({@code --insecure-local}), which the demo
 * needs because both servers are on this machine over plain http.
 *
 * <p>The SSB peer ({@link PeerNetwork}) listens on 127.0.0.1 and replicates the feeds its identity
 * follows (one hop). Layout under its folder: {@code activitypub/} (actors, keys, follows, objects,
 * delivery log) and {@code ssb/} (secret, store, blobs).
 */
public final class DemoNode implements AutoCloseable {
  /** How long one client call may take before it is given up. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  private final String name;
  private final ApAdapter ap;
  private final SsbAdapter ssb;
  private final PeerNetwork peer;
  private final Kith kith;
  private final LocalIdentity apIdentity;
  private final LocalIdentity ssbIdentity;

  private DemoNode(String name, ApAdapter ap, SsbAdapter ssb, PeerNetwork peer, Kith kith) {
    this.name = name;
    this.ap = ap;
    this.ssb = ssb;
    this.peer = peer;
    this.kith = kith;
    this.apIdentity = kith.identity(Protocol.ACTIVITYPUB).orElseThrow();
    this.ssbIdentity = kith.identity(Protocol.SSB).orElseThrow();
  }

  /** Starts {@code name}'s server, peer and client in {@code dir}, all on 127.0.0.1 and free ports. */
  public static DemoNode start(String name, Path dir) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dir, "dir");
    PeerNetwork network = PeerNetwork.builder().listen("127.0.0.1", 0).hops(1).build();
    FetchPolicy loopback = FetchPolicy.builder().insecureAllowLoopbackForTesting()
        .connectTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(20)).build();
    ApAdapter ap = ApAdapter.builder().dataDir(dir.resolve("activitypub")).actorName(name)
        .bind("127.0.0.1", 0).fetchPolicy(loopback).autoAccept(true).build();
    SsbAdapter ssb;
    try {
      ssb = SsbAdapter.open(dir.resolve("ssb"), network);
    } catch (RuntimeException e) {
      ap.close();
      throw e;
    }
    try {
      Kith kith = Kith.builder().adapter(ap).adapter(ssb)
          .identity(ap.localIdentity(name)).identity(ssb.localIdentity())
          .callTimeout(CALL_TIMEOUT).build();
      return new DemoNode(name, ap, ssb, network, kith);
    } catch (RuntimeException e) {
      ssb.close();
      ap.close();
      throw e;
    }
  }

  /** The person's name, also the ActivityPub username. */
  public String name() {
    return name;
  }

  /** The client holding both identities. */
  public Kith kith() {
    return kith;
  }

  /** The ActivityPub adapter (its own server). */
  public ApAdapter activityPub() {
    return ap;
  }

  /** The SSB adapter (its own peer). */
  public SsbAdapter ssb() {
    return ssb;
  }

  /** The ActivityPub identity (actor URL). */
  public LocalIdentity apIdentity() {
    return apIdentity;
  }

  /** The SSB identity (feed id). */
  public LocalIdentity ssbIdentity() {
    return ssbIdentity;
  }

  /** The identity on {@code protocol}. */
  public IdentityId id(Protocol protocol) {
    return protocol.equals(Protocol.SSB) ? ssbIdentity.id() : apIdentity.id();
  }

  /** The SSB peer network (its address and replication counters). */
  public PeerNetwork peer() {
    return peer;
  }

  /** The peer's multiserver address, {@code net:127.0.0.1:port~shs:key}. */
  public String ssbAddress() {
    return peer.address().orElseThrow(() -> new IllegalStateException("the SSB peer is not listening"));
  }

  /** Dials {@code other}'s SSB peer and keeps the connection (replication runs both ways over it). */
  public void connectSsb(DemoNode other) {
    peer.connect(other.ssbAddress());
  }

  /** How many messages the local store holds of {@code feedOwner}'s SSB feed (0 if none). */
  public long storedFeedLength(DemoNode feedOwner) {
    return ssb.store().feedState(social.kith.ssb.FeedId.parse(feedOwner.ssbIdentity().id().value()))
        .map(FeedState::sequence).orElse(0);
  }

  /** The {@code @user@host:port} handle of the actor. */
  public String apHandle() {
    return "@" + ap.handle(name);
  }

  /** The actor URL. */
  public URI actorUrl() {
    return ap.actorUrl(name);
  }

  /** Closes the client, which closes both adapters (and so the server and the peer). */
  @Override
  public void close() {
    kith.close();
  }

  @Override
  public String toString() {
    return "DemoNode[" + name + ", " + ap.actorUrl(name) + ", " + ssb.feedId() + "]";
  }
}
