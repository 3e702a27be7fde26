package social.kith.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import social.kith.core.InvalidInputException;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Protocol;
import social.kith.core.store.IdentityStore;

/** The contract every {@link IdentityStore} must pass. */
public abstract class IdentityStoreContract {
  private static final Protocol P = Protocol.of("identity-test");

  protected IdentityStore store;

  /** A new, empty store. */
  protected abstract IdentityStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  private static Identity identity(String name, String handle) {
    Identity.Builder b = Identity.builder(IdentityId.of(P, "id-" + name)).displayName(name);
    return handle == null ? b.build() : b.handle(handle).build();
  }

  @Test
  void put_thenGetByIdAndHandle() {
    Identity alice = identity("alice", "@alice@host.example");
    store.put(alice);
    assertEquals(Optional.of(alice), store.get(alice.id()));
    assertEquals(Optional.of(alice), store.byHandle(P, "@Alice@HOST.example"));
    assertEquals(Optional.empty(), store.byHandle(Protocol.of("elsewhere"), "@alice@host.example"));
    assertEquals(1, store.size());
  }

  @Test
  void put_sameId_replacesAndReindexesTheHandle() {
    store.put(identity("alice", "@old@host.example"));
    Identity renamed = identity("alice", "@new@host.example");
    store.put(renamed);
    assertEquals(1, store.size());
    assertEquals(Optional.empty(), store.byHandle(P, "@old@host.example"));
    assertEquals(Optional.of(renamed), store.byHandle(P, "@new@host.example"));
  }

  @Test
  void aHandleNamesOneIdentity_theNewestHolder() {
    store.put(identity("first", "@shared@host.example"));
    Identity second = identity("second", "@shared@host.example");
    store.put(second);
    assertEquals(Optional.of(second), store.byHandle(P, "@shared@host.example"));
    assertEquals(Optional.empty(), store.get(IdentityId.of(P, "id-first")).orElseThrow().handle());
  }

  @Test
  void delete_removesIdAndHandle() {
    Identity alice = identity("alice", "@alice@host.example");
    store.put(alice);
    assertTrue(store.delete(alice.id()));
    assertFalse(store.delete(alice.id()));
    assertEquals(Optional.empty(), store.byHandle(P, "@alice@host.example"));
    assertEquals(0, store.size());
  }

  @Test
  void nulls_areInvalidInputAndChangeNothing() {
    assertThrows(InvalidInputException.class, () -> store.put(null));
    assertThrows(InvalidInputException.class, () -> store.get(null));
    assertThrows(InvalidInputException.class, () -> store.byHandle(P, null));
    assertEquals(0, store.size());
  }
}
