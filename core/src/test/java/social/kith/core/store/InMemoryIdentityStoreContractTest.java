package social.kith.core.store;

import social.kith.core.testing.IdentityStoreContract;

/** The in-memory identity store passes the contract. */
final class InMemoryIdentityStoreContractTest extends IdentityStoreContract {
  @Override
  protected IdentityStore newStore() {
    return new InMemoryIdentityStore();
  }
}
