package social.kith.activitypub.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.server.FollowerStore.Direction;

/** What every {@link FollowerStore} does. */
abstract class FollowerStoreContract {
  static final URI BOB = URI.create("https://remote.example/users/bob");
  static final URI DAN = URI.create("https://other.example/users/dan");
  static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

  abstract FollowerStore store();

  @Test
  void putGetListRemove() {
    FollowerStore s = store();
    assertTrue(s.list("alice", Direction.FOLLOWERS).isEmpty());
    s.put("alice", Direction.FOLLOWERS, new FollowRecord(BOB, Optional.of(URI.create("https://remote.example/f/1")),
        FollowState.PENDING, T));
    s.put("alice", Direction.FOLLOWERS, new FollowRecord(DAN, Optional.empty(), FollowState.ACCEPTED, T));
    assertEquals(FollowState.PENDING, s.get("alice", Direction.FOLLOWERS, BOB).orElseThrow().state());
    assertFalse(s.isAcceptedFollower("alice", BOB));
    assertTrue(s.isAcceptedFollower("alice", DAN));
    assertEquals(List.of(BOB, DAN), s.list("alice", Direction.FOLLOWERS).stream().map(FollowRecord::remote).toList());
    assertEquals(1, s.accepted("alice", Direction.FOLLOWERS).size());
    assertTrue(s.list("alice", Direction.FOLLOWING).isEmpty(), "the sides are separate");
    assertTrue(s.list("carol", Direction.FOLLOWERS).isEmpty(), "actors are separate");

    s.put("alice", Direction.FOLLOWERS, s.get("alice", Direction.FOLLOWERS, BOB).orElseThrow()
        .withState(FollowState.ACCEPTED));
    assertTrue(s.isAcceptedFollower("alice", BOB));
    assertEquals(List.of(BOB, DAN), s.list("alice", Direction.FOLLOWERS).stream().map(FollowRecord::remote).toList(),
        "replacing keeps the order");
    assertTrue(s.remove("alice", Direction.FOLLOWERS, BOB));
    assertFalse(s.remove("alice", Direction.FOLLOWERS, BOB));
    assertEquals(List.of(DAN), s.list("alice", Direction.FOLLOWERS).stream().map(FollowRecord::remote).toList());
  }
}
