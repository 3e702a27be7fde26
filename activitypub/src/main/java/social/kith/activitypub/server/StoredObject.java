package social.kith.activitypub.server;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import social.kith.activitypub.vocab.AsObject;
import social.kith.core.model.Visibility;

/**
 * A local object or activity the server serves by id (a Note, the Create that carried it ...).
 * Who may fetch it follows from {@link #visibility}: public and unlisted to anyone (subject to
 * authorized-fetch mode), followers-only to a signed fetch by an accepted follower of the owner
 * or a listed recipient, direct only to a signed fetch by a listed recipient.
 *
 * @param id the object's id (an URL under the server's base)
 * @param owner the local username that owns it
 * @param visibility who may see it
 * @param recipients actors addressed by id ({@code to}/{@code cc} minus collections); the only
 *     readers of a direct object, and extra readers of a followers-only one
 * @param document the document served
 * @param activity true for an activity (listed in the owner's outbox), false for an object
 * @param published when it was published (orders the outbox)
 */
public record StoredObject(URI id, String owner, Visibility visibility, Set<URI> recipients, AsObject document,
    boolean activity, Instant published) {
  public StoredObject {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(visibility, "visibility");
    recipients = Set.copyOf(recipients);
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(published, "published");
  }
}
