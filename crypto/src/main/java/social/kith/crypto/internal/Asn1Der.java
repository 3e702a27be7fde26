package social.kith.crypto.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/**
 * A small, strict DER reader and writer for key structures. Definite lengths only, minimal length
 * encodings, at most 64 KiB per element, nesting bounded by the callers' fixed grammars. Errors
 * are {@link Asn1Exception}, which callers map to a typed {@code CryptoException}.
 */
public final class Asn1Der {
  private Asn1Der() {}

  public static final int SEQUENCE = 0x30;
  public static final int INTEGER = 0x02;
  public static final int BIT_STRING = 0x03;
  public static final int OCTET_STRING = 0x04;
  public static final int NULL = 0x05;
  public static final int OID = 0x06;

  /** Context-specific constructed tag {@code [n]}. */
  public static int context(int n) {
    return 0xa0 | n;
  }

  /** A malformed or unexpected DER structure. */
  public static class Asn1Exception extends Exception {
    private static final long serialVersionUID = 1L;

    public Asn1Exception(String message) {
      super(message);
    }
  }

  /** Reads consecutive elements from a byte range. */
  public static final class Reader {
    private final byte[] data;
    private int pos;
    private final int end;

    public Reader(byte[] data) {
      this(data, 0, data.length);
    }

    private Reader(byte[] data, int start, int end) {
      this.data = data;
      this.pos = start;
      this.end = end;
    }

    public boolean hasMore() {
      return pos < end;
    }

    /** The tag of the next element, or -1 at the end. */
    public int peekTag() {
      return pos < end ? data[pos] & 0xff : -1;
    }

    public void expectEnd(String what) throws Asn1Exception {
      if (pos != end) {
        throw new Asn1Exception("trailing data after " + what);
      }
    }

    /** Reads the next element, which must have {@code tag}; returns a reader over its content. */
    public Reader read(int tag, String what) throws Asn1Exception {
      if (pos >= end) {
        throw new Asn1Exception("missing " + what);
      }
      int t = data[pos] & 0xff;
      if (t != tag) {
        throw new Asn1Exception(what + ": expected tag 0x" + Integer.toHexString(tag)
            + " but found 0x" + Integer.toHexString(t));
      }
      int p = pos + 1;
      if (p >= end) {
        throw new Asn1Exception("truncated length of " + what);
      }
      int first = data[p++] & 0xff;
      int length;
      if (first < 0x80) {
        length = first;
      } else {
        int n = first & 0x7f;
        if (n == 0) {
          throw new Asn1Exception("indefinite length in " + what);
        }
        if (n > 2) {
          throw new Asn1Exception(what + " is too long");
        }
        if (p + n > end) {
          throw new Asn1Exception("truncated length of " + what);
        }
        length = 0;
        for (int i = 0; i < n; i++) {
          length = (length << 8) | (data[p++] & 0xff);
        }
        if (length < 0x80 || (n == 2 && length < 0x100)) {
          throw new Asn1Exception("non-minimal length in " + what);
        }
      }
      if (length > end - p) {
        throw new Asn1Exception("truncated " + what);
      }
      pos = p + length;
      return new Reader(data, p, p + length);
    }

    /** The remaining content bytes of this reader. */
    public byte[] rest() {
      byte[] out = new byte[end - pos];
      System.arraycopy(data, pos, out, 0, out.length);
      pos = end;
      return out;
    }

    public Reader sequence(String what) throws Asn1Exception {
      return read(SEQUENCE, what);
    }

    /**
     * A DER INTEGER, minimal, at most {@code maxBytes} content bytes (checked before any
     * arithmetic).
     */
    public BigInteger integer(String what, int maxBytes) throws Asn1Exception {
      byte[] v = read(INTEGER, what).rest();
      if (v.length == 0) {
        throw new Asn1Exception("empty INTEGER " + what);
      }
      if (v.length > maxBytes) {
        throw new Asn1TooLargeException(what + " is " + v.length + " bytes, over " + maxBytes);
      }
      if (v.length > 1 && ((v[0] == 0 && (v[1] & 0x80) == 0) || (v[0] == -1 && (v[1] & 0x80) != 0))) {
        throw new Asn1Exception("non-minimal INTEGER " + what);
      }
      return new BigInteger(v);
    }

    public int smallInteger(String what) throws Asn1Exception {
      BigInteger v = integer(what, 4);
      return v.intValue();
    }

    public String oid(String what) throws Asn1Exception {
      byte[] v = read(OID, what).rest();
      return decodeOid(v, what);
    }

    public void nullValue(String what) throws Asn1Exception {
      if (read(NULL, what).hasMore()) {
        throw new Asn1Exception("NULL with content in " + what);
      }
    }

    public byte[] octetString(String what) throws Asn1Exception {
      return read(OCTET_STRING, what).rest();
    }

    /** A BIT STRING with no unused bits. */
    public byte[] bitString(String what) throws Asn1Exception {
      byte[] v = read(BIT_STRING, what).rest();
      if (v.length == 0 || v[0] != 0) {
        throw new Asn1Exception(what + " must be a whole number of bytes");
      }
      byte[] out = new byte[v.length - 1];
      System.arraycopy(v, 1, out, 0, out.length);
      return out;
    }
  }

  /** An INTEGER over the size the caller allows: a refused key, not a malformed one. */
  public static class Asn1TooLargeException extends Asn1Exception {
    private static final long serialVersionUID = 1L;

    public Asn1TooLargeException(String message) {
      super(message);
    }
  }

  static String decodeOid(byte[] v, String what) throws Asn1Exception {
    if (v.length == 0 || v.length > 32) {
      throw new Asn1Exception("bad OBJECT IDENTIFIER in " + what);
    }
    StringBuilder sb = new StringBuilder();
    long value = 0;
    boolean first = true;
    for (int i = 0; i < v.length; i++) {
      int b = v[i] & 0xff;
      if (value == 0 && b == 0x80) {
        throw new Asn1Exception("non-minimal OBJECT IDENTIFIER in " + what);
      }
      value = (value << 7) | (b & 0x7f);
      if (value > (1L << 40)) {
        throw new Asn1Exception("OBJECT IDENTIFIER arc too large in " + what);
      }
      if ((b & 0x80) == 0) {
        if (first) {
          long a = value < 40 ? 0 : value < 80 ? 1 : 2;
          sb.append(a).append('.').append(value - 40 * a);
          first = false;
        } else {
          sb.append('.').append(value);
        }
        value = 0;
      } else if (i == v.length - 1) {
        throw new Asn1Exception("truncated OBJECT IDENTIFIER in " + what);
      }
    }
    return sb.toString();
  }

  // ---- writing ----

  public static byte[] element(int tag, byte[]... contents) {
    int len = 0;
    for (byte[] c : contents) {
      len += c.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
    out.write(tag);
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >>> 8);
      out.write(len & 0xff);
    } else {
      out.write(0x83);
      out.write(len >>> 16);
      out.write((len >>> 8) & 0xff);
      out.write(len & 0xff);
    }
    for (byte[] c : contents) {
      out.write(c, 0, c.length);
    }
    return out.toByteArray();
  }

  public static byte[] sequence(byte[]... contents) {
    return element(SEQUENCE, contents);
  }

  public static byte[] integer(BigInteger v) {
    return element(INTEGER, v.toByteArray());
  }

  public static byte[] integer(int v) {
    return integer(BigInteger.valueOf(v));
  }

  public static byte[] octetString(byte[] v) {
    return element(OCTET_STRING, v);
  }

  public static byte[] bitString(byte[] v) {
    return element(BIT_STRING, new byte[] {0}, v);
  }

  public static byte[] nullValue() {
    return new byte[] {NULL, 0};
  }

  public static byte[] oid(String dotted) {
    String[] parts = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long[] arcs = new long[parts.length - 1];
    arcs[0] = Long.parseLong(parts[0]) * 40 + Long.parseLong(parts[1]);
    for (int i = 2; i < parts.length; i++) {
      arcs[i - 1] = Long.parseLong(parts[i]);
    }
    for (long arc : arcs) {
      int groups = 1;
      while ((arc >>> (7 * groups)) != 0) {
        groups++;
      }
      for (int g = groups - 1; g >= 0; g--) {
        int b = (int) ((arc >>> (7 * g)) & 0x7f);
        out.write(g == 0 ? b : b | 0x80);
      }
    }
    return element(OID, out.toByteArray());
  }
}
