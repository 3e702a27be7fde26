package social.kith.activitypub.outbox;

import java.net.URI;
import java.util.List;

/**
 * The followers of a local actor with their inboxes: the seam between the outbox and whatever
 * stores the follow graph (and the followers' actor documents).
 */
@FunctionalInterface
public interface FollowerDirectory {
  /** The accepted followers of {@code localActor} (any order, duplicates allowed). */
  List<InboxTarget> followers(URI localActor);
}
