package social.kith.ssb;

/**
 * Signs with one Ed25519 key: the seam through which local feeds publish. Implementations hold the
 * private key and never reveal it (not in {@code toString}, not in exceptions).
 */
public interface Ed25519Signer {
  /** The 32-byte public key (a copy). */
  byte[] publicKey();

  /** The 64-byte detached signature of {@code message}. */
  byte[] sign(byte[] message);

  /** The feed id of this key. */
  default FeedId feedId() {
    return FeedId.of(publicKey());
  }
}
