package social.kith.ssb.json;

import java.util.List;
import java.util.Map;
import social.kith.core.internal.EcmaNumber;
import social.kith.ssb.SsbError;
import social.kith.ssb.SsbException;

/**
 * {@code JSON.stringify(value, null, 2)} exactly as V8 (Node 12 and later) writes it: members in
 * the object's JavaScript order, two-space indentation, {@code ": "} between key and value, empty
 * containers as {@code {}} and {@code []}, numbers by {@link EcmaNumber} (non-finite ones as
 * {@code null}), and strings escaping only {@code "}, {@code \}, U+0000–U+001F and lone surrogates.
 * Classic SSB message ids and signatures are computed over this text, so it must match byte for byte.
 */
public final class V8Json {
  private V8Json() {}

  /**
   * The deepest value written. Deeper values can only be built in code (the parser stops at
   * {@link JsonParser#MAX_DEPTH_LIMIT}); they are refused rather than risking the stack.
   */
  public static final int MAX_DEPTH = JsonParser.MAX_DEPTH_LIMIT;

  /** {@code JSON.stringify(value, null, 2)}. */
  public static String stringify(JsonValue value) {
    StringBuilder sb = new StringBuilder(256);
    write(sb, value, 0);
    return sb.toString();
  }

  /** {@code JSON.stringify(value)} without indentation. */
  public static String stringifyCompact(JsonValue value) {
    StringBuilder sb = new StringBuilder(256);
    writeCompact(sb, value, 0);
    return sb.toString();
  }

  /** {@code JSON.stringify(string)}: the quoted, escaped form of a string. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    appendQuoted(sb, s);
    return sb.toString();
  }

  private static void write(StringBuilder sb, JsonValue value, int depth) {
    if (value instanceof JsonObject o) {
      if (o.size() == 0) {
        sb.append("{}");
        return;
      }
      checkDepth(depth);
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonValue> e : o.asMap().entrySet()) {
        sb.append(first ? "\n" : ",\n");
        first = false;
        indent(sb, depth + 1);
        appendQuoted(sb, e.getKey());
        sb.append(": ");
        write(sb, e.getValue(), depth + 1);
      }
      sb.append('\n');
      indent(sb, depth);
      sb.append('}');
    } else if (value instanceof JsonArray a) {
      checkDepth(depth);
      List<JsonValue> values = a.values();
      if (values.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      boolean first = true;
      for (JsonValue v : values) {
        sb.append(first ? "\n" : ",\n");
        first = false;
        indent(sb, depth + 1);
        write(sb, v, depth + 1);
      }
      sb.append('\n');
      indent(sb, depth);
      sb.append(']');
    } else {
      writeScalar(sb, value);
    }
  }

  private static void writeCompact(StringBuilder sb, JsonValue value, int depth) {
    if (value instanceof JsonObject o) {
      checkDepth(depth);
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonValue> e : o.asMap().entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        appendQuoted(sb, e.getKey());
        sb.append(':');
        writeCompact(sb, e.getValue(), depth + 1);
      }
      sb.append('}');
    } else if (value instanceof JsonArray a) {
      checkDepth(depth);
      sb.append('[');
      boolean first = true;
      for (JsonValue v : a.values()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        writeCompact(sb, v, depth + 1);
      }
      sb.append(']');
    } else {
      writeScalar(sb, value);
    }
  }

  private static void writeScalar(StringBuilder sb, JsonValue value) {
    if (value instanceof JsonString s) {
      appendQuoted(sb, s.value());
    } else if (value instanceof JsonNumber n) {
      double d = n.value();
      sb.append(Double.isFinite(d) ? EcmaNumber.toString(d) : "null");
    } else if (value instanceof JsonBoolean b) {
      sb.append(b.value() ? "true" : "false");
    } else {
      sb.append("null");
    }
  }

  private static void checkDepth(int depth) {
    if (depth >= MAX_DEPTH) {
      throw new SsbException(SsbError.JSON_TOO_DEEP, "value nested deeper than " + MAX_DEPTH);
    }
  }

  private static void indent(StringBuilder sb, int depth) {
    for (int i = 0; i < depth; i++) {
      sb.append("  ");
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  static void appendQuoted(StringBuilder sb, String s) {
    sb.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            appendUnicodeEscape(sb, c);
          } else if (Character.isHighSurrogate(c)) {
            if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
              sb.append(c).append(s.charAt(i + 1));
              i++;
            } else {
              appendUnicodeEscape(sb, c);
            }
          } else if (Character.isLowSurrogate(c)) {
            appendUnicodeEscape(sb, c);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static void appendUnicodeEscape(StringBuilder sb, char c) {
    sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
  }
}
