package social.kith.ssb;

/**
 * Verifies Ed25519 signatures: the seam through which classic messages are checked. It must give
 * libsodium's verdict ({@code crypto_sign_verify_detached}) for every input, because a different
 * verdict from other peers splits feeds, and must return false (never throw) on malformed input.
 */
@FunctionalInterface
public interface Ed25519Verifier {
  /** Whether {@code signature} (64 bytes) is {@code publicKey}'s (32 bytes) signature of {@code message}. */
  boolean verify(byte[] publicKey, byte[] message, byte[] signature);
}
