package social.kith.activitypub.server;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Who follows each local actor and whom each local actor follows. The inbox writes it (Follow,
 * Accept, Undo ...), the router reads it (the {@code followers} and {@code following} collections,
 * and who may see a followers-only object). Implementations are thread-safe and every write is
 * all-or-nothing. Defaults: {@link InMemoryFollowerStore} (tests), {@link FileFollowerStore}.
 */
public interface FollowerStore {
  /** Which side of a follow. */
  enum Direction {
    /** Remote actors following the local actor. */
    FOLLOWERS,
    /** Remote actors the local actor follows. */
    FOLLOWING
  }

  /** The record for {@code remote}, if any. */
  Optional<FollowRecord> get(String local, Direction direction, URI remote);

  /** Adds or replaces the record for {@code record.remote()}. */
  void put(String local, Direction direction, FollowRecord record);

  /** Removes the record for {@code remote}; true if there was one. */
  boolean remove(String local, Direction direction, URI remote);

  /** Every record of one side, in the order they were first written. */
  List<FollowRecord> list(String local, Direction direction);

  /** Accepted records only. */
  default List<FollowRecord> accepted(String local, Direction direction) {
    return list(local, direction).stream().filter(r -> r.state() == FollowState.ACCEPTED).toList();
  }

  /** True if {@code remote} is an accepted follower of {@code local}. */
  default boolean isAcceptedFollower(String local, URI remote) {
    return get(local, Direction.FOLLOWERS, remote).filter(r -> r.state() == FollowState.ACCEPTED).isPresent();
  }
}
