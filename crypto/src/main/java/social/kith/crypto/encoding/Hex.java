package social.kith.crypto.encoding;

import social.kith.crypto.CryptoException;
import social.kith.crypto.CryptoException.Reason;

/** Base16: lowercase on output; either case accepted on input. */
public final class Hex {
  private Hex() {}

  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  /** Lowercase hex of {@code data}. */
  public static String encode(byte[] data) {
    char[] out = new char[data.length * 2];
    for (int i = 0; i < data.length; i++) {
      out[2 * i] = DIGITS[(data[i] >> 4) & 15];
      out[2 * i + 1] = DIGITS[data[i] & 15];
    }
    return new String(out);
  }

  /**
   * Decodes hex digits (either case, no separators, no {@code 0x}).
   *
   * @throws CryptoException with {@link Reason#MALFORMED_ENCODING} for an odd length or a non-hex
   *     character
   */
  public static byte[] decode(CharSequence text) {
    if (text == null) {
      throw new CryptoException(Reason.MALFORMED_ENCODING, "hex text is null");
    }
    int len = text.length();
    if (len % 2 != 0) {
      throw new CryptoException(Reason.MALFORMED_ENCODING, "hex has odd length " + len);
    }
    byte[] out = new byte[len / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (digit(text, 2 * i) << 4 | digit(text, 2 * i + 1));
    }
    return out;
  }

  /** Decodes strictly lowercase hex, as multibase {@code f} requires. */
  static byte[] decodeLowercase(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'F') {
        throw new CryptoException(Reason.MALFORMED_ENCODING, "uppercase hex digit at index " + i);
      }
    }
    return decode(text);
  }

  private static int digit(CharSequence text, int i) {
    char c = text.charAt(i);
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new CryptoException(Reason.MALFORMED_ENCODING, "not a hex digit at index " + i);
  }
}
