package social.kith.core.model;

import java.time.Instant;
import java.util.Optional;
import social.kith.core.internal.Checks;

/**
 * What an adapter did for an {@link Interaction}: the protocol's id for it (an activity id, an SSB
 * message id), which an application keeps to undo or refer to it later, and the resulting post for
 * a reply or an edit.
 *
 * @param protocol the protocol that carried it
 * @param id the protocol's id of the interaction
 * @param at when the adapter performed it (its clock)
 * @param post the post a {@link Interaction.Reply} or {@link Interaction.Edit} produced
 */
public record Receipt(Protocol protocol, String id, Instant at, Optional<Post> post) {
  public Receipt {
    Checks.present(protocol, "protocol");
    Checks.word(id, "receipt id", 2048);
    Checks.present(at, "at");
    Checks.present(post, "post");
  }
}
