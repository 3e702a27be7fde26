package social.kith.ssb.json;

/**
 * A JSON value as JavaScript sees it after {@code JSON.parse}: numbers are IEEE doubles, strings
 * are UTF-16 (lone surrogates allowed), objects keep JavaScript's property order. SSB hashes and
 * signs {@code JSON.stringify} output, so these semantics are the protocol, not a detail.
 */
public sealed interface JsonValue permits JsonNull, JsonBoolean, JsonNumber, JsonString, JsonArray, JsonObject {

  /** {@code JSON.stringify(this, null, 2)} exactly as V8 produces it. */
  default String toPrettyJson() {
    return V8Json.stringify(this);
  }

  /** The JavaScript {@code null}. */
  static JsonValue nullValue() {
    return JsonNull.INSTANCE;
  }

  /** A JSON string. */
  static JsonString of(String value) {
    return new JsonString(value);
  }

  /** A JSON number. */
  static JsonNumber of(double value) {
    return new JsonNumber(value);
  }

  /** A JSON boolean. */
  static JsonBoolean of(boolean value) {
    return value ? JsonBoolean.TRUE : JsonBoolean.FALSE;
  }
}
