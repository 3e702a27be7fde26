package social.kith.activitypub.server;

class InMemoryObjectStoreContractTest extends ObjectStoreContract {
  @Override
  ObjectStore store() {
    return new InMemoryObjectStore();
  }
}
