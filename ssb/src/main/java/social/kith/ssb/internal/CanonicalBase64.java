package social.kith.ssb.internal;

import social.kith.crypto.CryptoException;

/**
 * The SSB code's view of {@link social.kith.crypto.encoding.CanonicalBase64}: standard base64 with
 * padding, accepted only in the one form an encoder produces (lenient decoders such as Node's Buffer
 * map many spellings to one key). Validation code asks "is this canonical?" for every field, so
 * these return {@code null} instead of throwing.
 */
public final class CanonicalBase64 {
  private CanonicalBase64() {}

  /** The encoded length of {@code bytes} bytes, with padding. */
  public static int encodedLength(int bytes) {
    return (bytes + 2) / 3 * 4;
  }

  /** The bytes of {@code text}, or {@code null} if it is not canonical base64 of exactly {@code length} bytes. */
  public static byte[] decode(CharSequence text, int length) {
    if (text.length() != encodedLength(length)) {
      return null;
    }
    byte[] decoded = decodeAny(text);
    return decoded != null && decoded.length == length ? decoded : null;
  }

  /** The bytes of {@code text}, or {@code null} if it is not canonical base64 (any length, padding required). */
  public static byte[] decodeAny(CharSequence text) {
    try {
      return social.kith.crypto.encoding.CanonicalBase64.decode(text);
    } catch (CryptoException e) {
      return null;
    }
  }

  /** Whether {@code text} is canonical base64 of any length (the empty string included). */
  public static boolean isCanonical(CharSequence text) {
    return social.kith.crypto.encoding.CanonicalBase64.isCanonical(text);
  }

  /** Standard base64 with padding. */
  public static String encode(byte[] bytes) {
    return social.kith.crypto.encoding.CanonicalBase64.encode(bytes);
  }
}
