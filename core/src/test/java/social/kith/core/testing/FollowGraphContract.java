package social.kith.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import social.kith.core.InvalidInputException;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Protocol;
import social.kith.core.store.FollowGraph;

/** The contract every {@link FollowGraph} must pass. */
public abstract class FollowGraphContract {
  private static final Protocol P = Protocol.of("graph-test");
  private static final IdentityId A = IdentityId.of(P, "a");
  private static final IdentityId B = IdentityId.of(P, "b");
  private static final IdentityId C = IdentityId.of(P, "c");

  protected FollowGraph graph;

  /** A new, empty graph. */
  protected abstract FollowGraph newGraph();

  @BeforeEach
  void createGraph() {
    graph = newGraph();
  }

  @Test
  void follow_isRecordedBothWaysAndIdempotent() {
    assertTrue(graph.follow(A, B));
    assertFalse(graph.follow(A, B));
    assertTrue(graph.follow(C, B));
    assertTrue(graph.isFollowing(A, B));
    assertFalse(graph.isFollowing(B, A));
    assertEquals(Set.of(B), graph.following(A));
    assertEquals(Set.of(A, C), graph.followers(B));
  }

  @Test
  void unfollow_removesTheFollow() {
    graph.follow(A, B);
    assertTrue(graph.unfollow(A, B));
    assertFalse(graph.unfollow(A, B));
    assertEquals(Set.of(), graph.following(A));
    assertEquals(Set.of(), graph.followers(B));
  }

  @Test
  void block_removesFollowsBothWaysAndPreventsNewOnes() {
    graph.follow(A, B);
    graph.follow(B, A);
    assertTrue(graph.block(A, B));
    assertFalse(graph.block(A, B));
    assertFalse(graph.isFollowing(A, B));
    assertFalse(graph.isFollowing(B, A));
    assertFalse(graph.follow(B, A), "a blocked identity cannot follow");
    assertFalse(graph.follow(A, B), "a blocker cannot follow whom it blocks");
    assertEquals(Set.of(B), graph.blocked(A));
    assertTrue(graph.isBlocking(A, B));
    assertTrue(graph.unblock(A, B));
    assertTrue(graph.follow(B, A));
  }

  @Test
  void snapshots_areImmutable() {
    graph.follow(A, B);
    Set<IdentityId> following = graph.following(A);
    assertThrows(UnsupportedOperationException.class, () -> following.add(C));
    graph.follow(A, C);
    assertEquals(Set.of(B), following, "a snapshot does not change later");
  }

  @Test
  void selfAndCrossProtocolRelations_areInvalidAndChangeNothing() {
    IdentityId elsewhere = IdentityId.of(Protocol.of("other"), "a");
    assertThrows(InvalidInputException.class, () -> graph.follow(A, A));
    assertThrows(InvalidInputException.class, () -> graph.follow(A, elsewhere));
    assertThrows(InvalidInputException.class, () -> graph.block(A, elsewhere));
    assertThrows(InvalidInputException.class, () -> graph.follow(null, B));
    assertEquals(Set.of(), graph.following(A));
    assertEquals(Set.of(), graph.blocked(A));
  }
}
