package social.kith.activitypub.signature;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * HTTP header fields as an immutable, case-insensitive multi-map: names are kept in lower case
 * (as HTTP/2 sends them), values in the order they appeared. It carries no HTTP library type, so
 * signing and verification stay free of I/O and of any one server or client.
 *
 * <p>Names must be HTTP tokens and values must not contain CR, LF or NUL; the builder refuses
 * anything else with {@link IllegalArgumentException} (an adapter bug, not hostile input: HTTP
 * parsers never produce such fields).
 */
public final class Headers {
  private static final Headers EMPTY = new Headers(Map.of());

  private final Map<String, List<String>> fields;

  private Headers(Map<String, List<String>> fields) {
    this.fields = fields;
  }

  /** No fields. */
  public static Headers empty() {
    return EMPTY;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Fields from alternating names and values: {@code of("Host", "a.example", "Date", "...")}. */
  public static Headers of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must alternate");
    }
    Builder b = builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  /** Fields copied from a map of names to values (e.g. an HTTP server's header map). */
  public static Headers of(Map<String, ? extends List<String>> map) {
    Builder b = builder();
    map.forEach((name, values) -> values.forEach(v -> b.add(name, v)));
    return b.build();
  }

  /** Every value of {@code name}, in order; empty if absent. */
  public List<String> all(String name) {
    List<String> v = fields.get(name.toLowerCase(Locale.ROOT));
    return v == null ? List.of() : v;
  }

  /** The first value of {@code name}. */
  public Optional<String> first(String name) {
    List<String> v = all(name);
    return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** True if {@code name} has at least one value. */
  public boolean contains(String name) {
    return fields.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The values of {@code name} trimmed and joined with {@code ", "}, as both HTTP signature
   * generations canonicalise a field (draft-cavage section 2.3, RFC 9421 section 2.1); empty if
   * absent.
   */
  public Optional<String> combined(String name) {
    List<String> v = all(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(v.get(i).strip());
    }
    return Optional.of(sb.toString());
  }

  /** The lower-case names, in first-seen order. */
  public Set<String> names() {
    return fields.keySet();
  }

  /** The number of field lines. */
  public int size() {
    int n = 0;
    for (List<String> v : fields.values()) {
      n += v.size();
    }
    return n;
  }

  /** These fields with {@code other}'s appended (values of shared names keep both). */
  public Headers plus(Headers other) {
    Builder b = toBuilder();
    other.fields.forEach((name, values) -> values.forEach(v -> b.add(name, v)));
    return b.build();
  }

  /** A builder holding these fields. */
  public Builder toBuilder() {
    Builder b = builder();
    fields.forEach((name, values) -> values.forEach(v -> b.add(name, v)));
    return b;
  }

  /** The fields as an unmodifiable map of lower-case names to values. */
  public Map<String, List<String>> toMap() {
    return fields;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Headers && ((Headers) o).fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  /** Names only: header values can hold bearer tokens and cookies. */
  @Override
  public String toString() {
    return "Headers" + fields.keySet();
  }

  /** Collects fields; {@link #build()} snapshots them. */
  public static final class Builder {
    private final Map<String, List<String>> fields = new LinkedHashMap<>();

    private Builder() {}

    /** Adds one field line. */
    public Builder add(String name, String value) {
      String n = checkName(name);
      checkValue(value);
      fields.computeIfAbsent(n, k -> new ArrayList<>()).add(value);
      return this;
    }

    /** Replaces every value of {@code name} with {@code value}. */
    public Builder set(String name, String value) {
      String n = checkName(name);
      checkValue(value);
      List<String> v = new ArrayList<>();
      v.add(value);
      fields.put(n, v);
      return this;
    }

    /** Removes every value of {@code name}. */
    public Builder remove(String name) {
      fields.remove(checkName(name));
      return this;
    }

    /** The immutable fields. */
    public Headers build() {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      fields.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return new Headers(Collections.unmodifiableMap(copy));
    }

    private static String checkName(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty header name");
      }
      for (int i = 0; i < name.length(); i++) {
        if (!HttpSyntax.isTchar(name.charAt(i))) {
          throw new IllegalArgumentException("header name is not an HTTP token");
        }
      }
      return name.toLowerCase(Locale.ROOT);
    }

    private static void checkValue(String value) {
      Objects.requireNonNull(value, "value");
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '\r' || c == '\n' || c == 0) {
          throw new IllegalArgumentException("header value contains CR, LF or NUL");
        }
      }
    }
  }
}
