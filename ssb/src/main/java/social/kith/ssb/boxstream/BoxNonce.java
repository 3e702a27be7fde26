package social.kith.ssb.boxstream;

/**
 * The 24-byte big-endian nonce counter of one box-stream direction. Each value is handed out once;
 * when the counter would wrap past all-ones it refuses ({@link BoxStreamError#NONCE_EXHAUSTED})
 * instead of repeating a nonce. There is no way to rewind it. Not thread-safe.
 */
class BoxNonce {
  private final byte[] value;
  private boolean exhausted;

  BoxNonce(byte[] start) {
    if (start == null || start.length != 24) {
      throw new IllegalArgumentException("a box-stream nonce has 24 bytes");
    }
    this.value = start.clone();
  }

  /** Whether {@code n} more nonces can be handed out without wrapping. Only 1 and 2 are asked. */
  boolean has(int n) {
    if (exhausted) {
      return false;
    }
    if (n <= 1) {
      return true;
    }
    // two nonces fit unless the current value is the very last one
    for (byte b : value) {
      if (b != (byte) 0xff) {
        return true;
      }
    }
    return false;
  }

  /** The current nonce (a fresh copy); the counter then moves on by one. */
  byte[] next() {
    if (exhausted) {
      throw new BoxStreamException(BoxStreamError.NONCE_EXHAUSTED, "the nonce counter is exhausted; stream closed");
    }
    byte[] out = value.clone();
    for (int i = value.length - 1; i >= 0; i--) {
      if (++value[i] != 0) {
        return out;
      }
    }
    exhausted = true; // wrapped to zero: this was the last nonce
    return out;
  }
}
