package social.kith.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import social.kith.crypto.CryptoException.Reason;

/**
 * Makes RSA keys and holds the policy that every RSA key must pass: a modulus of 2048 to 8192
 * bits, odd and positive; a public exponent that is odd, at least 3, at most 256 bits and below
 * the modulus. Keys that fail are refused with {@link Reason#UNSUPPORTED_KEY} before any
 * expensive arithmetic (checklist item 6).
 *
 * <pre>{@code
 * RsaPrivateKey key = RsaKeys.generate(2048);
 * RsaPublicKey pub = RsaKeys.strict().publicKey(n, e);
 * }</pre>
 *
 * <p>{@link #allowingWeakKeysForTestVectorsOnly()} lowers the minimum to 1024 bits for old
 * published test vectors (draft-cavage Appendix C). It logs a warning every time it is asked for
 * and must never be used for real peers.
 */
public final class RsaKeys {
  /** The smallest modulus accepted by default. */
  public static final int MIN_BITS = 2048;
  /** The largest modulus ever accepted (larger ones are a CPU-cost attack). */
  public static final int MAX_BITS = 8192;
  /** The smallest modulus {@link #allowingWeakKeysForTestVectorsOnly()} accepts. */
  public static final int WEAK_MIN_BITS = 1024;
  /** The largest public exponent, in bits. */
  public static final int MAX_EXPONENT_BITS = 256;

  private static final RsaKeys STRICT = new RsaKeys(MIN_BITS);
  private static final System.Logger LOG = System.getLogger("social.kith.crypto");

  private final int minimumBits;

  private RsaKeys(int minimumBits) {
    this.minimumBits = minimumBits;
  }

  /** The default policy: 2048 to 8192 bits. */
  public static RsaKeys strict() {
    return STRICT;
  }

  /**
   * TEST VECTORS ONLY: a policy that also accepts 1024-bit moduli, for published vectors such as
   * draft-cavage-http-signatures Appendix C. Logs a WARNING. Exponent and maximum-size checks
   * still apply.
   */
  public static RsaKeys allowingWeakKeysForTestVectorsOnly() {
    LOG.log(System.Logger.Level.WARNING,
        "INSECURE: RSA keys down to " + WEAK_MIN_BITS + " bits are allowed (test vectors only)");
    return new RsaKeys(WEAK_MIN_BITS);
  }

  /** The smallest modulus this policy accepts, in bits. */
  public int minimumBits() {
    return minimumBits;
  }

  /**
   * Generates a key of {@code bits} (2048, 3072 or 4096) with public exponent 65537.
   *
   * @throws CryptoException with {@link Reason#INVALID_ARGUMENT} for any other size
   */
  public static RsaPrivateKey generate(int bits) {
    if (bits != 2048 && bits != 3072 && bits != 4096) {
      throw new CryptoException(Reason.INVALID_ARGUMENT,
          "RSA key generation supports 2048, 3072 or 4096 bits, not " + bits);
    }
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4));
      KeyPair kp = g.generateKeyPair();
      RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
      return new RsaPrivateKey((RSAPrivateCrtKey) kp.getPrivate(), new RsaPublicKey(pub));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation failed", e);
    }
  }

  /**
   * The public key (n, e).
   *
   * @throws CryptoException with {@link Reason#UNSUPPORTED_KEY} if the key fails this policy
   */
  public RsaPublicKey publicKey(BigInteger modulus, BigInteger publicExponent) {
    check(modulus, publicExponent);
    try {
      RSAPublicKey k = (RSAPublicKey) factory()
          .generatePublic(new RSAPublicKeySpec(modulus, publicExponent));
      return new RsaPublicKey(k);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "RSA public key refused by the JDK", e);
    }
  }

  /**
   * A private key with its CRT components. The components are checked for consistency
   * (p·q = n, e·d ≡ 1 mod p−1 and q−1, the CRT values), which is cheap and stops a corrupted key
   * from making signatures that leak its factors.
   *
   * @throws CryptoException with {@link Reason#UNSUPPORTED_KEY} if the key fails this policy or
   *     its components disagree
   */
  public RsaPrivateKey privateKey(BigInteger n, BigInteger e, BigInteger d, BigInteger p,
      BigInteger q, BigInteger dp, BigInteger dq, BigInteger qi) {
    check(n, e);
    BigInteger one = BigInteger.ONE;
    boolean ok = d.signum() > 0 && d.compareTo(n) < 0
        && p.compareTo(one) > 0 && q.compareTo(one) > 0
        && p.multiply(q).equals(n)
        && e.multiply(d).mod(p.subtract(one)).equals(one)
        && e.multiply(d).mod(q.subtract(one)).equals(one)
        && dp.equals(d.mod(p.subtract(one)))
        && dq.equals(d.mod(q.subtract(one)))
        && qi.signum() > 0 && qi.compareTo(p) < 0
        && qi.multiply(q).mod(p).equals(one);
    if (!ok) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "RSA private key components are inconsistent");
    }
    try {
      KeyFactory f = factory();
      RSAPrivateCrtKey k = (RSAPrivateCrtKey) f.generatePrivate(
          new RSAPrivateCrtKeySpec(n, e, d, p, q, dp, dq, qi));
      RSAPublicKey pub = (RSAPublicKey) f.generatePublic(new RSAPublicKeySpec(n, e));
      return new RsaPrivateKey(k, new RsaPublicKey(pub));
    } catch (GeneralSecurityException ex) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "RSA private key refused by the JDK", ex);
    }
  }

  /**
   * A private key from (n, e, d) alone, as a JWK may give it. Signing is slower than with CRT
   * components; prefer {@link #privateKey(BigInteger, BigInteger, BigInteger, BigInteger,
   * BigInteger, BigInteger, BigInteger, BigInteger)}.
   */
  public RsaPrivateKey privateKey(BigInteger n, BigInteger e, BigInteger d) {
    check(n, e);
    if (d.signum() <= 0 || d.compareTo(n) >= 0) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "RSA private exponent is out of range");
    }
    try {
      KeyFactory f = factory();
      java.security.interfaces.RSAPrivateKey k = (java.security.interfaces.RSAPrivateKey)
          f.generatePrivate(new RSAPrivateKeySpec(n, d));
      RSAPublicKey pub = (RSAPublicKey) f.generatePublic(new RSAPublicKeySpec(n, e));
      return new RsaPrivateKey(k, new RsaPublicKey(pub));
    } catch (GeneralSecurityException ex) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "RSA private key refused by the JDK", ex);
    }
  }

  /** Parses PEM under this policy; see {@link Pem#rsaPublicKey(String, RsaKeys)}. */
  public RsaPublicKey publicKeyFromPem(String pem) {
    return Pem.rsaPublicKey(pem, this);
  }

  /** Parses PEM under this policy; see {@link Pem#rsaPrivateKey(String, RsaKeys)}. */
  public RsaPrivateKey privateKeyFromPem(String pem) {
    return Pem.rsaPrivateKey(pem, this);
  }

  /**
   * Checks (n, e) against this policy. Only comparisons and bit counts: no modular arithmetic.
   *
   * @throws CryptoException with {@link Reason#UNSUPPORTED_KEY}
   */
  public void check(BigInteger n, BigInteger e) {
    if (n == null || e == null) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "RSA modulus and exponent are required");
    }
    if (n.signum() <= 0 || !n.testBit(0)) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "RSA modulus must be positive and odd");
    }
    int bits = n.bitLength();
    if (bits < minimumBits) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY,
          "RSA key of " + bits + " bits is under the minimum of " + minimumBits);
    }
    if (bits > MAX_BITS) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY,
          "RSA key of " + bits + " bits is over the maximum of " + MAX_BITS);
    }
    if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY,
          "RSA public exponent must be odd and at least 3");
    }
    if (e.bitLength() > MAX_EXPONENT_BITS || e.compareTo(n) >= 0) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "RSA public exponent is too large");
    }
  }

  private static KeyFactory factory() throws GeneralSecurityException {
    return KeyFactory.getInstance("RSA");
  }

  @Override
  public String toString() {
    return "RsaKeys[" + minimumBits + ".." + MAX_BITS + " bits"
        + (minimumBits < MIN_BITS ? ", WEAK KEYS ALLOWED FOR TEST VECTORS" : "") + "]";
  }
}
