package social.kith.ssb;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import social.kith.ssb.internal.CanonicalBase64;

/**
 * A sign-cap: the 32-byte key of a test or private network. When set, classic messages are signed
 * over {@code crypto_auth(signingBytes, key)} (HMAC-SHA-512 truncated to 32 bytes) instead of the
 * signing bytes themselves, so messages of one network do not verify on another. The key is not
 * shown by {@link #toString()}.
 */
public final class HmacKey {
  private final byte[] key;

  private HmacKey(byte[] key) {
    this.key = key;
  }

  /** A key of exactly 32 bytes; {@link SsbError#INVALID_HMAC_KEY} otherwise. */
  public static HmacKey of(byte[] key) {
    if (key == null || key.length != 32) {
      throw new SsbException(SsbError.INVALID_HMAC_KEY, "an HMAC key has exactly 32 bytes");
    }
    return new HmacKey(key.clone());
  }

  /**
   * Parses the base64 form used in configs (ssb-validate's {@code isInvalidHmacKey}): canonical
   * base64 of exactly 32 bytes; {@link SsbError#INVALID_HMAC_KEY} otherwise (a configuration error).
   */
  public static HmacKey fromBase64(String base64) {
    byte[] bytes = base64 == null ? null : CanonicalBase64.decode(base64, 32);
    if (bytes == null) {
      throw new SsbException(SsbError.INVALID_HMAC_KEY, "an HMAC key must be canonical base64 of 32 bytes");
    }
    return new HmacKey(bytes);
  }

  /** libsodium's {@code crypto_auth}: the first 32 bytes of HMAC-SHA-512 of {@code data} under this key. */
  public byte[] authenticate(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA512");
      mac.init(new SecretKeySpec(key, "HmacSHA512"));
      return Arrays.copyOf(mac.doFinal(data), 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA512", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HmacKey other && MessageDigest.isEqual(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "HmacKey[32 bytes]";
  }
}
