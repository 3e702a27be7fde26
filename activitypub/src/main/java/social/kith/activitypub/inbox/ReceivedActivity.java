package social.kith.activitypub.inbox;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import social.kith.activitypub.vocab.AsObject;
import social.kith.activitypub.vocab.MappedActivity;

/**
 * An activity that passed every check of the inbox: its signer is its actor, its ids are on the
 * actor's origin, it is not a duplicate, and the built-in handling (follows, ownership of updates
 * and deletes ...) accepted it. What listeners receive.
 *
 * @param type the activity type, e.g. {@code Follow}
 * @param id the activity id
 * @param actor the actor, equal to the signer
 * @param activity the activity document
 * @param object the object the handling worked on: the embedded object when it is trusted (same
 *     origin), or the refetched one; empty when the object is only a reference
 * @param mapped the activity mapped to the neutral model, when the mapper could map it
 * @param inbox the username whose personal inbox received it, or empty for the shared inbox
 */
public record ReceivedActivity(String type, URI id, URI actor, AsObject activity, Optional<AsObject> object,
    Optional<MappedActivity> mapped, Optional<String> inbox) {
  public ReceivedActivity {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(activity, "activity");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(mapped, "mapped");
    Objects.requireNonNull(inbox, "inbox");
  }

  /** The id of the activity's object (the first, if several), if it has one. */
  public Optional<String> objectId() {
    return activity.object().stream().map(r -> r.id()).flatMap(Optional::stream).findFirst();
  }
}
