package social.kith.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * libsodium's {@code crypto_auth} (HMAC-SHA-512-256: HMAC-SHA-512 truncated to 32 bytes, with a
 * 32-byte key) and {@code crypto_auth_verify} (constant-time comparison). Stateless and thread-safe.
 */
public final class Auth {
  private Auth() {}

  /** {@code crypto_auth_BYTES}. */
  public static final int BYTES = 32;
  /** {@code crypto_auth_KEYBYTES}. */
  public static final int KEY_BYTES = 32;

  /**
   * {@code crypto_auth(out, in, inlen, k)}: the 32-byte tag of {@code message}.
   *
   * @throws CryptoException {@code INVALID_LENGTH} unless the key is 32 bytes
   */
  public static byte[] auth(byte[] message, byte[] key) {
    Objects.requireNonNull(message, "message");
    SodiumBytes.require(key, KEY_BYTES, "crypto_auth key");
    try {
      Mac mac = Mac.getInstance("HmacSHA512");
      mac.init(new SecretKeySpec(key, "HmacSHA512"));
      byte[] full = mac.doFinal(message);
      byte[] out = Arrays.copyOf(full, BYTES);
      Arrays.fill(full, (byte) 0);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA512 is required by every Java platform", e);
    }
  }

  /**
   * {@code crypto_auth_verify(h, in, inlen, k)}: true only if {@code tag} is the tag of
   * {@code message}, compared in constant time. A tag of the wrong length is simply not valid.
   *
   * @throws CryptoException {@code INVALID_LENGTH} unless the key is 32 bytes
   */
  public static boolean verify(byte[] tag, byte[] message, byte[] key) {
    byte[] expected = auth(message, key);
    return tag != null && tag.length == BYTES && MessageDigest.isEqual(expected, tag);
  }
}
