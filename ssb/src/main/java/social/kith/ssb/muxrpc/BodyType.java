package social.kith.ssb.muxrpc;

/** The body encoding in the low two bits of a packet's flags. */
public enum BodyType {
  /** Raw bytes (0). */
  BINARY,
  /** UTF-8 text (1). */
  STRING,
  /** UTF-8 JSON (2). */
  JSON;

  /** The wire code. */
  public int code() {
    return ordinal();
  }
}
