package social.kith.crypto;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import social.kith.crypto.internal.Asn1Der;
import social.kith.crypto.internal.EcdsaP256Curve;
import social.kith.crypto.internal.EcdsaP256Verifier;

/**
 * An ECDSA P-256 public key; signatures are over SHA-256 of the message.
 *
 * <p>{@link #verify} accepts both signature forms: a 64-byte signature is read as raw
 * {@code r || s} (IEEE P1363, as RFC 9421 and JWS use it), anything else as strict DER. {@link
 * #verifyRaw} and {@link #verifyDer} accept one form only. Verification never throws on a
 * malformed signature. Verification runs on Bouncy Castle (internally), because the JDK 17 verifier
 * rejects some valid signatures (Wycheproof ecdsa_secp256r1_sha256 tcId 350). Immutable and
 * thread-safe; equal when the points are equal.
 */
public final class EcdsaPublicKey implements VerifyingKey {
  private final ECPublicKey key;
  private final EcdsaP256Verifier verifier;

  EcdsaPublicKey(ECPublicKey key) {
    this.key = key;
    this.verifier = new EcdsaP256Verifier(key.getW().getAffineX(), key.getW().getAffineY());
  }

  @Override
  public KeyAlgorithm algorithm() {
    return KeyAlgorithm.ECDSA_P256;
  }

  /** The affine x coordinate. */
  public BigInteger x() {
    return key.getW().getAffineX();
  }

  /** The affine y coordinate. */
  public BigInteger y() {
    return key.getW().getAffineY();
  }

  /** The uncompressed SEC1 point, {@code 0x04 || x || y} (65 bytes). */
  public byte[] uncompressedPoint() {
    byte[] out = new byte[65];
    out[0] = 4;
    System.arraycopy(EcdsaKeys.fixed(x()), 0, out, 1, 32);
    System.arraycopy(EcdsaKeys.fixed(y()), 0, out, 33, 32);
    return out;
  }

  /** Verifies a raw 64-byte {@code r || s} signature, or a strict DER one of any other length. */
  @Override
  public boolean verify(byte[] message, byte[] signature) {
    if (signature == null) {
      return false;
    }
    return signature.length == 64 ? verifyRaw(message, signature) : verifyDer(message, signature);
  }

  /** Verifies a raw {@code r || s} signature (exactly 64 bytes). */
  public boolean verifyRaw(byte[] message, byte[] signature) {
    if (message == null || signature == null || signature.length != 64) {
      return false;
    }
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64));
    return check(message, r, s);
  }

  /** Verifies a DER {@code SEQUENCE { r INTEGER, s INTEGER }} signature; BER is refused. */
  public boolean verifyDer(byte[] message, byte[] signature) {
    if (message == null || signature == null || signature.length > 80) {
      return false;
    }
    BigInteger r;
    BigInteger s;
    try {
      Asn1Der.Reader outer = new Asn1Der.Reader(signature);
      Asn1Der.Reader seq = outer.sequence("ECDSA signature");
      outer.expectEnd("ECDSA signature");
      r = seq.integer("r", 33);
      s = seq.integer("s", 33);
      seq.expectEnd("ECDSA signature");
    } catch (Asn1Der.Asn1Exception e) {
      return false;
    }
    return check(message, r, s);
  }

  private boolean check(byte[] message, BigInteger r, BigInteger s) {
    BigInteger n = EcdsaP256Curve.N;
    if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
      return false;
    }
    try {
      return verifier.verify(Hashes.sha256(message), r, s);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The SubjectPublicKeyInfo DER encoding (named curve prime256v1). */
  public byte[] spki() {
    return key.getEncoded();
  }

  ECPublicKey jdkKey() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EcdsaPublicKey && ((EcdsaPublicKey) o).x().equals(x())
        && ((EcdsaPublicKey) o).y().equals(y());
  }

  @Override
  public int hashCode() {
    return x().hashCode() * 31 + y().hashCode();
  }

  @Override
  public String toString() {
    return "EcdsaPublicKey[P-256, x=" + x().toString(16) + "]";
  }
}
