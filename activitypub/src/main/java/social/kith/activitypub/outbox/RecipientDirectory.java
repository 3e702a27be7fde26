package social.kith.activitypub.outbox;

import java.net.URI;
import java.util.Optional;
import social.kith.core.model.PostId;

/**
 * What the outbox needs to know about remote actors and posts to address an activity: an actor's
 * inboxes, and who wrote a post (a like or a boost is delivered to the author). Typically backed
 * by the actor cache of {@code social.kith.activitypub.fetch.ActorResolver} and the post store.
 */
public interface RecipientDirectory {
  /** The inboxes of {@code actor}, if known. */
  Optional<InboxTarget> inboxOf(URI actor);

  /** The author of {@code post}, if known. */
  Optional<URI> authorOf(PostId post);

  /** A directory that knows nothing (every activity goes to followers only). */
  RecipientDirectory NONE = new RecipientDirectory() {
    @Override
    public Optional<InboxTarget> inboxOf(URI actor) {
      return Optional.empty();
    }

    @Override
    public Optional<URI> authorOf(PostId post) {
      return Optional.empty();
    }
  };
}
