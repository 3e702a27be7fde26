package social.kith.crypto.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small, strict JSON reader for one JWK: RFC 8259 syntax, a top-level object, duplicate member
 * names refused, nesting at most {@link #MAX_DEPTH}, text at most {@link #MAX_LENGTH} characters.
 * String members are returned as strings; other members (arrays, numbers, booleans, null,
 * objects) are checked for syntax and returned as {@link #NOT_A_STRING}.
 */
public final class JwkJson {
  public static final int MAX_LENGTH = 64 * 1024;
  public static final int MAX_DEPTH = 16;
  /** The value recorded for a member that is not a string. */
  public static final Object NOT_A_STRING = new Object() {
    @Override
    public String toString() {
      return "(not a string)";
    }
  };

  /** Malformed JSON. */
  public static final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    JsonException(String message) {
      super(message);
    }
  }

  private final String s;
  private int pos;

  private JwkJson(String s) {
    this.s = s;
  }

  /** The top-level object's members, in order. */
  public static Map<String, Object> parseObject(String text) throws JsonException {
    if (text == null) {
      throw new JsonException("JWK text is null");
    }
    if (text.length() > MAX_LENGTH) {
      throw new JsonException("JWK text is over " + MAX_LENGTH + " characters");
    }
    JwkJson p = new JwkJson(text);
    p.ws();
    if (p.peek() != '{') {
      throw new JsonException("a JWK must be a JSON object");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    p.object(0, out);
    p.ws();
    if (p.pos != text.length()) {
      throw new JsonException("trailing text after the JSON object");
    }
    return out;
  }

  private int peek() {
    return pos < s.length() ? s.charAt(pos) : -1;
  }

  private void ws() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else {
        break;
      }
    }
  }

  private void expect(char c) throws JsonException {
    if (peek() != c) {
      throw new JsonException("expected '" + c + "' at offset " + pos);
    }
    pos++;
  }

  private void object(int depth, Map<String, Object> into) throws JsonException {
    if (depth >= MAX_DEPTH) {
      throw new JsonException("JSON nested too deeply");
    }
    expect('{');
    ws();
    if (peek() == '}') {
      pos++;
      return;
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (true) {
      ws();
      String name = string();
      if (!seen.add(name)) {
        throw new JsonException("duplicate member \"" + printable(name) + "\"");
      }
      ws();
      expect(':');
      ws();
      Object v = value(depth + 1);
      if (into != null) {
        into.put(name, v);
      }
      ws();
      int c = peek();
      if (c == ',') {
        pos++;
      } else if (c == '}') {
        pos++;
        return;
      } else {
        throw new JsonException("expected ',' or '}' at offset " + pos);
      }
    }
  }

  private static String printable(String name) {
    return name.length() > 32 ? name.substring(0, 32) + "..." : name;
  }

  private Object value(int depth) throws JsonException {
    int c = peek();
    switch (c) {
      case '"':
        return string();
      case '{':
        object(depth, null);
        return NOT_A_STRING;
      case '[':
        array(depth);
        return NOT_A_STRING;
      case 't':
        literal("true");
        return NOT_A_STRING;
      case 'f':
        literal("false");
        return NOT_A_STRING;
      case 'n':
        literal("null");
        return NOT_A_STRING;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          number();
          return NOT_A_STRING;
        }
        throw new JsonException("unexpected character at offset " + pos);
    }
  }

  private void array(int depth) throws JsonException {
    if (depth >= MAX_DEPTH) {
      throw new JsonException("JSON nested too deeply");
    }
    expect('[');
    ws();
    if (peek() == ']') {
      pos++;
      return;
    }
    while (true) {
      ws();
      value(depth + 1);
      ws();
      int c = peek();
      if (c == ',') {
        pos++;
      } else if (c == ']') {
        pos++;
        return;
      } else {
        throw new JsonException("expected ',' or ']' at offset " + pos);
      }
    }
  }

  private void literal(String word) throws JsonException {
    if (!s.startsWith(word, pos)) {
      throw new JsonException("unexpected literal at offset " + pos);
    }
    pos += word.length();
  }

  private void number() throws JsonException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (peek() >= '1' && peek() <= '9') {
      while (peek() >= '0' && peek() <= '9') {
        pos++;
      }
    } else {
      throw new JsonException("malformed number at offset " + start);
    }
    if (peek() == '.') {
      pos++;
      if (!(peek() >= '0' && peek() <= '9')) {
        throw new JsonException("malformed number at offset " + start);
      }
      while (peek() >= '0' && peek() <= '9') {
        pos++;
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!(peek() >= '0' && peek() <= '9')) {
        throw new JsonException("malformed number at offset " + start);
      }
      while (peek() >= '0' && peek() <= '9') {
        pos++;
      }
    }
  }

  private String string() throws JsonException {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= s.length()) {
        throw new JsonException("unterminated string");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw new JsonException("control character in string at offset " + (pos - 1));
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= s.length()) {
        throw new JsonException("unterminated escape");
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"': sb.append('"'); break;
        case '\\': sb.append('\\'); break;
        case '/': sb.append('/'); break;
        case 'b': sb.append('\b'); break;
        case 'f': sb.append('\f'); break;
        case 'n': sb.append('\n'); break;
        case 'r': sb.append('\r'); break;
        case 't': sb.append('\t'); break;
        case 'u':
          if (pos + 4 > s.length()) {
            throw new JsonException("truncated \\u escape");
          }
          int v = 0;
          for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos++), 16);
            if (d < 0) {
              throw new JsonException("malformed \\u escape");
            }
            v = v * 16 + d;
          }
          sb.append((char) v);
          break;
        default:
          throw new JsonException("unknown escape at offset " + (pos - 1));
      }
    }
  }
}
