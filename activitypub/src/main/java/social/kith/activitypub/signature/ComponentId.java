package social.kith.activitypub.signature;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import social.kith.activitypub.signature.internal.Sf;

/**
 * An RFC 9421 component identifier: a derived component ({@code @method}, {@code @target-uri},
 * {@code @authority}, {@code @scheme}, {@code @request-target}, {@code @path}, {@code @query},
 * {@code @query-param;name=...}, {@code @status}) or a lower-case header field name, with the
 * parameters {@code sf}, {@code key}, {@code bs}, {@code req} and {@code name}. Anything else
 * (including {@code tr} trailers) is {@link SignatureError#UNSUPPORTED_COMPONENT}.
 *
 * @param name the component name
 * @param params the component parameters, in order
 */
public record ComponentId(String name, Map<String, Object> params) {
  /** The derived components Kith computes. */
  public static final Set<String> DERIVED = Set.of("@method", "@target-uri", "@authority",
      "@scheme", "@request-target", "@path", "@query", "@query-param", "@status");

  public ComponentId {
    Objects.requireNonNull(name, "name");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    validate(name, params);
  }

  /** A component without parameters. */
  public static ComponentId of(String name) {
    return new ComponentId(name, Map.of());
  }

  /** {@code "@query-param";name="..."} for an already percent-encoded parameter name. */
  public static ComponentId queryParam(String encodedName) {
    return new ComponentId("@query-param", Map.of("name", encodedName));
  }

  /** A dictionary member of a structured header: {@code "name";key="member"}. */
  public static ComponentId dictionaryMember(String header, String member) {
    return new ComponentId(header, Map.of("key", member));
  }

  /** True if this names a derived component. */
  public boolean derived() {
    return name.startsWith("@");
  }

  /** True if a parameter narrows or redirects the component ({@code key}, {@code name}, {@code req}). */
  public boolean narrowed() {
    return params.containsKey("key") || params.containsKey("name") || params.containsKey("req");
  }

  /** The serialised identifier, e.g. {@code "@query-param";name="Pet"}. */
  public String serialize() {
    StringBuilder sb = new StringBuilder();
    Sf.appendBare(sb, name);
    Sf.appendParams(sb, params);
    return sb.toString();
  }

  @Override
  public String toString() {
    return serialize();
  }

  private static void validate(String name, Map<String, Object> params) {
    if (name.isEmpty()) {
      throw unsupported("empty component name");
    }
    if (name.equals("@signature-params")) {
      throw new SignatureException(SignatureError.MALFORMED_SIGNATURE_HEADER,
          "@signature-params cannot be a covered component");
    }
    if (name.startsWith("@")) {
      if (!DERIVED.contains(name)) {
        throw unsupported("derived component " + Cavage12.printable(name) + " is not supported");
      }
    } else {
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c >= 'A' && c <= 'Z' || !HttpSyntax.isTchar(c)) {
          throw new SignatureException(SignatureError.MALFORMED_SIGNATURE_HEADER,
              "component name must be a lower-case field name");
        }
      }
    }
    for (Map.Entry<String, Object> e : params.entrySet()) {
      Object v = e.getValue();
      switch (e.getKey()) {
        case "sf":
        case "bs":
        case "req":
          if (!Boolean.TRUE.equals(v)) {
            throw unsupported(";" + e.getKey() + " must be a true flag");
          }
          break;
        case "key":
        case "name":
          if (!(v instanceof String)) {
            throw unsupported(";" + e.getKey() + " must be a string");
          }
          break;
        default:
          throw unsupported("component parameter ;" + e.getKey() + " is not supported");
      }
    }
    boolean isQueryParam = name.equals("@query-param");
    if (isQueryParam != params.containsKey("name")) {
      throw unsupported(isQueryParam ? "@query-param needs ;name" : ";name is only for @query-param");
    }
    if (name.startsWith("@") && (params.containsKey("sf") || params.containsKey("bs")
        || params.containsKey("key"))) {
      throw unsupported(";sf, ;bs and ;key apply to header fields only");
    }
    if (params.containsKey("bs") && (params.containsKey("sf") || params.containsKey("key"))) {
      throw unsupported(";bs cannot be combined with ;sf or ;key");
    }
  }

  private static SignatureException unsupported(String message) {
    return new SignatureException(SignatureError.UNSUPPORTED_COMPONENT, message);
  }
}
