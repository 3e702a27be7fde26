package social.kith.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import social.kith.core.ErrorCode;
import social.kith.core.StorageException;
import social.kith.core.testing.PostStoreContract;

/** The in-memory post store passes the store contract and enforces its capacity. */
final class InMemoryPostStoreContractTest extends PostStoreContract {
  @Override
  protected PostStore newStore() {
    return new InMemoryPostStore();
  }

  @Test
  void put_beyondCapacity_failsAndStoresNothing() {
    InMemoryPostStore small = new InMemoryPostStore(2);
    small.put(post("a", ALICE, 1));
    small.put(post("b", ALICE, 2));
    StorageException e = assertThrows(StorageException.class, () -> small.put(post("c", ALICE, 3)));
    assertEquals(ErrorCode.Standard.STORAGE_FAILURE, e.code());
    assertEquals(2, small.size());
    assertEquals(Optional.empty(), small.get(post("c", ALICE, 3).id()));
    small.put(post("a", ALICE, 5)); // replacing needs no room
    assertEquals(2, small.size());
  }
}
