package social.kith.activitypub.fetch;

import java.net.URI;
import java.util.Objects;
import social.kith.crypto.VerifyingKey;

/**
 * A key whose ownership was proven: {@code actorId}'s own document (fetched from its id) lists
 * {@code keyId}. This is what a signature verifier may trust, and the only thing
 * {@link KeyResolver} caches.
 *
 * @param actorId the owning actor
 * @param keyId the key id that was asked for
 * @param publicKeyPem the PEM text as the actor publishes it
 * @param key the parsed key
 */
public record ResolvedKey(URI actorId, URI keyId, String publicKeyPem, VerifyingKey key) {
  public ResolvedKey {
    Objects.requireNonNull(actorId, "actorId");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(publicKeyPem, "publicKeyPem");
    Objects.requireNonNull(key, "key");
  }
}
