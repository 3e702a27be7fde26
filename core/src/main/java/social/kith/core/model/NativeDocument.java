package social.kith.core.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import social.kith.core.InvalidInputException;
import social.kith.core.internal.Checks;

/**
 * The document a post or event was made from, exactly as the protocol carried it (an ActivityStreams
 * JSON object, an SSB message). Kept beside the neutral model so that nothing is lost and a program
 * that needs protocol detail can read it. Immutable: the bytes are copied in and out.
 */
public final class NativeDocument {
  /** The largest document kept, in bytes. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  private final Protocol protocol;
  private final String mediaType;
  private final byte[] bytes;

  private NativeDocument(Protocol protocol, String mediaType, byte[] bytes) {
    this.protocol = Checks.present(protocol, "native document protocol");
    this.mediaType = Checks.mediaType(mediaType, "native document media type");
    Checks.present(bytes, "native document bytes");
    if (bytes.length > MAX_BYTES) {
      throw InvalidInputException.limit("native document is larger than " + MAX_BYTES + " bytes");
    }
    this.bytes = bytes.clone();
  }

  /** A document of raw bytes. */
  public static NativeDocument of(Protocol protocol, String mediaType, byte[] bytes) {
    return new NativeDocument(protocol, mediaType, bytes);
  }

  /** A text document, stored as UTF-8. */
  public static NativeDocument ofText(Protocol protocol, String mediaType, String text) {
    Checks.present(text, "native document text");
    if (text.length() > MAX_BYTES) {
      throw InvalidInputException.limit("native document is larger than " + MAX_BYTES + " bytes");
    }
    return new NativeDocument(protocol, mediaType, text.getBytes(StandardCharsets.UTF_8));
  }

  public Protocol protocol() {
    return protocol;
  }

  /** E.g. {@code application/activity+json} or {@code application/json}. */
  public String mediaType() {
    return mediaType;
  }

  /** A copy of the bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The bytes decoded as UTF-8 (malformed sequences become U+FFFD). */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The size in bytes. */
  public int size() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NativeDocument d && protocol.equals(d.protocol) && mediaType.equals(d.mediaType)
        && Arrays.equals(bytes, d.bytes); // not secret: document bytes
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocol, mediaType, Arrays.hashCode(bytes));
  }

  /** The protocol, media type and size; the body is not repeated. */
  @Override
  public String toString() {
    return "NativeDocument[" + protocol + ", " + mediaType + ", " + bytes.length + " bytes]";
  }
}
