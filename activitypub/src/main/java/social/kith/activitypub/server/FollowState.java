package social.kith.activitypub.server;

/** Where a follow stands (checklist item 38: only an accepted follow counts as following). */
public enum FollowState {
  /** Requested, waiting for the followee (a locked account, or an outgoing follow not yet accepted). */
  PENDING,
  /** Accepted by the followee. */
  ACCEPTED
}
