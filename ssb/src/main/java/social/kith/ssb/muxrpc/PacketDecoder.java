package social.kith.ssb.muxrpc;

import java.util.function.Consumer;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.SsbError;
import social.kith.ssb.SsbException;

/**
 * Splits a byte stream into packets. The header is checked before any body buffer exists: unknown
 * flag bits, body type 3, a length above the limit and request number 0 are violations; a body
 * buffer is at most {@link MuxRpcLimits#maxBodyLength()}. JSON bodies are parsed here, under the
 * depth limit. After a violation the decoder is failed. No I/O; not thread-safe.
 */
public final class PacketDecoder {
  private final MuxRpcLimits limits;
  private final JsonParser parser;
  private final byte[] header = new byte[Packet.HEADER_BYTES];
  private int headerFill;
  private byte[] body;
  private int bodyFill;
  private int flags;
  private int request;
  private boolean ended;
  private boolean failed;

  public PacketDecoder(MuxRpcLimits limits) {
    this.limits = limits;
    this.parser = JsonParser.withLimits(limits.maxJsonDepth(), limits.maxBodyLength());
  }

  /**
   * Decodes {@code length} bytes from {@code offset}; each complete packet goes to {@code packets},
   * and the end-of-session header to {@code onGoodbye}.
   *
   * @throws MuxRpcException on a protocol violation (then the decoder is failed)
   */
  public void feed(byte[] data, int offset, int length, Consumer<Packet> packets, Runnable onGoodbye) {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      if (failed) {
        throw new MuxRpcException(MuxRpcError.CLOSED, "the packet stream already failed");
      }
      if (ended) {
        // packet-stream ignores what follows its end; so do we, without buffering it
        return;
      }
      if (body == null) {
        int n = Math.min(header.length - headerFill, end - i);
        System.arraycopy(data, i, header, headerFill, n);
        headerFill += n;
        i += n;
        if (headerFill == header.length) {
          headerFill = 0;
          if (startBody()) {
            ended = true;
            onGoodbye.run();
            return;
          }
          if (body.length == 0) {
            packets.accept(finishBody());
          }
        }
      } else {
        int n = Math.min(body.length - bodyFill, end - i);
        System.arraycopy(data, i, body, bodyFill, n);
        bodyFill += n;
        i += n;
        if (bodyFill == body.length) {
          packets.accept(finishBody());
        }
      }
    }
  }

  /** True for the end-of-session header. */
  private boolean startBody() {
    boolean zero = true;
    for (byte b : header) {
      zero &= b == 0;
    }
    if (zero) {
      return true;
    }
    flags = header[0] & 0xff;
    long len = ((header[1] & 0xffL) << 24) | ((header[2] & 0xff) << 16) | ((header[3] & 0xff) << 8) | (header[4] & 0xff);
    request = (header[5] & 0xff) << 24 | (header[6] & 0xff) << 16 | (header[7] & 0xff) << 8 | (header[8] & 0xff);
    if ((flags & 0xf0) != 0 || (flags & 0x03) == 3) {
      throw violation(MuxRpcError.BAD_FLAGS, String.format("unknown flag bits 0x%02x", flags));
    }
    if (len > limits.maxBodyLength()) {
      throw violation(MuxRpcError.BODY_TOO_LARGE,
          "a body of " + len + " bytes exceeds the limit of " + limits.maxBodyLength());
    }
    if (request == 0 || request == Integer.MIN_VALUE) {
      throw violation(MuxRpcError.BAD_REQUEST_NUMBER, "request number " + request);
    }
    body = new byte[(int) len];
    bodyFill = 0;
    return false;
  }

  private Packet finishBody() {
    byte[] b = body;
    body = null;
    BodyType type = BodyType.values()[flags & 0x03];
    JsonValue json = null;
    if (type == BodyType.JSON) {
      try {
        json = parser.parse(b);
      } catch (SsbException e) {
        throw violation(e.code() == SsbError.JSON_TOO_DEEP ? MuxRpcError.JSON_TOO_DEEP : MuxRpcError.BAD_JSON,
            "JSON body refused: " + e.code());
      }
    }
    return new Packet(request, (flags & 0x08) != 0, (flags & 0x04) != 0, Body.received(type, b, json));
  }

  /** Whether the end-of-session header was read. */
  public boolean isEnded() {
    return ended;
  }

  /** Bytes held for an incomplete packet. */
  public int bufferedBytes() {
    return headerFill + (body == null ? 0 : body.length);
  }

  private MuxRpcException violation(MuxRpcError code, String message) {
    failed = true;
    body = null;
    return new MuxRpcException(code, message);
  }
}
