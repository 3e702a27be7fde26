package social.kith.crypto;

/**
 * The signature algorithm a key is for. A verifier takes the algorithm from the key, never from a
 * header or a document that came with the signature (algorithm confusion, checklist item 7).
 */
public enum KeyAlgorithm {
  /** Ed25519 (RFC 8032), as libsodium's {@code crypto_sign}. */
  ED25519,
  /** RSA, 2048 to 8192 bits; PKCS#1 v1.5 with SHA-256 by default, RSA-PSS with SHA-512 on request. */
  RSA,
  /** ECDSA on P-256 with SHA-256. */
  ECDSA_P256,
  /** HMAC-SHA-256 with a shared secret. */
  HMAC_SHA256
}
