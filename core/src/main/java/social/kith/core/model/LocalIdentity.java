package social.kith.core.model;

import java.util.Objects;
import social.kith.core.InvalidInputException;
import social.kith.crypto.SigningKey;

/**
 * An identity this program acts as: its public {@link Identity} and the private key that signs for
 * it. Written by hand rather than as a record so that the key never appears in {@code toString},
 * and equality is object identity so that key material is never compared.
 */
public final class LocalIdentity {
  private final Identity identity;
  private final String keyId;
  private final SigningKey signingKey;

  private LocalIdentity(Identity identity, String keyId, SigningKey signingKey) {
    this.identity = identity;
    this.keyId = keyId;
    this.signingKey = signingKey;
  }

  /**
   * Binds {@code signingKey} to {@code identity}. The identity must publish a key with
   * {@code keyId} of the same algorithm as the signing key, so that others can verify what it signs.
   */
  public static LocalIdentity of(Identity identity, String keyId, SigningKey signingKey) {
    if (identity == null || keyId == null || signingKey == null) {
      throw new InvalidInputException("identity, key id and signing key are required");
    }
    IdentityKey published = identity.key(keyId).orElseThrow(
        () -> new InvalidInputException("identity " + identity.id() + " publishes no key " + keyId));
    if (published.key().algorithm() != signingKey.algorithm()) {
      throw new InvalidInputException("key " + keyId + " is " + published.key().algorithm()
          + " but the signing key is " + signingKey.algorithm());
    }
    return new LocalIdentity(identity, keyId, signingKey);
  }

  /** The public profile. */
  public Identity identity() {
    return identity;
  }

  public IdentityId id() {
    return identity.id();
  }

  public Protocol protocol() {
    return identity.protocol();
  }

  /** The id of the published key that {@link #signingKey()} matches. */
  public String keyId() {
    return keyId;
  }

  /** The private key; adapters sign with it. Never log it. */
  public SigningKey signingKey() {
    return signingKey;
  }

  /** A copy with an updated public profile (same id, same key). */
  public LocalIdentity withIdentity(Identity updated) {
    Objects.requireNonNull(updated, "updated");
    if (!updated.id().equals(identity.id())) {
      throw new InvalidInputException("an updated identity must keep the id " + identity.id());
    }
    return of(updated, keyId, signingKey);
  }

  /** Shows the id and key id, never key material. */
  @Override
  public String toString() {
    return "LocalIdentity[" + identity.id() + ", keyId=" + keyId + ", " + signingKey.algorithm() + "]";
  }
}
