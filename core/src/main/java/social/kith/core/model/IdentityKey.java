package social.kith.core.model;

import social.kith.core.internal.Checks;
import social.kith.crypto.VerifyingKey;

/**
 * A public key that an identity publishes, with the id other parties use to name it (an
 * ActivityPub key URI such as {@code https://host/users/alice#main-key}, or an SSB feed id).
 */
public record IdentityKey(String keyId, VerifyingKey key) {
  public IdentityKey {
    Checks.word(keyId, "key id", 2048);
    Checks.present(key, "key");
  }
}
