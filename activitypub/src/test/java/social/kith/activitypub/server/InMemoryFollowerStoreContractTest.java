package social.kith.activitypub.server;

/** {@link FollowerStoreContract} for the in-memory store. */
final class InMemoryFollowerStoreContractTest extends FollowerStoreContract {
  @Override
  FollowerStore store() {
    return new InMemoryFollowerStore();
  }
}
