package social.kith.ssb.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable JSON object whose members are in JavaScript's own property order: keys that are
 * canonical array indices ({@code "0"} to {@code "4294967294"}) first in ascending numeric order,
 * then every other key in insertion order. A repeated key keeps the position of its first
 * occurrence and the value of its last, as {@code JSON.parse} does. Equality is order-sensitive,
 * because order changes the signed bytes.
 */
public final class JsonObject implements JsonValue {
  /** The empty object. */
  public static final JsonObject EMPTY = new JsonObject(new LinkedHashMap<>());

  private final Map<String, JsonValue> members;
  private final List<String> keys;

  private JsonObject(LinkedHashMap<String, JsonValue> jsOrdered) {
    this.members = Collections.unmodifiableMap(jsOrdered);
    this.keys = List.copyOf(jsOrdered.keySet());
  }

  /** A builder that applies {@code JSON.parse}'s rules for repeated keys. */
  public static Builder builder() {
    return new Builder();
  }

  /** An object with the given members, in the given order (subject to JavaScript's index-first rule). */
  public static JsonObject of(Map<String, ? extends JsonValue> members) {
    Builder b = builder();
    members.forEach(b::put);
    return b.build();
  }

  /** The keys in JavaScript's enumeration order ({@code Object.keys}). */
  public List<String> keys() {
    return keys;
  }

  /** The members in JavaScript's enumeration order, unmodifiable. */
  public Map<String, JsonValue> asMap() {
    return members;
  }

  /** The number of members. */
  public int size() {
    return keys.size();
  }

  /** Whether the object has an own property {@code key}. */
  public boolean has(String key) {
    return members.containsKey(key);
  }

  /** The value of {@code key}, if present. */
  public Optional<JsonValue> get(String key) {
    return Optional.ofNullable(members.get(key));
  }

  /** This object with {@code key} set to {@code value} (a new key goes last, an existing one keeps its place). */
  public JsonObject with(String key, JsonValue value) {
    Builder b = toBuilder();
    b.put(key, value);
    return b.build();
  }

  /** This object without {@code key} ({@code delete obj[key]}). */
  public JsonObject without(String key) {
    if (!members.containsKey(key)) {
      return this;
    }
    Builder b = toBuilder();
    b.members.remove(key);
    return b.build();
  }

  /** A builder holding this object's members. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.members.putAll(members);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonObject other && keys.equals(other.keys) && members.equals(other.members);
  }

  @Override
  public int hashCode() {
    return keys.hashCode() * 31 + members.hashCode();
  }

  @Override
  public String toString() {
    return V8Json.stringify(this);
  }

  /**
   * Whether {@code key} is a canonical array index ({@code 0..2^32-2} without leading zeros), which
   * JavaScript enumerates before all other keys.
   */
  public static boolean isArrayIndex(String key) {
    int n = key.length();
    if (n == 0 || n > 10) {
      return false;
    }
    if (key.charAt(0) == '0') {
      return n == 1;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      v = v * 10 + (c - '0');
    }
    return v <= 4294967294L;
  }

  /** Collects members with {@code JSON.parse}'s semantics; not thread-safe. */
  public static final class Builder {
    private final LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();

    private Builder() {}

    /** Sets {@code key}: a new key is appended, a repeated one keeps its first position and takes this value. */
    public Builder put(String key, JsonValue value) {
      members.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sets {@code key} to a string. */
    public Builder put(String key, String value) {
      return put(key, new JsonString(value));
    }

    /** Sets {@code key} to a number. */
    public Builder put(String key, double value) {
      return put(key, new JsonNumber(value));
    }

    /** Sets {@code key} to a boolean. */
    public Builder put(String key, boolean value) {
      return put(key, JsonValue.of(value));
    }

    /** The number of members so far. */
    public int size() {
      return members.size();
    }

    /** The immutable object, with array-index keys moved first as JavaScript orders them. */
    public JsonObject build() {
      List<String> indices = null;
      for (String k : members.keySet()) {
        if (isArrayIndex(k)) {
          if (indices == null) {
            indices = new ArrayList<>();
          }
          indices.add(k);
        }
      }
      LinkedHashMap<String, JsonValue> ordered = new LinkedHashMap<>(Math.max(16, members.size() * 2));
      if (indices != null) {
        indices.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        for (String k : indices) {
          ordered.put(k, members.get(k));
        }
      }
      for (Map.Entry<String, JsonValue> e : members.entrySet()) {
        ordered.putIfAbsent(e.getKey(), e.getValue());
      }
      return new JsonObject(ordered);
    }
  }
}
