package social.kith.ssb.muxrpc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;

/**
 * The methods a node serves, by dotted name ({@code "whoami"}, {@code "gossip.ping"}), and the
 * manifest that describes them. {@code manifest} itself is served by every session. Registration
 * fails fast on bad or conflicting names. Thread-safe; share one registry between connections.
 *
 * <pre>{@code
 * Registry r = new Registry()
 *     .register("whoami", Type.ASYNC, call -> call.respond(Body.json(...)));
 * }</pre>
 */
public final class Registry {
  /** The method every session serves: the manifest, as a sync call. */
  public static final String MANIFEST = "manifest";

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,7}");

  /** A registered method. */
  public record Entry(String name, Type type, Handler handler) {}

  private final Map<String, Entry> methods = new LinkedHashMap<>();
  private boolean manifestReplaced;

  /** A registry serving only {@code manifest}. */
  public Registry() {
    methods.put(MANIFEST, new Entry(MANIFEST, Type.SYNC, call -> call.respond(Body.json(manifest()))));
  }

  /**
   * Serves {@code name} with {@code handler}.
   *
   * {@code manifest} may be replaced once (as a sync method), e.g. to observe who asks for it.
   *
   * @throws IllegalArgumentException for a malformed name, a name already taken, or one that is a
   *     prefix group of another ({@code "gossip"} beside {@code "gossip.ping"})
   */
  public synchronized Registry register(String name, Type type, Handler handler) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(handler, "handler");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad method name: " + name);
    }
    if (name.equals(MANIFEST) && !manifestReplaced && type == Type.SYNC) {
      manifestReplaced = true;
      methods.put(MANIFEST, new Entry(MANIFEST, type, handler));
      return this;
    }
    if (methods.containsKey(name)) {
      throw new IllegalArgumentException("method already registered: " + name);
    }
    for (String other : methods.keySet()) {
      if (other.startsWith(name + ".") || name.startsWith(other + ".")) {
        throw new IllegalArgumentException(name + " conflicts with " + other + " in the manifest");
      }
    }
    methods.put(name, new Entry(name, type, handler));
    return this;
  }

  /** The method registered under {@code name}. */
  public synchronized Optional<Entry> lookup(String name) {
    return Optional.ofNullable(methods.get(name));
  }

  /** The manifest: {@code {"manifest":"sync","whoami":"async","gossip":{"ping":"duplex"}}}. */
  public synchronized JsonObject manifest() {
    Map<String, Object> tree = new LinkedHashMap<>();
    for (Entry e : methods.values()) {
      String[] parts = e.name().split("\\.");
      Map<String, Object> node = tree;
      for (int i = 0; i < parts.length - 1; i++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
        node = child;
      }
      node.put(parts[parts.length - 1], e.type().manifestName());
    }
    return toJson(tree);
  }

  private static JsonObject toJson(Map<String, Object> tree) {
    JsonObject.Builder b = JsonObject.builder();
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      @SuppressWarnings("unchecked")
      JsonValue v = e.getValue() instanceof String s ? new JsonString(s) : toJson((Map<String, Object>) e.getValue());
      b.put(e.getKey(), v);
    }
    return b.build();
  }

  @Override
  public synchronized String toString() {
    return "Registry" + methods.keySet();
  }
}
