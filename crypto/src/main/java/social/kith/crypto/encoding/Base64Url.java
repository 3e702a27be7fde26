package social.kith.crypto.encoding;

import social.kith.crypto.CryptoException;
import social.kith.crypto.CryptoException.Reason;

/**
 * Unpadded base64url (RFC 4648 section 5, alphabet {@code A-Z a-z 0-9 - _}), as JWK, JWS and
 * multibase {@code u} use it, decoded strictly: {@code encode(decode(x)).equals(x)} always.
 *
 * <p>Refused with {@link Reason#NON_CANONICAL_BASE64}: any {@code =}, a length that leaves one
 * dangling character ({@code length % 4 == 1}), non-zero trailing bits, whitespace, the standard
 * alphabet's {@code +} and {@code /}, and any other character.
 */
public final class Base64Url {
  private Base64Url() {}

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
  private static final int[] DECODE = Base64Codec.decodeTable(ALPHABET);

  /** Encodes {@code data} as unpadded base64url. */
  public static String encode(byte[] data) {
    return Base64Codec.encode(data, ALPHABET, false);
  }

  /**
   * Decodes canonical unpadded base64url.
   *
   * @throws CryptoException with {@link Reason#NON_CANONICAL_BASE64} for any other text
   */
  public static byte[] decode(CharSequence text) {
    return Base64Codec.decode(text, DECODE, false, "base64url");
  }
}
