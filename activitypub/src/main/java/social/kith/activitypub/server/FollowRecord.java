package social.kith.activitypub.server;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One follow between a local actor and a remote actor.
 *
 * @param remote the remote actor's id (the follower, or the followee for {@code following})
 * @param activityId the id of the {@code Follow} activity, if it had one
 * @param state pending or accepted
 * @param since when the record was written (the local clock)
 */
public record FollowRecord(URI remote, Optional<URI> activityId, FollowState state, Instant since) {
  public FollowRecord {
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(activityId, "activityId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
  }

  /** This record with another state. */
  public FollowRecord withState(FollowState newState) {
    return new FollowRecord(remote, activityId, newState, since);
  }
}
