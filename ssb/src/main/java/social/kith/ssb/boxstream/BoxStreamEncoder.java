package social.kith.ssb.boxstream;

import java.util.Objects;
import social.kith.crypto.SecretBox;
import social.kith.ssb.Ssb;
import social.kith.ssb.shs.SessionKeys;

/**
 * The sending half of a box-stream (pull-box-stream's wire format): each chunk of at most 4096
 * bytes becomes a 34-byte boxed header ({@code secretbox(length(2) || bodyMac(16))} at nonce N)
 * followed by the body ciphertext (at nonce N+1, its MAC inside the header); the stream ends
 * with the goodbye, 18 zero bytes boxed as a header. Every frame is returned as one array holding
 * header and body, so an adapter can send each in one write. No I/O; not thread-safe.
 */
public final class BoxStreamEncoder {
  /** Boxed header length: 16-byte MAC + 2-byte length + 16-byte body MAC. */
  public static final int HEADER_BYTES = 34;
  /** The largest body of one frame. */
  public static final int MAX_BODY = Ssb.MAX_BOX_STREAM_BODY;

  private final byte[] key;
  private final BoxNonce nonce;
  private boolean closed;

  BoxStreamEncoder(byte[] key, BoxNonce nonce) {
    if (Objects.requireNonNull(key, "key").length != SecretBox.KEY_BYTES) {
      throw new IllegalArgumentException("a box-stream key has 32 bytes");
    }
    this.key = key.clone();
    this.nonce = nonce;
  }

  /** An encoder with a key and starting nonce (e.g. from a handshake). */
  public static BoxStreamEncoder of(byte[] key, byte[] nonce) {
    return new BoxStreamEncoder(key, new BoxNonce(nonce));
  }

  /** The encoder for what we send after the handshake that gave {@code keys}. */
  public static BoxStreamEncoder of(SessionKeys keys) {
    return of(keys.encryptionKey(), keys.encryptionNonce());
  }

  /** Frames for all of {@code data} (split into 4096-byte bodies), concatenated. Empty data gives no frame. */
  public byte[] encrypt(byte[] data) {
    return encrypt(data, 0, data.length);
  }

  /**
   * Frames for {@code length} bytes of {@code data} from {@code offset}, concatenated in one array.
   *
   * @throws BoxStreamException {@code CLOSED} after the goodbye or a failure; {@code NONCE_EXHAUSTED}
   *     when the nonce would wrap (the encoder is then closed and emits nothing for this call)
   */
  public byte[] encrypt(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    requireOpen();
    int frames = (length + MAX_BODY - 1) / MAX_BODY;
    byte[] out = new byte[frames * HEADER_BYTES + length];
    int o = 0;
    for (int i = 0; i < frames; i++) {
      int n = Math.min(MAX_BODY, length - i * MAX_BODY);
      byte[] body = new byte[n];
      System.arraycopy(data, offset + i * MAX_BODY, body, 0, n);
      o = frame(body, out, o);
    }
    return out;
  }

  private int frame(byte[] body, byte[] out, int o) {
    if (!nonce.has(2)) {
      closed = true;
      throw new BoxStreamException(BoxStreamError.NONCE_EXHAUSTED, "the nonce counter would wrap; stream closed");
    }
    byte[] headerNonce = nonce.next();
    byte[] bodyNonce = nonce.next();
    byte[] boxedBody = SecretBox.seal(body, bodyNonce, key); // MAC(16) || ciphertext
    byte[] header = new byte[18];
    header[0] = (byte) (body.length >>> 8);
    header[1] = (byte) body.length;
    System.arraycopy(boxedBody, 0, header, 2, 16);
    byte[] boxedHeader = SecretBox.seal(header, headerNonce, key);
    System.arraycopy(boxedHeader, 0, out, o, HEADER_BYTES);
    System.arraycopy(boxedBody, 16, out, o + HEADER_BYTES, body.length);
    return o + HEADER_BYTES + body.length;
  }

  /**
   * The goodbye frame (18 zero bytes boxed); the encoder is closed afterwards.
   *
   * @throws BoxStreamException {@code CLOSED} when already closed, {@code NONCE_EXHAUSTED} when no nonce is left
   */
  public byte[] goodbye() {
    requireOpen();
    closed = true;
    if (!nonce.has(1)) {
      throw new BoxStreamException(BoxStreamError.NONCE_EXHAUSTED, "no nonce left for the goodbye");
    }
    return SecretBox.seal(new byte[18], nonce.next(), key);
  }

  /** Whether the goodbye was sent or the encoder failed. */
  public boolean isClosed() {
    return closed;
  }

  private void requireOpen() {
    if (closed) {
      throw new BoxStreamException(BoxStreamError.CLOSED, "the box-stream is closed");
    }
  }

  @Override
  public String toString() {
    return "BoxStreamEncoder[" + (closed ? "closed" : "open") + "]";
  }
}
