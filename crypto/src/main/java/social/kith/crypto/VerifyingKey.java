package social.kith.crypto;

/**
 * A key that checks signatures. Implementations are immutable and thread-safe.
 *
 * <p>{@link #verify} never throws on malformed signatures or messages: a signature of the wrong
 * length, a non-canonical encoding or garbage is simply not valid.
 */
public interface VerifyingKey {
  /** The algorithm this key verifies with. */
  KeyAlgorithm algorithm();

  /** True only if {@code signature} is a valid signature of {@code message} under this key. */
  boolean verify(byte[] message, byte[] signature);
}
