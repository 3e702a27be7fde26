package social.kith.crypto.encoding;

import social.kith.crypto.CryptoException;
import social.kith.crypto.CryptoException.Reason;

/** RFC 4648 base32, lowercase and unpadded, as multibase {@code b} writes it. Strict. */
final class Base32Lower {
  private Base32Lower() {}

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

  static String encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int acc = 0;
    int bits = 0;
    for (byte b : data) {
      acc = (acc << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out.append(ALPHABET.charAt((acc >>> bits) & 31));
      }
      acc &= (1 << bits) - 1;
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((acc << (5 - bits)) & 31));
    }
    return out.toString();
  }

  static byte[] decode(CharSequence text) {
    int len = text.length();
    int rest = len % 8;
    if (rest == 1 || rest == 3 || rest == 6) {
      throw new CryptoException(Reason.MALFORMED_ENCODING, "base32 length " + len + " is impossible");
    }
    byte[] out = new byte[len * 5 / 8];
    int o = 0;
    int acc = 0;
    int bits = 0;
    for (int i = 0; i < len; i++) {
      int v = ALPHABET.indexOf(text.charAt(i));
      if (v < 0) {
        throw new CryptoException(Reason.MALFORMED_ENCODING, "not a base32 character at index " + i);
      }
      acc = (acc << 5) | v;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (byte) (acc >>> bits);
        acc &= (1 << bits) - 1;
      }
    }
    if (acc != 0) {
      throw new CryptoException(Reason.MALFORMED_ENCODING, "non-zero trailing bits in base32");
    }
    return out;
  }
}
