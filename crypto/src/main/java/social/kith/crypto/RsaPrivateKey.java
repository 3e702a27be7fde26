package social.kith.crypto;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Objects;

/**
 * An RSA private key. {@link #sign} makes RSASSA-PKCS1-v1_5 SHA-256 signatures; {@link #signPss}
 * makes RFC 9421 {@code rsa-pss-sha512} signatures.
 *
 * <p>Immutable and thread-safe. {@code toString} shows only the size; {@code equals} is identity,
 * so key material never takes part in a comparison.
 */
public final class RsaPrivateKey implements SigningKey {
  private final RSAPrivateKey key;
  private final RsaPublicKey publicKey;

  RsaPrivateKey(RSAPrivateKey key, RsaPublicKey publicKey) {
    this.key = key;
    this.publicKey = publicKey;
  }

  @Override
  public KeyAlgorithm algorithm() {
    return KeyAlgorithm.RSA;
  }

  @Override
  public RsaPublicKey verifyingKey() {
    return publicKey;
  }

  /** Signs with RSASSA-PKCS1-v1_5 and SHA-256, the default RSA scheme. */
  @Override
  public byte[] sign(byte[] message) {
    return signPkcs1Sha256(message);
  }

  /** Signs with RSASSA-PKCS1-v1_5 and SHA-256. Deterministic. */
  public byte[] signPkcs1Sha256(byte[] message) {
    return run("SHA256withRSA", false, message);
  }

  /** Signs with RSASSA-PSS, SHA-512, MGF1-SHA-512 and a random 64-byte salt. */
  public byte[] signPss(byte[] message) {
    return run("RSASSA-PSS", true, message);
  }

  private byte[] run(String algorithm, boolean pss, byte[] message) {
    Objects.requireNonNull(message, "message");
    try {
      Signature s = Signature.getInstance(algorithm);
      if (pss) {
        s.setParameter(RsaPublicKey.PSS_SHA512);
      }
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " signing failed", e);
    }
  }

  /** The size of the modulus in bits. */
  public int bitLength() {
    return publicKey.bitLength();
  }

  RSAPrivateKey jdkKey() {
    return key;
  }

  /** The CRT form, or null for a key made from (n, e, d) alone. */
  RSAPrivateCrtKey crtKey() {
    return key instanceof RSAPrivateCrtKey ? (RSAPrivateCrtKey) key : null;
  }

  @Override
  public String toString() {
    return "RsaPrivateKey[" + bitLength() + " bits, key material hidden]";
  }
}
