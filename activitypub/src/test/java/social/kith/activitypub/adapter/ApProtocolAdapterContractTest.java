package social.kith.activitypub.adapter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.core.model.IdentityId;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Mention;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.spi.AdapterContext;
import social.kith.core.spi.ProtocolAdapter;
import social.kith.core.testing.ProtocolAdapterContract;
import social.kith.core.testing.RecordingEventSink;

/**
 * The ActivityPub adapter passes core's contract over real HTTP on loopback: each test gets an
 * adapter on a fresh data directory and a free port; a second adapter ("peer", shared by the
 * class) is the remote party that is followed and that sends the incoming post (a public post
 * mentioning the local actor, delivered, signed and verified like any other).
 */
class ApProtocolAdapterContractTest extends ProtocolAdapterContract {
  static final FetchPolicy LOOPBACK = FetchPolicy.builder().insecureAllowLoopbackForTesting()
      .connectTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(20)).build();

  @TempDir
  static Path peerDir;
  @TempDir
  Path dir;

  private static ApAdapter peer;
  private static ExecutorService peerPool;
  private final AtomicInteger nodes = new AtomicInteger();

  @BeforeAll
  static void startPeer() {
    peer = ApAdapter.builder().dataDir(peerDir).actorName("peer").fetchPolicy(LOOPBACK).build();
    peerPool = Executors.newCachedThreadPool();
    peer.start(new AdapterContext(new RecordingEventSink(), java.time.Clock.systemUTC(), peerPool,
        "social.kith.contract.peer", Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stopPeer() {
    peer.close();
    peerPool.shutdownNow();
  }

  @Override
  protected ProtocolAdapter newAdapter() {
    return ApAdapter.builder().dataDir(dir.resolve("node-" + nodes.incrementAndGet())).actorName("local")
        .fetchPolicy(LOOPBACK).build();
  }

  @Override
  protected LocalIdentity newLocalIdentity(ProtocolAdapter adapter, String name) {
    return ((ApAdapter) adapter).localIdentity(name);
  }

  @Override
  protected IdentityId remoteIdentity(ProtocolAdapter adapter) {
    return IdentityId.of(Protocol.ACTIVITYPUB, peer.actorUrl("peer").toString());
  }

  @Override
  protected String resolvableHandle(ProtocolAdapter adapter) {
    return peer.handle("peer");
  }

  @Override
  protected void arrangeIncomingPost(ProtocolAdapter adapter, String text) {
    ApAdapter local = (ApAdapter) adapter;
    IdentityId target = IdentityId.of(Protocol.ACTIVITYPUB, local.actorUrl("local").toString());
    peer.publish(peer.localIdentity("peer"), PostDraft.builder().text(text)
        .mention(Mention.of(target, "@" + local.handle("local"))).build());
  }

  @Override
  protected PostId unknownPostId(ProtocolAdapter adapter) {
    return PostId.of(Protocol.ACTIVITYPUB, ((ApAdapter) adapter).actorUrl("local") + "/notes/" + UUID.randomUUID());
  }
}
