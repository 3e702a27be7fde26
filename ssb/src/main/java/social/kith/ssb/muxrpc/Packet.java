package social.kith.ssb.muxrpc;

import java.util.Objects;

/**
 * One packet-stream packet: the 9-byte header ({@code flags(1) length(4) request(4)}, big-endian)
 * and its body. Requests carry positive request numbers, responses the negated number.
 */
public record Packet(int request, boolean stream, boolean end, Body body) {
  /** Header length on the wire. */
  public static final int HEADER_BYTES = 9;

  public Packet {
    Objects.requireNonNull(body, "body");
    if (request == 0 || request == Integer.MIN_VALUE) {
      throw new IllegalArgumentException("request number must be non-zero and negatable: " + request);
    }
  }

  /** The flags byte: stream 0x08, end/error 0x04, body type in the low two bits. */
  public int flags() {
    return (stream ? 0x08 : 0) | (end ? 0x04 : 0) | body.type().code();
  }

  /** Header and body in one array. */
  public byte[] encode() {
    byte[] b = body.raw();
    byte[] out = new byte[HEADER_BYTES + b.length];
    out[0] = (byte) flags();
    putInt(out, 1, b.length);
    putInt(out, 5, request);
    System.arraycopy(b, 0, out, HEADER_BYTES, b.length);
    return out;
  }

  /** The end-of-session header: nine zero bytes. */
  public static byte[] goodbye() {
    return new byte[HEADER_BYTES];
  }

  private static void putInt(byte[] a, int o, int v) {
    a[o] = (byte) (v >>> 24);
    a[o + 1] = (byte) (v >>> 16);
    a[o + 2] = (byte) (v >>> 8);
    a[o + 3] = (byte) v;
  }
}
