package social.kith.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.util.Objects;
import social.kith.crypto.internal.Asn1Der;

/**
 * An ECDSA P-256 private key. {@link #sign} returns the raw 64-byte {@code r || s} form (RFC 9421,
 * JWS); {@link #signDer} the DER form. Signatures use fresh randomness.
 *
 * <p>Immutable and thread-safe. {@code toString} hides the scalar; {@code equals} is identity.
 */
public final class EcdsaPrivateKey implements SigningKey {
  private final ECPrivateKey key;
  private final EcdsaPublicKey publicKey;

  EcdsaPrivateKey(ECPrivateKey key, EcdsaPublicKey publicKey) {
    this.key = key;
    this.publicKey = publicKey;
  }

  @Override
  public KeyAlgorithm algorithm() {
    return KeyAlgorithm.ECDSA_P256;
  }

  @Override
  public EcdsaPublicKey verifyingKey() {
    return publicKey;
  }

  /** Signs SHA-256 of {@code message}; returns raw {@code r || s} (64 bytes). */
  @Override
  public byte[] sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA signing failed", e);
    }
  }

  /** Signs SHA-256 of {@code message}; returns a DER {@code SEQUENCE { r, s }}. */
  public byte[] signDer(byte[] message) {
    byte[] raw = sign(message);
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, 32));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64));
    return Asn1Der.sequence(Asn1Der.integer(r), Asn1Der.integer(s));
  }

  /** The private scalar as 32 bytes, for key writers in this package. */
  byte[] scalar() {
    return EcdsaKeys.fixed(key.getS());
  }

  @Override
  public String toString() {
    return "EcdsaPrivateKey[P-256, key material hidden]";
  }
}
