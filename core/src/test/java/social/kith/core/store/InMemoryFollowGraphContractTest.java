package social.kith.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;
import social.kith.core.StorageException;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Protocol;
import social.kith.core.testing.FollowGraphContract;

/** The in-memory follow graph passes the contract and enforces its capacity. */
final class InMemoryFollowGraphContractTest extends FollowGraphContract {
  @Override
  protected FollowGraph newGraph() {
    return new InMemoryFollowGraph();
  }

  @Test
  void relationsBeyondCapacity_failAndChangeNothing() {
    Protocol p = Protocol.of("cap");
    IdentityId a = IdentityId.of(p, "a");
    IdentityId b = IdentityId.of(p, "b");
    IdentityId c = IdentityId.of(p, "c");
    InMemoryFollowGraph small = new InMemoryFollowGraph(1);
    small.follow(a, b);
    assertThrows(StorageException.class, () -> small.follow(a, c));
    assertThrows(StorageException.class, () -> small.block(c, a));
    assertEquals(Set.of(b), small.following(a));
    assertEquals(Set.of(), small.blocked(c));
  }
}
