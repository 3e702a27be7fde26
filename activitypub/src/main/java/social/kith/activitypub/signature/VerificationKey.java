package social.kith.activitypub.signature;

import java.util.Objects;
import social.kith.crypto.RsaPublicKey;
import social.kith.crypto.VerifyingKey;

/**
 * A public (or shared) key bound to the one algorithm it verifies. The binding comes from what the
 * caller knows about the key (its type; for RSA, whether it was published for PSS), so a message
 * cannot switch algorithms: an RSA key never checks an HMAC and an Ed25519 key never an RSA
 * signature.
 *
 * @param key the key
 * @param algorithm the algorithm, whose key type must be the key's
 */
public record VerificationKey(VerifyingKey key, SignatureAlgorithm algorithm) {
  public VerificationKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(algorithm, "algorithm");
    if (algorithm.keyAlgorithm() != key.algorithm()) {
      throw new IllegalArgumentException(algorithm + " needs a " + algorithm.keyAlgorithm()
          + " key, not " + key.algorithm());
    }
  }

  /** The key with its type's default algorithm (RSA: PKCS#1 v1.5 with SHA-256, as the fediverse uses). */
  public static VerificationKey of(VerifyingKey key) {
    return new VerificationKey(key, SignatureAlgorithm.defaultFor(key.algorithm()));
  }

  /** An RSA key published for RFC 9421 {@code rsa-pss-sha512}. */
  public static VerificationKey rsaPss(RsaPublicKey key) {
    return new VerificationKey(key, SignatureAlgorithm.RSA_PSS_SHA512);
  }
}
