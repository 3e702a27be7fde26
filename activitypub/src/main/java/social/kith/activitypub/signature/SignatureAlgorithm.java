package social.kith.activitypub.signature;

import java.util.Optional;
import social.kith.crypto.EcdsaPrivateKey;
import social.kith.crypto.EcdsaPublicKey;
import social.kith.crypto.KeyAlgorithm;
import social.kith.crypto.RsaPrivateKey;
import social.kith.crypto.RsaPublicKey;
import social.kith.crypto.SigningKey;
import social.kith.crypto.VerifyingKey;

/**
 * The signature algorithms of the RFC 9421 registry that Kith speaks. Which one applies is fixed
 * by the key ({@link VerificationKey}), never chosen by the message: a message may only name the
 * algorithm its key already implies (checklist item 7).
 */
public enum SignatureAlgorithm {
  /** RSASSA-PSS, SHA-512, MGF1-SHA-512, 64-byte salt. */
  RSA_PSS_SHA512("rsa-pss-sha512", KeyAlgorithm.RSA),
  /** RSASSA-PKCS1-v1_5 with SHA-256 (draft-cavage {@code rsa-sha256} and {@code hs2019} + RSA). */
  RSA_V1_5_SHA256("rsa-v1_5-sha256", KeyAlgorithm.RSA),
  /** ECDSA on P-256 with SHA-256, raw {@code r || s} signatures. */
  ECDSA_P256_SHA256("ecdsa-p256-sha256", KeyAlgorithm.ECDSA_P256),
  /** Ed25519 (RFC 8032). */
  ED25519("ed25519", KeyAlgorithm.ED25519),
  /** HMAC-SHA-256 with a shared secret. */
  HMAC_SHA256("hmac-sha256", KeyAlgorithm.HMAC_SHA256);

  private final String rfc9421Name;
  private final KeyAlgorithm keyAlgorithm;

  SignatureAlgorithm(String rfc9421Name, KeyAlgorithm keyAlgorithm) {
    this.rfc9421Name = rfc9421Name;
    this.keyAlgorithm = keyAlgorithm;
  }

  /** The name in the RFC 9421 registry, as in the {@code alg} parameter. */
  public String rfc9421Name() {
    return rfc9421Name;
  }

  /** The key type this algorithm needs. */
  public KeyAlgorithm keyAlgorithm() {
    return keyAlgorithm;
  }

  /** The algorithm with this RFC 9421 name. */
  public static Optional<SignatureAlgorithm> fromRfc9421Name(String name) {
    for (SignatureAlgorithm a : values()) {
      if (a.rfc9421Name.equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The default algorithm of a key type: RSA keys sign with PKCS#1 v1.5 unless bound to PSS. */
  public static SignatureAlgorithm defaultFor(KeyAlgorithm key) {
    switch (key) {
      case RSA:
        return RSA_V1_5_SHA256;
      case ECDSA_P256:
        return ECDSA_P256_SHA256;
      case ED25519:
        return ED25519;
      case HMAC_SHA256:
        return HMAC_SHA256;
      default:
        throw new IllegalArgumentException("no signature algorithm for " + key);
    }
  }

  /** Verifies {@code signature} over {@code data}; never throws on malformed signatures. */
  boolean verify(VerifyingKey key, byte[] data, byte[] signature, boolean strictEcdsaEncoding) {
    if (key.algorithm() != keyAlgorithm) {
      return false;
    }
    switch (this) {
      case RSA_PSS_SHA512:
        return ((RsaPublicKey) key).verifyPss(data, signature);
      case RSA_V1_5_SHA256:
        return ((RsaPublicKey) key).verifyPkcs1Sha256(data, signature);
      case ECDSA_P256_SHA256:
        return strictEcdsaEncoding
            ? ((EcdsaPublicKey) key).verifyRaw(data, signature)
            : key.verify(data, signature);
      default:
        return key.verify(data, signature);
    }
  }

  /** Signs {@code data} with {@code key}, which must be of this algorithm's key type. */
  byte[] sign(SigningKey key, byte[] data) {
    if (key.algorithm() != keyAlgorithm) {
      throw new IllegalArgumentException(this + " cannot sign with a " + key.algorithm() + " key");
    }
    switch (this) {
      case RSA_PSS_SHA512:
        return ((RsaPrivateKey) key).signPss(data);
      case RSA_V1_5_SHA256:
        return ((RsaPrivateKey) key).signPkcs1Sha256(data);
      case ECDSA_P256_SHA256:
        return ((EcdsaPrivateKey) key).sign(data);
      default:
        return key.sign(data);
    }
  }
}
