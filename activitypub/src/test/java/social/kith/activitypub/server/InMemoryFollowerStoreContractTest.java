package social.kith.activitypub.server;

class InMemoryFollowerStoreContractTest extends FollowerStoreContract {
  @Override
  FollowerStore store() {
    return new InMemoryFollowerStore();
  }
}
