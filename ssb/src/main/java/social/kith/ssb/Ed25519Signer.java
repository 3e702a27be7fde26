package social.kith.ssb;

import java.util.Objects;
import social.kith.crypto.Ed25519PrivateKey;

/**
 * Signs with one Ed25519 key: the seam through which local feeds publish. Implementations hold the
 * private key and never reveal it (not in {@code toString}, not in exceptions). {@link #of} is the
 * default, on Kith's libsodium-compatible Ed25519 (deterministic RFC 8032 signatures, byte for byte
 * those of {@code crypto_sign_detached}).
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

  /** A signer on Kith's Ed25519 for {@code key}. */
  static Ed25519Signer of(Ed25519PrivateKey key) {
    Objects.requireNonNull(key, "key");
    return new Ed25519Signer() {
      private final byte[] pub = key.publicKey().bytes();

      @Override
      public byte[] publicKey() {
        return pub.clone();
      }

      @Override
      public byte[] sign(byte[] message) {
        return key.sign(message);
      }

      @Override
      public String toString() {
        return "Ed25519Signer[" + feedId() + "]";
      }
    };
  }
}
