package social.kith.ssb.json;

import java.util.Objects;

/** A JSON string: UTF-16 code units, lone surrogates allowed (as in JavaScript). */
public record JsonString(String value) implements JsonValue {
  public JsonString {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return V8Json.quote(value);
  }
}
