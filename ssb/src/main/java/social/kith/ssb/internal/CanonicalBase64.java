package social.kith.ssb.internal;

import java.util.Base64;

/**
 * Standard base64 with padding, accepted only in the one form an encoder produces: decoding and
 * re-encoding must give the input back. This rejects missing or extra padding, non-zero trailing
 * bits and characters outside the alphabet, which lenient decoders (Node's Buffer) silently accept.
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
    int n = text.length();
    if (n % 4 != 0) {
      return null;
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '+' || c == '/' || (c == '=' && i >= n - 2);
      if (!ok) {
        return null;
      }
    }
    String s = text.toString();
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return Base64.getEncoder().encodeToString(decoded).equals(s) ? decoded : null;
  }

  /** Whether {@code text} is canonical base64 of any length (the empty string included). */
  public static boolean isCanonical(CharSequence text) {
    return decodeAny(text) != null;
  }

  /** Standard base64 with padding. */
  public static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
