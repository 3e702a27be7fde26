package social.kith.ssb.muxrpc;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;

/**
 * One packet body: its type and bytes, and for JSON the parsed value (bodies received by a session
 * are parsed once, under the session's depth and size limits). Immutable.
 */
public final class Body {
  private final BodyType type;
  private final byte[] bytes;
  private final JsonValue json;

  private Body(BodyType type, byte[] bytes, JsonValue json) {
    this.type = type;
    this.bytes = bytes;
    this.json = json;
  }

  /** A JSON body: the value as {@code JSON.stringify} writes it. */
  public static Body json(JsonValue value) {
    Objects.requireNonNull(value, "value");
    return new Body(BodyType.JSON, V8Json.stringifyCompact(value).getBytes(StandardCharsets.UTF_8), value);
  }

  /** A string body. */
  public static Body string(String text) {
    return new Body(BodyType.STRING, text.getBytes(StandardCharsets.UTF_8), null);
  }

  /** A binary body (the bytes are copied). */
  public static Body binary(byte[] data) {
    return new Body(BodyType.BINARY, data.clone(), null);
  }

  static Body received(BodyType type, byte[] bytes, JsonValue parsed) {
    return new Body(type, bytes, parsed);
  }

  /** The body type. */
  public BodyType type() {
    return type;
  }

  /** A copy of the raw bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] raw() {
    return bytes;
  }

  /** The length in bytes. */
  public int length() {
    return bytes.length;
  }

  /** The bytes as UTF-8 text (for string and JSON bodies). */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The parsed value of a JSON body; empty for string and binary bodies. */
  public Optional<JsonValue> json() {
    return Optional.ofNullable(json);
  }

  /**
   * The parsed value of a JSON body.
   *
   * @throws MuxRpcException {@code BAD_JSON} if this is not a JSON body
   */
  public JsonValue requireJson() {
    if (json == null) {
      throw new MuxRpcException(MuxRpcError.BAD_JSON, "expected a JSON body, got " + type);
    }
    return json;
  }

  @Override
  public String toString() {
    return "Body[" + type + ", " + bytes.length + " bytes]";
  }
}
