package social.kith.ssb.json;

import java.util.List;

/** An immutable JSON array. */
public record JsonArray(List<JsonValue> values) implements JsonValue {
  /** The empty array. */
  public static final JsonArray EMPTY = new JsonArray(List.of());

  public JsonArray {
    values = List.copyOf(values);
  }

  /** An array of the given values. */
  public static JsonArray of(JsonValue... values) {
    return new JsonArray(List.of(values));
  }

  /** The number of elements. */
  public int size() {
    return values.size();
  }

  /** The element at {@code index}. */
  public JsonValue get(int index) {
    return values.get(index);
  }

  @Override
  public String toString() {
    return V8Json.stringify(this);
  }
}
