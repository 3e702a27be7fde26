package social.kith.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC (RFC 2104) with SHA-256 and SHA-512 through the JDK's {@link Mac}. Any key length works,
 * including an empty key (which HMAC treats like a block of zero bytes). Checking a tag is
 * constant-time and accepts only a full-length tag.
 */
public final class Hmac {
  private Hmac() {}

  /** HMAC-SHA-256 of {@code message} under {@code key}: 32 bytes. */
  public static byte[] sha256(byte[] key, byte[] message) {
    return mac("HmacSHA256", key, message);
  }

  /** HMAC-SHA-512 of {@code message} under {@code key}: 64 bytes. */
  public static byte[] sha512(byte[] key, byte[] message) {
    return mac("HmacSHA512", key, message);
  }

  /** True if {@code tag} is the 32-byte HMAC-SHA-256 of {@code message}. Constant-time. */
  public static boolean verifySha256(byte[] key, byte[] message, byte[] tag) {
    return tag != null && ConstantTime.equals(sha256(key, message), tag);
  }

  /** True if {@code tag} is the 64-byte HMAC-SHA-512 of {@code message}. Constant-time. */
  public static boolean verifySha512(byte[] key, byte[] message, byte[] tag) {
    return tag != null && ConstantTime.equals(sha512(key, message), tag);
  }

  static byte[] mac(String algorithm, byte[] key, byte[] message) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
    return newMac(algorithm, key).doFinal(message);
  }

  static Mac newMac(String algorithm, byte[] key) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      // SecretKeySpec refuses an empty key; HMAC pads keys with zeros to the block size, so
      // the empty key and the one-zero-byte key are the same key.
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is required of every JDK", e);
    }
  }
}
