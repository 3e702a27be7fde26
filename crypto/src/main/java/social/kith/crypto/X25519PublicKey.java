package social.kith.crypto;

import java.util.Arrays;
import java.util.Base64;

/** An X25519 (Curve25519) public key: a 32-byte u coordinate, compared by value. Immutable. */
public final class X25519PublicKey {
  /** Length of a public key ({@code crypto_box_PUBLICKEYBYTES}). */
  public static final int BYTES = 32;

  private final byte[] bytes;

  private X25519PublicKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The public key with these 32 bytes. Low-order keys are accepted here and refused when used
   * ({@code NON_CONTRIBUTORY_KEY}), as libsodium does.
   *
   * @throws CryptoException {@code INVALID_LENGTH} unless 32 bytes
   */
  public static X25519PublicKey of(byte[] bytes) {
    return new X25519PublicKey(SodiumBytes.copyOf(bytes, BYTES, "X25519 public key"));
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] raw() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof X25519PublicKey && Arrays.equals(bytes, ((X25519PublicKey) o).bytes); // not secret: public key
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "X25519PublicKey[" + Base64.getEncoder().encodeToString(bytes) + "]";
  }
}
