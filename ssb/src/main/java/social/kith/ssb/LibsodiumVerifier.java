package social.kith.ssb;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executor;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PublicKey;
import social.kith.crypto.Ed25519Signed;

/** {@link Ed25519Verifier#libsodium()}: Kith's libsodium-exact Ed25519 with a bounded cache of decoded keys. */
final class LibsodiumVerifier implements Ed25519Verifier {
  static final LibsodiumVerifier INSTANCE = new LibsodiumVerifier();

  /** Decoded keys kept; a key's decoded point costs about as much as one verification. */
  static final int KEY_CACHE_SIZE = 4096;

  private final Cache<ByteBuffer, Ed25519PublicKey> keys = Caffeine.newBuilder().maximumSize(KEY_CACHE_SIZE).build();

  private LibsodiumVerifier() {}

  /** The cached key object for these 32 bytes (or null for another length). */
  Ed25519PublicKey key(byte[] publicKey) {
    if (publicKey == null || publicKey.length != Ed25519PublicKey.BYTES) {
      return null;
    }
    byte[] copy = publicKey.clone();
    return keys.get(ByteBuffer.wrap(copy), k -> Ed25519PublicKey.of(copy));
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    Ed25519PublicKey key = key(publicKey);
    return key != null && key.verify(message, signature);
  }

  @Override
  public boolean[] verifyAll(List<Ed25519Signed> items, Executor executor) {
    return Ed25519.verifyAll(items, executor);
  }

  @Override
  public String toString() {
    return "Ed25519Verifier.libsodium()";
  }
}
