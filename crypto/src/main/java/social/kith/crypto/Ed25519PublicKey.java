package social.kith.crypto;

import java.util.Arrays;
import java.util.Base64;
import social.kith.crypto.internal.NaclEd25519;

/**
 * An Ed25519 public key: 32 bytes, compared by value. Any 32 bytes are accepted, as libsodium
 * accepts them; a key that libsodium would never verify under (non-canonical, small order, not on
 * the curve) simply verifies nothing. The decoded point and its multiples are computed on the
 * first verification and cached in this object; from the second verification on it also caches
 * larger tables (about 15 KB) that make each verification about 2.5 times faster, so keep and reuse
 * the key object for a feed.
 *
 * <p>Immutable and thread-safe.
 */
public final class Ed25519PublicKey implements VerifyingKey {
  /** Length of an encoded public key ({@code crypto_sign_PUBLICKEYBYTES}). */
  public static final int BYTES = 32;

  private static final Object INVALID = new Object();

  private final byte[] bytes;
  /** Lazily decoded point: a {@link NaclEd25519.PublicPoint}, or {@link #INVALID}. */
  private volatile Object decoded;
  /** The X25519 form, or {@link #INVALID}; null until first asked for (benign race: same value). */
  private volatile Object curve;

  private Ed25519PublicKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The public key with these 32 bytes.
   *
   * @throws CryptoException {@code INVALID_LENGTH} unless exactly 32 bytes
   */
  public static Ed25519PublicKey of(byte[] bytes) {
    return new Ed25519PublicKey(SodiumBytes.copyOf(bytes, BYTES, "Ed25519 public key"));
  }

  /** A copy of the 32 key bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public KeyAlgorithm algorithm() {
    return KeyAlgorithm.ED25519;
  }

  /**
   * libsodium's {@code crypto_sign_verify_detached(signature, message, this)}: same verdict for
   * every input. Never throws: a null or wrong-length signature is just not valid.
   */
  @Override
  public boolean verify(byte[] message, byte[] signature) {
    if (message == null || signature == null || signature.length != Ed25519.SIGNATURE_BYTES) {
      return false;
    }
    Object point = decoded();
    if (point == INVALID) {
      return false;
    }
    return NaclEd25519.verify((NaclEd25519.PublicPoint) point, bytes, message, signature);
  }

  /**
   * True when libsodium accepts signatures under this key at all: the encoding is canonical, not of
   * small order and on the curve.
   */
  public boolean isUsable() {
    return decoded() != INVALID;
  }

  /**
   * libsodium's {@code crypto_sign_ed25519_pk_to_curve25519}: the X25519 public key of the same
   * key pair.
   *
   * @throws CryptoException {@code UNSUPPORTED_KEY} where libsodium returns -1 (small order, not on
   *     the curve, or not in the prime-order subgroup)
   */
  public X25519PublicKey toX25519() {
    // Computed once per key object: libsodium's subgroup check is a full scalar multiplication.
    Object c = curve;
    if (c == null) {
      byte[] u = NaclEd25519.publicKeyToCurve25519(bytes);
      c = u == null ? INVALID : X25519PublicKey.of(u);
      curve = c;
    }
    if (c == INVALID) {
      throw new CryptoException(CryptoException.Reason.UNSUPPORTED_KEY,
          "Ed25519 public key has small order, is not on the curve or not in the prime-order subgroup");
    }
    return (X25519PublicKey) c;
  }

  private Object decoded() {
    Object d = decoded;
    if (d == null) {
      NaclEd25519.PublicPoint p = NaclEd25519.decodePublicKey(bytes);
      d = p == null ? INVALID : p;
      decoded = d;
    }
    return d;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey && Arrays.equals(bytes, ((Ed25519PublicKey) o).bytes); // not secret: public key
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The key in SSB's form, {@code @<base64>.ed25519}, inside {@code Ed25519PublicKey[...]}. */
  @Override
  public String toString() {
    return "Ed25519PublicKey[@" + Base64.getEncoder().encodeToString(bytes) + ".ed25519]";
  }
}
