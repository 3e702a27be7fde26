package social.kith.crypto.encoding;

import social.kith.crypto.CryptoException;
import social.kith.crypto.CryptoException.Reason;

/**
 * Standard base64 (RFC 4648 section 4, alphabet {@code A-Z a-z 0-9 + /}, padded with {@code =}),
 * decoded strictly: only the exact text a canonical encoder produces is accepted, so that
 * {@code encode(decode(x)).equals(x)} for every {@code x} that decodes.
 *
 * <p>Refused with {@link Reason#NON_CANONICAL_BASE64}: a length that is not a multiple of four,
 * missing or extra {@code =}, {@code =} anywhere but the end, non-zero padding bits, whitespace
 * or line breaks, the URL-safe alphabet ({@code -} and {@code _}) and any other character.
 * This is the rule of ssb-validate's {@code is-canonical-base64} (checklist item 5).
 */
public final class CanonicalBase64 {
  private CanonicalBase64() {}

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
  private static final int[] DECODE = Base64Codec.decodeTable(ALPHABET);

  /** Encodes {@code data} as padded standard base64. */
  public static String encode(byte[] data) {
    return Base64Codec.encode(data, ALPHABET, true);
  }

  /**
   * Decodes canonical padded standard base64.
   *
   * @throws CryptoException with {@link Reason#NON_CANONICAL_BASE64} for any other text
   */
  public static byte[] decode(CharSequence text) {
    return Base64Codec.decode(text, DECODE, true, "base64");
  }

  /** True if {@code text} is canonical padded standard base64. */
  public static boolean isCanonical(CharSequence text) {
    try {
      decode(text);
      return true;
    } catch (CryptoException e) {
      return false;
    }
  }
}
