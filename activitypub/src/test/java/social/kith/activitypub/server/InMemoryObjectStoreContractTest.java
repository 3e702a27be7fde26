package social.kith.activitypub.server;

/** {@link ObjectStoreContract} for the in-memory store. */
final class InMemoryObjectStoreContractTest extends ObjectStoreContract {
  @Override
  ObjectStore store() {
    return new InMemoryObjectStore();
  }
}
