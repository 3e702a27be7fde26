package social.kith.activitypub.vocab;

import java.util.Objects;
import java.util.Optional;

/**
 * A public key an actor publishes ({@code publicKey}), as text. The HTTP-signature layer turns it
 * into a verifying key under its own key policy; the vocabulary does not judge keys.
 *
 * @param id the key id, e.g. {@code https://host/users/alice#main-key}
 * @param owner the actor the key claims to belong to, when given
 * @param pem the key in PEM form
 */
public record ActorKey(String id, Optional<String> owner, String pem) {
  public ActorKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(pem, "pem");
  }
}
