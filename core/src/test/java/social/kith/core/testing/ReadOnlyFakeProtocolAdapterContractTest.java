package social.kith.core.testing;

import java.util.EnumSet;
import social.kith.core.model.Capability;
import social.kith.core.model.Protocol;
import social.kith.core.spi.ProtocolAdapter;

/**
 * A fake that can only read feeds and resolve also passes the contract: every write it lacks is
 * refused with {@code UNSUPPORTED}, which exercises the contract's "unsupported" test on most
 * capabilities.
 */
final class ReadOnlyFakeProtocolAdapterContractTest extends FakeProtocolAdapterContractTest {
  @Override
  protected ProtocolAdapter newAdapter() {
    FakeProtocolAdapter fake = new FakeProtocolAdapter(Protocol.of("fake"),
        EnumSet.of(Capability.FEED_AUTHOR, Capability.FEED_HOME, Capability.RESOLVE_HANDLE, Capability.LIVE_EVENTS));
    fake.addRemoteIdentity("bob");
    return fake;
  }
}
