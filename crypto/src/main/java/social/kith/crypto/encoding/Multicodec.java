package social.kith.crypto.encoding;

import java.util.Arrays;
import social.kith.crypto.CryptoException;
import social.kith.crypto.CryptoException.Reason;

/**
 * Multicodec prefixes: an unsigned LEB128 varint naming the content, then the content. Varints
 * must be minimal (no trailing {@code 0x80 0x00} groups) and at most 9 bytes.
 */
public final class Multicodec {
  private Multicodec() {}

  /** {@code ed25519-pub}: an Ed25519 public key (varint bytes {@code 0xed 0x01}). */
  public static final int ED25519_PUB = 0xed;
  /** {@code x25519-pub}. */
  public static final int X25519_PUB = 0xec;
  /** {@code p256-pub}: a compressed P-256 point. */
  public static final int P256_PUB = 0x1200;

  /** The unsigned varint encoding of {@code value}. */
  public static byte[] varint(long value) {
    if (value < 0) {
      throw new CryptoException(Reason.INVALID_ARGUMENT, "varint value is negative");
    }
    byte[] buf = new byte[10];
    int n = 0;
    long v = value;
    while ((v & ~0x7fL) != 0) {
      buf[n++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[n++] = (byte) v;
    return Arrays.copyOf(buf, n);
  }

  /** {@code codec}'s varint followed by {@code data}. */
  public static byte[] prefix(int codec, byte[] data) {
    byte[] p = varint(codec);
    byte[] out = Arrays.copyOf(p, p.length + data.length);
    System.arraycopy(data, 0, out, p.length, data.length);
    return out;
  }

  /** The codec that {@code prefixed} starts with. */
  public static long codecOf(byte[] prefixed) {
    return readVarint(prefixed)[0];
  }

  /**
   * The content after the prefix, which must be {@code expectedCodec}.
   *
   * @throws CryptoException with {@link Reason#MALFORMED_ENCODING} for a malformed varint, or
   *     {@link Reason#UNSUPPORTED_KEY} for another codec
   */
  public static byte[] strip(int expectedCodec, byte[] prefixed) {
    long[] read = readVarint(prefixed);
    if (read[0] != expectedCodec) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "multicodec 0x" + Long.toHexString(read[0])
          + " where 0x" + Integer.toHexString(expectedCodec) + " was expected");
    }
    return Arrays.copyOfRange(prefixed, (int) read[1], prefixed.length);
  }

  /** Returns {value, bytes read}. */
  private static long[] readVarint(byte[] in) {
    long value = 0;
    for (int i = 0; i < 9; i++) {
      if (i >= in.length) {
        throw new CryptoException(Reason.MALFORMED_ENCODING, "truncated multicodec varint");
      }
      int b = in[i] & 0xff;
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new CryptoException(Reason.MALFORMED_ENCODING, "non-minimal multicodec varint");
        }
        return new long[] {value, i + 1};
      }
    }
    throw new CryptoException(Reason.MALFORMED_ENCODING, "multicodec varint longer than 9 bytes");
  }
}
