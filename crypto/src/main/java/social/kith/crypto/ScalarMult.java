package social.kith.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * X25519 as libsodium's {@code crypto_scalarmult} (Curve25519): the scalar is clamped, the top bit
 * of the u coordinate is ignored, and an all-zero result (a peer key of low order, RFC 7748
 * section 6.1) is refused, as libsodium refuses it with -1. Stateless and thread-safe.
 */
public final class ScalarMult {
  private ScalarMult() {}

  /** Length of scalars and u coordinates ({@code crypto_scalarmult_BYTES}). */
  public static final int BYTES = 32;

  /**
   * libsodium's {@code crypto_scalarmult(q, n, p)}: the shared secret of scalar {@code n} and peer
   * u coordinate {@code p}.
   *
   * @throws CryptoException {@code INVALID_LENGTH} unless both are 32 bytes;
   *     {@code NON_CONTRIBUTORY_KEY} when the result is all zeros (libsodium returns -1)
   */
  public static byte[] scalarMult(byte[] n, byte[] p) {
    SodiumBytes.require(n, BYTES, "X25519 scalar");
    SodiumBytes.require(p, BYTES, "X25519 public key");
    byte[] q = new byte[BYTES];
    X25519.scalarMult(n, 0, p, 0, q, 0);
    int acc = 0;
    for (byte b : q) {
      acc |= b;
    }
    if (acc == 0) {
      throw new CryptoException(CryptoException.Reason.NON_CONTRIBUTORY_KEY,
          "X25519 result is all zeros: the peer public key has low order");
    }
    return q;
  }

  /**
   * libsodium's {@code crypto_scalarmult_base(q, n)}: the public u coordinate of scalar {@code n}.
   *
   * @throws CryptoException {@code INVALID_LENGTH} unless 32 bytes
   */
  public static byte[] scalarMultBase(byte[] n) {
    SodiumBytes.require(n, BYTES, "X25519 scalar");
    byte[] q = new byte[BYTES];
    X25519.scalarMultBase(n, 0, q, 0);
    return q;
  }
}
