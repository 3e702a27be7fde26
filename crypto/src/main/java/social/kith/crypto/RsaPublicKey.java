package social.kith.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * An RSA public key that passed {@link RsaKeys}' policy. {@link #verify} checks RSASSA-PKCS1-v1_5
 * with SHA-256 (HTTP Signatures' {@code rsa-sha256}, {@code hs2019} with an RSA key, and RFC
 * 9421's {@code rsa-v1_5-sha256}); {@link #verifyPss} checks RFC 9421's {@code rsa-pss-sha512}.
 * Verification never throws on a malformed signature: it is simply not valid. A signature must
 * be exactly the modulus length. PKCS#1 v1.5 accepts a DigestInfo whose algorithm parameters are
 * NULL or absent (RFC 8017 section 9.2 note 2; Wycheproof "MissingNull"), as the JDK does.
 *
 * <p>Immutable and thread-safe; equal when modulus and exponent are equal.
 */
public final class RsaPublicKey implements VerifyingKey {
  /** RSASSA-PSS with SHA-512, MGF1-SHA-512, a 64-byte salt and trailer field 1 (RFC 9421). */
  static final PSSParameterSpec PSS_SHA512 =
      new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1);

  private final RSAPublicKey key;

  RsaPublicKey(RSAPublicKey key) {
    this.key = key;
  }

  @Override
  public KeyAlgorithm algorithm() {
    return KeyAlgorithm.RSA;
  }

  /** The modulus n. */
  public BigInteger modulus() {
    return key.getModulus();
  }

  /** The public exponent e. */
  public BigInteger publicExponent() {
    return key.getPublicExponent();
  }

  /** The size of the modulus in bits. */
  public int bitLength() {
    return key.getModulus().bitLength();
  }

  /** Verifies RSASSA-PKCS1-v1_5 with SHA-256, the default RSA scheme. */
  @Override
  public boolean verify(byte[] message, byte[] signature) {
    return verifyPkcs1Sha256(message, signature);
  }

  /** Verifies RSASSA-PKCS1-v1_5 with SHA-256. */
  public boolean verifyPkcs1Sha256(byte[] message, byte[] signature) {
    return check("SHA256withRSA", null, message, signature);
  }

  /** Verifies RSASSA-PSS with SHA-512, MGF1-SHA-512, 64-byte salt (RFC 9421 {@code rsa-pss-sha512}). */
  public boolean verifyPss(byte[] message, byte[] signature) {
    return check("RSASSA-PSS", PSS_SHA512, message, signature);
  }

  private boolean check(String algorithm, PSSParameterSpec params, byte[] message, byte[] signature) {
    if (message == null || signature == null
        || signature.length != (key.getModulus().bitLength() + 7) / 8) {
      return false;
    }
    try {
      Signature s = Signature.getInstance(algorithm);
      if (params != null) {
        s.setParameter(params);
      }
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The SubjectPublicKeyInfo DER encoding. */
  public byte[] spki() {
    return key.getEncoded();
  }

  RSAPublicKey jdkKey() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RsaPublicKey
        && ((RsaPublicKey) o).modulus().equals(modulus())
        && ((RsaPublicKey) o).publicExponent().equals(publicExponent());
  }

  @Override
  public int hashCode() {
    return modulus().hashCode() * 31 + publicExponent().hashCode();
  }

  @Override
  public String toString() {
    return "RsaPublicKey[" + bitLength() + " bits, e=" + publicExponent() + "]";
  }
}
