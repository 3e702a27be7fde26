package social.kith.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * An X25519 (Curve25519) private key: a 32-byte scalar, clamped when used as libsodium clamps it.
 * Never shows key material: {@code toString} names only the public key and {@code equals} is
 * constant-time. Immutable and thread-safe.
 */
public final class X25519PrivateKey {
  /** Length of a private key ({@code crypto_box_SECRETKEYBYTES}). */
  public static final int BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] scalar;
  /** Computed on first use: boxing and agreement do not need it. */
  private volatile X25519PublicKey publicKey;

  private X25519PrivateKey(byte[] scalar) {
    this.scalar = scalar;
  }

  /**
   * The private key with these 32 bytes.
   *
   * @throws CryptoException {@code INVALID_LENGTH} unless 32 bytes
   */
  public static X25519PrivateKey of(byte[] scalar) {
    return new X25519PrivateKey(SodiumBytes.copyOf(scalar, BYTES, "X25519 private key"));
  }

  /** libsodium's {@code crypto_box_keypair}: 32 random bytes from a {@link SecureRandom}. */
  public static X25519PrivateKey generate() {
    byte[] s = new byte[BYTES];
    RANDOM.nextBytes(s);
    return new X25519PrivateKey(s);
  }

  /** The public key ({@code crypto_scalarmult_base}). */
  public X25519PublicKey publicKey() {
    X25519PublicKey pk = publicKey;
    if (pk == null) {
      pk = X25519PublicKey.of(ScalarMult.scalarMultBase(scalar));
      publicKey = pk;
    }
    return pk;
  }

  /**
   * libsodium's {@code crypto_scalarmult(q, this, peer)}: the raw shared secret. Hash it (or use
   * {@link Box}) before using it as a key.
   *
   * @throws CryptoException {@code NON_CONTRIBUTORY_KEY} when the peer key has low order
   */
  public byte[] agree(X25519PublicKey peer) {
    return ScalarMult.scalarMult(scalar, peer.raw());
  }

  /** A copy of the 32-byte scalar. Handle with care. */
  public byte[] bytes() {
    return scalar.clone();
  }

  byte[] raw() {
    return scalar;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof X25519PrivateKey && MessageDigest.isEqual(scalar, ((X25519PrivateKey) o).scalar);
  }

  @Override
  public int hashCode() {
    return publicKey().hashCode();
  }

  @Override
  public String toString() {
    return "X25519PrivateKey[public=" + publicKey() + "]";
  }
}
