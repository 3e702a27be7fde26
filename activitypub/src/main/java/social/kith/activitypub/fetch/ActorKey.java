package social.kith.activitypub.fetch;

import java.net.URI;
import java.util.Objects;
import social.kith.crypto.VerifyingKey;

/**
 * One {@code publicKey} entry of an actor, parsed and checked: its id, its owner (the actor) and
 * the key, which passed {@code RsaKeys.strict()} (or is an Ed25519 / P-256 key).
 *
 * @param id the key id as the actor lists it
 * @param owner the actor that lists it
 * @param publicKeyPem the PEM text as published
 * @param key the parsed key
 */
public record ActorKey(URI id, URI owner, String publicKeyPem, VerifyingKey key) {
  public ActorKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(publicKeyPem, "publicKeyPem");
    Objects.requireNonNull(key, "key");
  }
}
