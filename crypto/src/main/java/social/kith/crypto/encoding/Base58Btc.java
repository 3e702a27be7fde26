package social.kith.crypto.encoding;

import social.kith.crypto.CryptoException;
import social.kith.crypto.CryptoException.Reason;

/**
 * Base58 with the Bitcoin alphabet (no {@code 0 O I l}); each leading zero byte is written as
 * {@code '1'}. The encoding is a bijection, so decoding is canonical by construction.
 *
 * <p>Decoding is quadratic in the input length, so inputs longer than {@link #MAX_DECODE_LENGTH}
 * characters are refused before any work.
 */
public final class Base58Btc {
  private Base58Btc() {}

  /** The longest text {@link #decode} accepts. Keys and ids are far shorter. */
  public static final int MAX_DECODE_LENGTH = 4096;

  private static final char[] ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] DECODE = new int[128];

  static {
    java.util.Arrays.fill(DECODE, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      DECODE[ALPHABET[i]] = i;
    }
  }

  /** Encodes {@code data} in base58btc. */
  public static String encode(byte[] data) {
    int zeros = 0;
    while (zeros < data.length && data[zeros] == 0) {
      zeros++;
    }
    // log(256)/log(58) < 1.37
    byte[] digits = new byte[(data.length - zeros) * 137 / 100 + 1];
    int used = 0;
    for (int i = zeros; i < data.length; i++) {
      int carry = data[i] & 0xff;
      for (int j = 0; j < used; j++) {
        carry += (digits[j] & 0xff) << 8;
        digits[j] = (byte) (carry % 58);
        carry /= 58;
      }
      while (carry > 0) {
        digits[used++] = (byte) (carry % 58);
        carry /= 58;
      }
    }
    StringBuilder out = new StringBuilder(zeros + used);
    for (int i = 0; i < zeros; i++) {
      out.append('1');
    }
    for (int i = used - 1; i >= 0; i--) {
      out.append(ALPHABET[digits[i]]);
    }
    return out.toString();
  }

  /**
   * Decodes base58btc.
   *
   * @throws CryptoException with {@link Reason#MALFORMED_ENCODING} for a character outside the
   *     alphabet, or {@link Reason#INVALID_LENGTH} for text over {@link #MAX_DECODE_LENGTH}
   */
  public static byte[] decode(CharSequence text) {
    if (text == null) {
      throw new CryptoException(Reason.MALFORMED_ENCODING, "base58 text is null");
    }
    int len = text.length();
    if (len > MAX_DECODE_LENGTH) {
      throw new CryptoException(Reason.INVALID_LENGTH,
          "base58 text of " + len + " characters is over the limit of " + MAX_DECODE_LENGTH);
    }
    int zeros = 0;
    while (zeros < len && text.charAt(zeros) == '1') {
      zeros++;
    }
    // log(58)/log(256) < 0.733
    byte[] bytes = new byte[(len - zeros) * 733 / 1000 + 1];
    int used = 0;
    for (int i = zeros; i < len; i++) {
      char c = text.charAt(i);
      int carry = c < 128 ? DECODE[c] : -1;
      if (carry < 0) {
        throw new CryptoException(Reason.MALFORMED_ENCODING,
            "not a base58btc character at index " + i);
      }
      for (int j = 0; j < used; j++) {
        carry += (bytes[j] & 0xff) * 58;
        bytes[j] = (byte) carry;
        carry >>>= 8;
      }
      while (carry > 0) {
        bytes[used++] = (byte) carry;
        carry >>>= 8;
      }
    }
    byte[] out = new byte[zeros + used];
    for (int i = 0; i < used; i++) {
      out[zeros + i] = bytes[used - 1 - i];
    }
    return out;
  }
}
