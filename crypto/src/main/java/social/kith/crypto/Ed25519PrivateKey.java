package social.kith.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import social.kith.crypto.internal.NaclEd25519;

/**
 * An Ed25519 private key: the 32-byte seed and its public key (libsodium's 64-byte secret key is
 * {@code seed || public key}). Signatures are byte for byte those of libsodium's
 * {@code crypto_sign_detached}.
 *
 * <p>Never shows key material: {@code toString} names only the public key, {@code equals} compares
 * seeds in constant time and {@code hashCode} derives from the public key. Key bytes leave only
 * through {@link #seed()} and {@link #toSodiumSecretKey()}, which return copies. Immutable and
 * thread-safe.
 */
public final class Ed25519PrivateKey implements SigningKey {
  /** Length of a seed ({@code crypto_sign_SEEDBYTES}). */
  public static final int SEED_BYTES = 32;
  /** Length of libsodium's secret key form ({@code crypto_sign_SECRETKEYBYTES}). */
  public static final int SODIUM_SECRET_KEY_BYTES = 64;

  private final byte[] seed;
  private final byte[] publicBytes;
  private final Ed25519PublicKey publicKey;

  Ed25519PrivateKey(byte[] seed, byte[] publicBytes) {
    this.seed = seed;
    this.publicBytes = publicBytes;
    this.publicKey = Ed25519PublicKey.of(publicBytes);
  }

  @Override
  public KeyAlgorithm algorithm() {
    return KeyAlgorithm.ED25519;
  }

  /** The public key of this pair. */
  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public Ed25519PublicKey verifyingKey() {
    return publicKey;
  }

  /** libsodium's {@code crypto_sign_detached}: the 64-byte signature of {@code message}. */
  @Override
  public byte[] sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    byte[] sig = new byte[Ed25519.SIGNATURE_BYTES];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, publicBytes, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  /** A copy of the 32-byte seed. Handle with care. */
  public byte[] seed() {
    return seed.clone();
  }

  /** A copy of libsodium's 64-byte secret key, {@code seed || public key}. Handle with care. */
  public byte[] toSodiumSecretKey() {
    byte[] sk = new byte[SODIUM_SECRET_KEY_BYTES];
    System.arraycopy(seed, 0, sk, 0, 32);
    System.arraycopy(publicBytes, 0, sk, 32, 32);
    return sk;
  }

  /**
   * libsodium's {@code crypto_sign_ed25519_sk_to_curve25519}: the X25519 private key of the same
   * key pair (SHA-512 of the seed, low 32 bytes, clamped).
   */
  public X25519PrivateKey toX25519() {
    byte[] h = NaclEd25519.sha512().digest(seed);
    h[0] &= (byte) 248;
    h[31] &= 127;
    h[31] |= 64;
    byte[] sk = Arrays.copyOf(h, 32);
    Arrays.fill(h, (byte) 0);
    return X25519PrivateKey.of(sk);
  }

  /** Constant-time comparison of the seeds. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PrivateKey && MessageDigest.isEqual(seed, ((Ed25519PrivateKey) o).seed);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  /** Names the public key only. */
  @Override
  public String toString() {
    return "Ed25519PrivateKey[public=" + publicKey + "]";
  }
}
