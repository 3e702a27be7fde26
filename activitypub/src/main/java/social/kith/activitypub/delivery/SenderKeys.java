package social.kith.activitypub.delivery;

import java.net.URI;
import java.util.Optional;
import social.kith.activitypub.signature.SigningCredential;

/**
 * The signing credential of a local actor: the seam through which the worker signs each delivery
 * as the actor that sent it. Private keys never enter the queue; only the actor id does.
 */
@FunctionalInterface
public interface SenderKeys {
  /** The credential of {@code actor}, or empty if this process does not hold its key. */
  Optional<SigningCredential> credentialFor(URI actor);
}
