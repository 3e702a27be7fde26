package social.kith.ssb.adapter;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import social.kith.core.model.IdentityId;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.spi.ProtocolAdapter;
import social.kith.core.testing.ProtocolAdapterContract;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.MessageId;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.mapping.SsbMapper;

/**
 * The SSB adapter passes the same contract as core's fake: each test gets a node on a fresh data
 * directory with a {@link FakeSsbNetwork}, through which a remote feed sends the incoming post.
 */
class SsbProtocolAdapterContractTest extends ProtocolAdapterContract {
  @TempDir
  Path dir;

  private final AtomicInteger nodes = new AtomicInteger();
  private final Map<ProtocolAdapter, FakeSsbNetwork> networks = new IdentityHashMap<>();
  private final Map<ProtocolAdapter, SsbKeyPair> remotes = new IdentityHashMap<>();

  @Override
  protected ProtocolAdapter newAdapter() {
    FakeSsbNetwork network = new FakeSsbNetwork();
    SsbAdapter adapter = SsbAdapter.open(dir.resolve("node-" + nodes.incrementAndGet()), network);
    networks.put(adapter, network);
    remotes.put(adapter, SsbKeyPair.generate());
    return adapter;
  }

  @Override
  protected LocalIdentity newLocalIdentity(ProtocolAdapter adapter, String name) {
    return ((SsbAdapter) adapter).addLocalIdentity(SsbKeyPair.generate());
  }

  @Override
  protected IdentityId remoteIdentity(ProtocolAdapter adapter) {
    return SsbMapper.identity(remotes.get(adapter).id());
  }

  @Override
  protected String resolvableHandle(ProtocolAdapter adapter) {
    return ((SsbAdapter) adapter).feedId().toUri();
  }

  @Override
  protected void arrangeIncomingPost(ProtocolAdapter adapter, String text) {
    SsbKeyPair remote = remotes.get(adapter);
    FeedPublisher publisher = FeedPublisher.builder().signer(remote.signer())
        .clock(() -> Instant.parse("2026-01-01T00:00:00Z")).build();
    networks.get(adapter).deliver(List.of(publisher.publish(
        JsonObject.builder().put("type", "post").put("text", text).build())));
  }

  @Override
  protected PostId unknownPostId(ProtocolAdapter adapter) {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return PostId.of(Protocol.SSB, MessageId.of(random).toString());
  }
}
