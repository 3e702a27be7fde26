package social.kith.crypto.encoding;

import social.kith.crypto.CryptoException;
import social.kith.crypto.CryptoException.Reason;

/**
 * Multibase: a one-character prefix naming the base, then the encoded bytes. Supported:
 * {@code z} base58btc, {@code u} base64url (unpadded), {@code f} base16 (lowercase) and
 * {@code b} base32 (lowercase, unpadded). Decoding is strict in each base.
 */
public final class Multibase {
  private Multibase() {}

  /** A base that {@link Multibase} reads and writes. */
  public enum Base {
    /** {@code z}: base58btc. */
    BASE58BTC('z'),
    /** {@code u}: unpadded base64url. */
    BASE64URL('u'),
    /** {@code f}: lowercase base16. */
    BASE16('f'),
    /** {@code b}: lowercase unpadded RFC 4648 base32. */
    BASE32('b');

    private final char prefix;

    Base(char prefix) {
      this.prefix = prefix;
    }

    /** The prefix character. */
    public char prefix() {
      return prefix;
    }
  }

  /** Encodes {@code data} in {@code base} with its prefix. */
  public static String encode(Base base, byte[] data) {
    String body;
    switch (base) {
      case BASE58BTC: body = Base58Btc.encode(data); break;
      case BASE64URL: body = Base64Url.encode(data); break;
      case BASE16: body = Hex.encode(data); break;
      case BASE32: body = Base32Lower.encode(data); break;
      default: throw new IllegalArgumentException("unknown base " + base);
    }
    return base.prefix + body;
  }

  /** The base that {@code text} claims, from its prefix. */
  public static Base baseOf(CharSequence text) {
    if (text == null || text.length() == 0) {
      throw new CryptoException(Reason.MALFORMED_ENCODING, "multibase text is empty");
    }
    char c = text.charAt(0);
    for (Base b : Base.values()) {
      if (b.prefix == c) {
        return b;
      }
    }
    throw new CryptoException(Reason.MALFORMED_ENCODING,
        c >= 0x20 && c < 0x7f ? "unsupported multibase prefix '" + c + "'" : "unsupported multibase prefix");
  }

  /**
   * Decodes multibase text in any supported base.
   *
   * @throws CryptoException with {@link Reason#MALFORMED_ENCODING} (or the base's own reason, such
   *     as {@link Reason#NON_CANONICAL_BASE64}) for an unknown prefix or a malformed body
   */
  public static byte[] decode(CharSequence text) {
    Base base = baseOf(text);
    CharSequence body = text.subSequence(1, text.length());
    switch (base) {
      case BASE58BTC: return Base58Btc.decode(body);
      case BASE64URL: return Base64Url.decode(body);
      case BASE16: return Hex.decodeLowercase(body);
      case BASE32: return Base32Lower.decode(body);
      default: throw new IllegalStateException();
    }
  }

  /** Decodes multibase text that must be in {@code expected}. */
  public static byte[] decode(Base expected, CharSequence text) {
    Base base = baseOf(text);
    if (base != expected) {
      throw new CryptoException(Reason.MALFORMED_ENCODING,
          "expected multibase " + expected + " but found " + base);
    }
    return decode(text);
  }
}
