package social.kith.core.testing;

import java.time.Instant;
import social.kith.core.model.IdentityId;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.spi.ProtocolAdapter;

/** The fake adapter with every capability passes the adapter contract. */
class FakeProtocolAdapterContractTest extends ProtocolAdapterContract {
  @Override
  protected ProtocolAdapter newAdapter() {
    FakeProtocolAdapter fake = new FakeProtocolAdapter(Protocol.of("fake"));
    fake.addRemoteIdentity("bob");
    return fake;
  }

  @Override
  protected LocalIdentity newLocalIdentity(ProtocolAdapter adapter, String name) {
    return ((FakeProtocolAdapter) adapter).newLocalIdentity(name);
  }

  @Override
  protected IdentityId remoteIdentity(ProtocolAdapter adapter) {
    return ((FakeProtocolAdapter) adapter).idOf("bob");
  }

  @Override
  protected String resolvableHandle(ProtocolAdapter adapter) {
    return "@bob@fake.example";
  }

  @Override
  protected void arrangeIncomingPost(ProtocolAdapter adapter, String text) {
    ((FakeProtocolAdapter) adapter).receive("bob", text, Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  protected PostId unknownPostId(ProtocolAdapter adapter) {
    return PostId.of(adapter.protocol(), "fake-fake:post/does-not-exist");
  }
}
