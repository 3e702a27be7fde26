package social.kith.ssb.boxstream;

import java.util.Objects;
import java.util.function.Consumer;
import social.kith.crypto.CryptoException;
import social.kith.crypto.SecretBox;
import social.kith.ssb.shs.SessionKeys;

/**
 * The receiving half of a box-stream, fed with whatever byte runs the transport delivers. Memory is
 * bounded: a 34-byte header buffer, and a body buffer allocated only after the header has
 * authenticated and its length (1..4096) has been checked. Each body is released only after its
 * MAC verifies. The end of input must come after the goodbye ({@link #finish()} raises
 * {@code MISSING_GOODBYE} otherwise); bytes after the goodbye are refused. Any error leaves the
 * decoder failed. No I/O; not thread-safe.
 */
public final class BoxStreamDecoder {
  private enum State { HEADER, BODY, ENDED, FAILED }

  private final byte[] key;
  private final BoxNonce nonce;
  private final byte[] header = new byte[BoxStreamEncoder.HEADER_BYTES];
  private int headerFill;
  private byte[] body;
  private int bodyFill;
  private byte[] bodyMac;
  private byte[] bodyNonce;
  private State state = State.HEADER;

  BoxStreamDecoder(byte[] key, BoxNonce nonce) {
    if (Objects.requireNonNull(key, "key").length != SecretBox.KEY_BYTES) {
      throw new IllegalArgumentException("a box-stream key has 32 bytes");
    }
    this.key = key.clone();
    this.nonce = nonce;
  }

  /** A decoder with a key and starting nonce. */
  public static BoxStreamDecoder of(byte[] key, byte[] nonce) {
    return new BoxStreamDecoder(key, new BoxNonce(nonce));
  }

  /** The decoder for what we receive after the handshake that gave {@code keys}. */
  public static BoxStreamDecoder of(SessionKeys keys) {
    return of(keys.decryptionKey(), keys.decryptionNonce());
  }

  /** Decodes all of {@code data}; see {@link #feed(byte[], int, int, Consumer)}. */
  public void feed(byte[] data, Consumer<byte[]> plaintext) {
    feed(data, 0, data.length, plaintext);
  }

  /**
   * Decodes {@code length} bytes from {@code offset}, passing each authenticated body to
   * {@code plaintext} in order.
   *
   * @throws BoxStreamException on a bad header or body, a bad length, data after the goodbye,
   *     nonce exhaustion, or use after a failure; the decoder is failed afterwards
   */
  public void feed(byte[] data, int offset, int length, Consumer<byte[]> plaintext) {
    Objects.checkFromIndexSize(offset, length, data.length);
    int i = offset;
    int end = offset + length;
    while (i < end) {
      switch (state) {
        case HEADER -> {
          int n = Math.min(header.length - headerFill, end - i);
          System.arraycopy(data, i, header, headerFill, n);
          headerFill += n;
          i += n;
          if (headerFill == header.length) {
            openHeader();
          }
        }
        case BODY -> {
          int n = Math.min(body.length - bodyFill, end - i);
          System.arraycopy(data, i, body, bodyFill, n);
          bodyFill += n;
          i += n;
          if (bodyFill == body.length) {
            plaintext.accept(openBody());
          }
        }
        case ENDED -> throw fail(BoxStreamError.DATA_AFTER_GOODBYE, (end - i) + " bytes after the goodbye");
        case FAILED -> throw new BoxStreamException(BoxStreamError.CLOSED, "the box-stream already failed");
      }
    }
  }

  private void openHeader() {
    headerFill = 0;
    if (!nonce.has(1)) {
      throw fail(BoxStreamError.NONCE_EXHAUSTED, "the nonce counter would wrap; stream closed");
    }
    byte[] plain;
    try {
      plain = SecretBox.open(header, nonce.next(), key);
    } catch (CryptoException e) {
      throw fail(BoxStreamError.AUTHENTICATION_FAILED, "a box-stream header does not authenticate");
    }
    int len = (plain[0] & 0xff) << 8 | (plain[1] & 0xff);
    boolean allZero = true;
    for (byte b : plain) {
      allZero &= b == 0;
    }
    if (allZero) {
      state = State.ENDED;
      return;
    }
    if (len == 0 || len > BoxStreamEncoder.MAX_BODY) {
      throw fail(BoxStreamError.BAD_LENGTH, "authenticated header announces a body of " + len + " bytes");
    }
    if (!nonce.has(1)) {
      throw fail(BoxStreamError.NONCE_EXHAUSTED, "no nonce left for the body; stream closed");
    }
    bodyMac = java.util.Arrays.copyOfRange(plain, 2, 18);
    bodyNonce = nonce.next();
    body = new byte[len];
    bodyFill = 0;
    state = State.BODY;
  }

  private byte[] openBody() {
    byte[] out;
    try {
      out = SecretBox.openDetached(body, bodyMac, bodyNonce, key);
    } catch (CryptoException e) {
      throw fail(BoxStreamError.AUTHENTICATION_FAILED, "a box-stream body does not authenticate");
    }
    body = null;
    bodyMac = null;
    bodyNonce = null;
    state = State.HEADER;
    return out;
  }

  /**
   * Marks the end of the input (the transport closed).
   *
   * @throws BoxStreamException {@code MISSING_GOODBYE} unless the goodbye was received: a cut is an error
   */
  public void finish() {
    if (state != State.ENDED) {
      State was = state;
      throw fail(BoxStreamError.MISSING_GOODBYE,
          "the stream ended without a goodbye (" + (was == State.BODY || headerFill > 0 ? "mid-frame" : "between frames") + ")");
    }
  }

  /** Whether the goodbye was received. */
  public boolean isEnded() {
    return state == State.ENDED;
  }

  /** Bytes held for an incomplete frame (never more than 4096 + 34). */
  public int bufferedBytes() {
    return headerFill + (body == null ? 0 : body.length);
  }

  private BoxStreamException fail(BoxStreamError code, String message) {
    state = State.FAILED;
    body = null;
    return new BoxStreamException(code, message);
  }

  @Override
  public String toString() {
    return "BoxStreamDecoder[" + state + "]";
  }
}
