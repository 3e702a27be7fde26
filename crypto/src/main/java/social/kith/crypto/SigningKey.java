package social.kith.crypto;

/**
 * A private or secret key that makes signatures. Implementations are immutable and thread-safe,
 * and never reveal key material through {@code toString}, {@code equals} or logs.
 */
public interface SigningKey {
  /** The algorithm this key signs with. */
  KeyAlgorithm algorithm();

  /** The key that verifies this key's signatures. */
  VerifyingKey verifyingKey();

  /** Signs {@code message}. */
  byte[] sign(byte[] message);
}
