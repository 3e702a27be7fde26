package social.kith.activitypub.outbox;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a remote actor receives activities: its own inbox and, if its server has one, the shared
 * inbox that takes one delivery for every recipient on that server.
 *
 * @param actor the actor URI
 * @param inbox the actor's inbox
 * @param sharedInbox the server's shared inbox ({@code endpoints.sharedInbox}), if any
 */
public record InboxTarget(URI actor, URI inbox, Optional<URI> sharedInbox) {
  public InboxTarget {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(sharedInbox, "sharedInbox");
  }

  /** A target without a shared inbox. */
  public static InboxTarget of(URI actor, URI inbox) {
    return new InboxTarget(actor, inbox, Optional.empty());
  }

  /** The shared inbox if there is one, else the actor's inbox. */
  public URI preferredInbox() {
    return sharedInbox.orElse(inbox);
  }
}
