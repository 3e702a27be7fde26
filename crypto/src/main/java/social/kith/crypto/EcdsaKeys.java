package social.kith.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import social.kith.crypto.CryptoException.Reason;
import social.kith.crypto.internal.EcdsaP256Curve;

/**
 * Makes ECDSA P-256 keys. Every public point is checked to lie on the curve; every private
 * scalar to lie in [1, n−1] and, when its public point is given, to match it.
 */
public final class EcdsaKeys {
  private EcdsaKeys() {}

  /** Bytes in a P-256 coordinate or scalar. */
  public static final int FIELD_LENGTH = 32;

  /** A fresh random key. */
  public static EcdsaPrivateKey generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      return new EcdsaPrivateKey((ECPrivateKey) kp.getPrivate(),
          new EcdsaPublicKey((ECPublicKey) kp.getPublic()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 key generation failed", e);
    }
  }

  /**
   * The public key at (x, y).
   *
   * @throws CryptoException with {@link Reason#UNSUPPORTED_KEY} if the point is not on P-256
   */
  public static EcdsaPublicKey publicKey(BigInteger x, BigInteger y) {
    if (x == null || y == null || !EcdsaP256Curve.isOnCurve(x, y)) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "point is not on P-256");
    }
    try {
      ECPublicKey k = (ECPublicKey) KeyFactory.getInstance("EC")
          .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), EcdsaP256Curve.PARAMS));
      return new EcdsaPublicKey(k);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "P-256 public key refused by the JDK", e);
    }
  }

  /**
   * The public key from an uncompressed SEC1 point ({@code 0x04 || x || y}, 65 bytes).
   *
   * @throws CryptoException with {@link Reason#UNSUPPORTED_KEY} for compressed or invalid points
   */
  public static EcdsaPublicKey publicKey(byte[] uncompressedPoint) {
    if (uncompressedPoint == null || uncompressedPoint.length != 65 || uncompressedPoint[0] != 4) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY,
          "only uncompressed P-256 points (65 bytes starting 0x04) are supported");
    }
    return publicKey(new BigInteger(1, java.util.Arrays.copyOfRange(uncompressedPoint, 1, 33)),
        new BigInteger(1, java.util.Arrays.copyOfRange(uncompressedPoint, 33, 65)));
  }

  /** The private key with scalar {@code d}; its public point is computed. */
  public static EcdsaPrivateKey privateKey(BigInteger d) {
    checkScalar(d);
    BigInteger[] q = EcdsaP256Curve.publicPoint(d);
    return build(d, publicKey(q[0], q[1]));
  }

  /**
   * The private key with scalar {@code d} and its public key, which must match.
   *
   * @throws CryptoException with {@link Reason#UNSUPPORTED_KEY} if they do not
   */
  public static EcdsaPrivateKey privateKey(BigInteger d, EcdsaPublicKey publicKey) {
    checkScalar(d);
    BigInteger[] q = EcdsaP256Curve.publicPoint(d);
    if (!q[0].equals(publicKey.x()) || !q[1].equals(publicKey.y())) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "P-256 private and public keys do not match");
    }
    return build(d, publicKey);
  }

  private static void checkScalar(BigInteger d) {
    if (d == null || d.signum() <= 0 || d.compareTo(EcdsaP256Curve.N) >= 0) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "P-256 private scalar is out of range");
    }
  }

  private static EcdsaPrivateKey build(BigInteger d, EcdsaPublicKey publicKey) {
    try {
      ECPrivateKey k = (ECPrivateKey) KeyFactory.getInstance("EC")
          .generatePrivate(new ECPrivateKeySpec(d, EcdsaP256Curve.PARAMS));
      return new EcdsaPrivateKey(k, publicKey);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "P-256 private key refused by the JDK", e);
    }
  }

  /** {@code v} as exactly {@code FIELD_LENGTH} big-endian bytes. */
  static byte[] fixed(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[FIELD_LENGTH];
    int copy = Math.min(raw.length, FIELD_LENGTH);
    System.arraycopy(raw, raw.length - copy, out, FIELD_LENGTH - copy, copy);
    return out;
  }
}
