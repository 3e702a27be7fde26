package social.kith.core.store;

import java.util.Set;
import social.kith.core.InvalidInputException;
import social.kith.core.model.IdentityId;

/**
 * Who follows and who blocks whom, within one protocol. Blocking removes follows in both
 * directions, and a follow between a blocked pair is refused (returns false), as fediverse servers
 * do. Following oneself or across protocols gives {@link InvalidInputException}. Thread-safe; a
 * failed write changes nothing.
 */
public interface FollowGraph {
  /** Records that {@code follower} follows {@code followee}; true if that is new. */
  boolean follow(IdentityId follower, IdentityId followee);

  /** True if the follow existed and is now gone. */
  boolean unfollow(IdentityId follower, IdentityId followee);

  boolean isFollowing(IdentityId follower, IdentityId followee);

  /** Whom {@code follower} follows (a snapshot). */
  Set<IdentityId> following(IdentityId follower);

  /** Who follows {@code followee} (a snapshot). */
  Set<IdentityId> followers(IdentityId followee);

  /** Records that {@code blocker} blocks {@code blocked} and removes their follows; true if new. */
  boolean block(IdentityId blocker, IdentityId blocked);

  /** True if the block existed and is now gone. */
  boolean unblock(IdentityId blocker, IdentityId blocked);

  boolean isBlocking(IdentityId blocker, IdentityId blocked);

  /** Whom {@code blocker} blocks (a snapshot). */
  Set<IdentityId> blocked(IdentityId blocker);
}
