package social.kith.ssb;

/** Constants of the Secure Scuttlebutt protocol that every part of the module shares. */
public final class Ssb {
  private Ssb() {}

  /** The main network's key ("caps" / shs app key), base64: the default for handshakes. */
  public static final String MAIN_NET_CAPS = "1KHLiKZvAvjbY1ziZEHMXawbCEIM6qwjCDm3VYRan/s=";

  /** The largest classic message, in UTF-16 code units of {@code JSON.stringify(msg, null, 2)}. */
  public static final int MAX_MESSAGE_LENGTH = 8192;

  /** The largest box-stream body, in bytes. */
  public static final int MAX_BOX_STREAM_BODY = 4096;
}
