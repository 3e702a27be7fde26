package social.kith.crypto.encoding;

import java.util.Arrays;
import social.kith.crypto.CryptoException;
import social.kith.crypto.CryptoException.Reason;

/** The strict base64 engine behind {@link CanonicalBase64} and {@link Base64Url}. */
final class Base64Codec {
  private Base64Codec() {}

  static int[] decodeTable(char[] alphabet) {
    int[] table = new int[128];
    Arrays.fill(table, -1);
    for (int i = 0; i < alphabet.length; i++) {
      table[alphabet[i]] = i;
    }
    return table;
  }

  static String encode(byte[] data, char[] alphabet, boolean pad) {
    int full = data.length / 3;
    int rest = data.length % 3;
    StringBuilder out = new StringBuilder((data.length + 2) / 3 * 4);
    int i = 0;
    for (int g = 0; g < full; g++) {
      int v = (data[i++] & 0xff) << 16 | (data[i++] & 0xff) << 8 | (data[i++] & 0xff);
      out.append(alphabet[v >>> 18]).append(alphabet[(v >>> 12) & 63])
          .append(alphabet[(v >>> 6) & 63]).append(alphabet[v & 63]);
    }
    if (rest == 1) {
      int v = (data[i] & 0xff) << 16;
      out.append(alphabet[v >>> 18]).append(alphabet[(v >>> 12) & 63]);
      if (pad) {
        out.append("==");
      }
    } else if (rest == 2) {
      int v = (data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8;
      out.append(alphabet[v >>> 18]).append(alphabet[(v >>> 12) & 63])
          .append(alphabet[(v >>> 6) & 63]);
      if (pad) {
        out.append('=');
      }
    }
    return out.toString();
  }

  static byte[] decode(CharSequence text, int[] table, boolean padded, String name) {
    if (text == null) {
      throw new CryptoException(Reason.NON_CANONICAL_BASE64, name + " text is null");
    }
    int len = text.length();
    int dataChars;
    if (padded) {
      if (len % 4 != 0) {
        throw bad(name, "length " + len + " is not a multiple of 4");
      }
      int padding = 0;
      while (padding < len && padding < 3 && text.charAt(len - 1 - padding) == '=') {
        padding++;
      }
      if (padding > 2) {
        throw bad(name, "too much padding");
      }
      dataChars = len - padding;
    } else {
      if (len % 4 == 1) {
        throw bad(name, "length " + len + " leaves a dangling character");
      }
      dataChars = len;
    }
    int rest = dataChars % 4;
    byte[] out = new byte[dataChars / 4 * 3 + (rest == 0 ? 0 : rest - 1)];
    int o = 0;
    int acc = 0;
    int bits = 0;
    for (int i = 0; i < dataChars; i++) {
      char c = text.charAt(i);
      int v = c < 128 ? table[c] : -1;
      if (v < 0) {
        throw bad(name, describe(c) + " at index " + i);
      }
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (byte) (acc >>> bits);
        acc &= (1 << bits) - 1;
      }
    }
    if (acc != 0) {
      throw bad(name, "non-zero padding bits");
    }
    return out;
  }

  private static String describe(char c) {
    if (c == '=') {
      return "'=' before the end";
    }
    if (Character.isWhitespace(c)) {
      return "whitespace";
    }
    if (c >= 0x20 && c < 0x7f) {
      return "character '" + c + "'";
    }
    return String.format("character U+%04X", (int) c);
  }

  private static CryptoException bad(String name, String why) {
    return new CryptoException(Reason.NON_CANONICAL_BASE64, "not canonical " + name + ": " + why);
  }
}
