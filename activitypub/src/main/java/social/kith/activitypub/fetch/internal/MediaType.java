package social.kith.activitypub.fetch.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed Content-Type (RFC 9110 section 8.3): type, subtype, parameters. One linear pass, no
 * regular expressions; headers over {@link #MAX_LENGTH} characters, malformed ones and ones with
 * more than {@link #MAX_PARAMETERS} parameters parse to null.
 */
public final class MediaType {
  /** The longest Content-Type header parsed. */
  public static final int MAX_LENGTH = 1024;
  /** The most parameters read. */
  public static final int MAX_PARAMETERS = 16;

  private final String type;
  private final String subtype;
  private final Map<String, String> parameters;

  private MediaType(String type, String subtype, Map<String, String> parameters) {
    this.type = type;
    this.subtype = subtype;
    this.parameters = parameters;
  }

  /** The parsed header, or null if it is absent, too long or malformed. */
  public static MediaType parse(String header) {
    if (header == null || header.length() > MAX_LENGTH) {
      return null;
    }
    int[] pos = {0};
    String s = header;
    skipWs(s, pos);
    String type = token(s, pos);
    if (type.isEmpty() || pos[0] >= s.length() || s.charAt(pos[0]) != '/') {
      return null;
    }
    pos[0]++;
    String subtype = token(s, pos);
    if (subtype.isEmpty()) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    skipWs(s, pos);
    while (pos[0] < s.length()) {
      if (s.charAt(pos[0]) != ';') {
        return null;
      }
      pos[0]++;
      skipWs(s, pos);
      if (pos[0] >= s.length()) {
        break; // a trailing ';' is tolerated
      }
      String name = token(s, pos);
      if (name.isEmpty() || pos[0] >= s.length() || s.charAt(pos[0]) != '=') {
        return null;
      }
      pos[0]++;
      String value;
      if (pos[0] < s.length() && s.charAt(pos[0]) == '"') {
        StringBuilder v = new StringBuilder();
        pos[0]++;
        boolean closed = false;
        while (pos[0] < s.length()) {
          char c = s.charAt(pos[0]++);
          if (c == '\\' && pos[0] < s.length()) {
            v.append(s.charAt(pos[0]++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            v.append(c);
          }
        }
        if (!closed) {
          return null;
        }
        value = v.toString();
      } else {
        value = token(s, pos);
        if (value.isEmpty()) {
          return null;
        }
      }
      if (params.size() >= MAX_PARAMETERS) {
        return null;
      }
      params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
      skipWs(s, pos);
    }
    return new MediaType(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT), Map.copyOf(params));
  }

  private static void skipWs(String s, int[] pos) {
    while (pos[0] < s.length() && (s.charAt(pos[0]) == ' ' || s.charAt(pos[0]) == '\t')) {
      pos[0]++;
    }
  }

  /** RFC 9110 tchar run. */
  private static String token(String s, int[] pos) {
    int start = pos[0];
    while (pos[0] < s.length() && isTchar(s.charAt(pos[0]))) {
      pos[0]++;
    }
    return s.substring(start, pos[0]);
  }

  private static boolean isTchar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  public boolean is(String type, String subtype) {
    return this.type.equals(type) && this.subtype.equals(subtype);
  }

  /** A parameter's value (name case-insensitive), or null. */
  public String parameter(String name) {
    return parameters.get(name.toLowerCase(Locale.ROOT));
  }

  /** {@code type/subtype}, lower case, without parameters. */
  public String essence() {
    return type + "/" + subtype;
  }

  @Override
  public String toString() {
    return essence() + parameters;
  }
}
