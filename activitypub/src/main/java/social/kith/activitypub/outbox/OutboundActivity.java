package social.kith.activitypub.outbox;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import social.kith.activitypub.vocab.AsObject;

/**
 * An activity ready to be delivered: the document (whose id is fixed now, so every retry and
 * every recipient sees the same id), the actor that signs it, the de-duplicated inboxes to POST it
 * to, and the recipients it could not address (an actor or post author the directory does not know).
 *
 * @param id the activity id
 * @param actor the sending local actor
 * @param activity the activity document
 * @param inboxes distinct inbox URLs, shared inboxes collapsing many recipients
 * @param unresolved recipients left out, as text (actor URIs or {@code author of <post>})
 */
public record OutboundActivity(String id, LocalActor actor, AsObject activity, List<URI> inboxes,
    List<String> unresolved) {
  public OutboundActivity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(activity, "activity");
    inboxes = List.copyOf(inboxes);
    unresolved = List.copyOf(unresolved);
  }
}
