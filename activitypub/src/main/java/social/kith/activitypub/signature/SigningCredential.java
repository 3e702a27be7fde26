package social.kith.activitypub.signature;

import java.util.Objects;
import social.kith.crypto.RsaPrivateKey;
import social.kith.crypto.SigningKey;

/**
 * What an outbound signature is made with: the key id peers dereference (an actor's
 * {@code publicKey.id} such as {@code https://example.com/users/alice#main-key}), the private key
 * and its algorithm. {@code toString} names the key id and algorithm only.
 *
 * @param keyId the key id sent in the signature
 * @param key the private or shared key
 * @param algorithm the algorithm, whose key type must be the key's
 */
public record SigningCredential(String keyId, SigningKey key, SignatureAlgorithm algorithm) {
  public SigningCredential {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(algorithm, "algorithm");
    if (keyId.isEmpty()) {
      throw new IllegalArgumentException("empty key id");
    }
    for (int i = 0; i < keyId.length(); i++) {
      char c = keyId.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("key id must be printable ASCII");
      }
    }
    if (algorithm.keyAlgorithm() != key.algorithm()) {
      throw new IllegalArgumentException(algorithm + " needs a " + algorithm.keyAlgorithm()
          + " key, not " + key.algorithm());
    }
  }

  /** The key with its type's default algorithm. */
  public static SigningCredential of(String keyId, SigningKey key) {
    return new SigningCredential(keyId, key, SignatureAlgorithm.defaultFor(key.algorithm()));
  }

  /** An RSA key used with RFC 9421 {@code rsa-pss-sha512}. */
  public static SigningCredential rsaPss(String keyId, RsaPrivateKey key) {
    return new SigningCredential(keyId, key, SignatureAlgorithm.RSA_PSS_SHA512);
  }

  @Override
  public String toString() {
    return "SigningCredential[" + keyId + ", " + algorithm + ", key hidden]";
  }
}
