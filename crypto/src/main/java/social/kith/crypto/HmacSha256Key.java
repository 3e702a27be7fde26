package social.kith.crypto;

import java.security.SecureRandom;

/**
 * A shared secret for HMAC-SHA-256 signatures (RFC 9421 {@code hmac-sha256}). It both signs and
 * verifies; verification is constant-time and needs the full 32-byte tag.
 *
 * <p>Secrets must be at least {@link #MIN_LENGTH} bytes. Immutable and thread-safe; {@code
 * toString} hides the secret and {@code equals} is identity.
 */
public final class HmacSha256Key implements SigningKey, VerifyingKey {
  /** The shortest secret accepted, in bytes. */
  public static final int MIN_LENGTH = 16;
  /** The tag length, in bytes. */
  public static final int TAG_LENGTH = 32;

  private final byte[] secret;

  private HmacSha256Key(byte[] secret) {
    this.secret = secret;
  }

  /**
   * A key holding a copy of {@code secret}.
   *
   * @throws CryptoException with {@link CryptoException.Reason#INVALID_LENGTH} for a secret
   *     shorter than {@link #MIN_LENGTH}
   */
  public static HmacSha256Key of(byte[] secret) {
    if (secret == null || secret.length < MIN_LENGTH) {
      throw new CryptoException(CryptoException.Reason.INVALID_LENGTH,
          "an HMAC-SHA-256 secret must be at least " + MIN_LENGTH + " bytes");
    }
    return new HmacSha256Key(secret.clone());
  }

  /** A fresh random 32-byte secret. */
  public static HmacSha256Key generate() {
    byte[] s = new byte[32];
    new SecureRandom().nextBytes(s);
    return new HmacSha256Key(s);
  }

  @Override
  public KeyAlgorithm algorithm() {
    return KeyAlgorithm.HMAC_SHA256;
  }

  /** This key: HMAC verifies with the same secret. */
  @Override
  public HmacSha256Key verifyingKey() {
    return this;
  }

  @Override
  public byte[] sign(byte[] message) {
    return Hmac.sha256(secret, message);
  }

  /** Constant-time check of a 32-byte tag; false for null or a tag of another length. */
  @Override
  public boolean verify(byte[] message, byte[] signature) {
    if (message == null || signature == null || signature.length != TAG_LENGTH) {
      return false;
    }
    return ConstantTime.equals(Hmac.sha256(secret, message), signature);
  }

  /** A copy of the secret, for key writers in this package. */
  byte[] secret() {
    return secret.clone();
  }

  @Override
  public String toString() {
    return "HmacSha256Key[secret hidden]";
  }
}
