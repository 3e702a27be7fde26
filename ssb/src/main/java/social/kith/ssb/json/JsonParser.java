package social.kith.ssb.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import social.kith.ssb.SsbError;
import social.kith.ssb.SsbException;

/**
 * A strict JSON parser with {@code JSON.parse} semantics and explicit limits: numbers become doubles
 * (so {@code 1e400} is Infinity and {@code -0} stays negative zero), {@code \ud83d} escapes survive
 * as lone surrogates, repeated keys keep the last value at the first position, and objects take
 * JavaScript's key order. Anything else {@code JSON.parse} would refuse gives
 * {@link SsbError#JSON_SYNTAX}; nesting beyond {@link #maxDepth()} gives {@link SsbError#JSON_TOO_DEEP}
 * and text beyond {@link #maxLength()} UTF-16 units gives {@link SsbError#JSON_TOO_LARGE}.
 * Instances are immutable and thread-safe.
 */
public final class JsonParser {
  /** The largest depth any parser accepts (the recursion is bounded by it, never by the stack). */
  public static final int MAX_DEPTH_LIMIT = 512;

  /**
   * The default depth limit. A classic message's 8192-unit limit together with the two-space
   * indentation of its signed form bounds any valid message to less than 70 levels.
   */
  public static final int DEFAULT_MAX_DEPTH = 100;

  /** The default length limit in UTF-16 units: 1 MiB, far above any single SSB message. */
  public static final int DEFAULT_MAX_LENGTH = 1 << 20;

  /** A parser with the default limits. */
  public static final JsonParser DEFAULT = new JsonParser(DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH);

  private final int maxDepth;
  private final int maxLength;

  private JsonParser(int maxDepth, int maxLength) {
    this.maxDepth = maxDepth;
    this.maxLength = maxLength;
  }

  /** A parser with the given limits ({@code 1 <= maxDepth <= MAX_DEPTH_LIMIT}, {@code maxLength >= 1}). */
  public static JsonParser withLimits(int maxDepth, int maxLength) {
    if (maxDepth < 1 || maxDepth > MAX_DEPTH_LIMIT) {
      throw new IllegalArgumentException("maxDepth must be in 1.." + MAX_DEPTH_LIMIT + ": " + maxDepth);
    }
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
    }
    return new JsonParser(maxDepth, maxLength);
  }

  /** The deepest nesting of arrays and objects accepted. */
  public int maxDepth() {
    return maxDepth;
  }

  /** The longest text accepted, in UTF-16 code units. */
  public int maxLength() {
    return maxLength;
  }

  /** Parses JSON text. */
  public JsonValue parse(CharSequence text) {
    if (text.length() > maxLength) {
      throw new SsbException(SsbError.JSON_TOO_LARGE,
          "JSON text of " + text.length() + " UTF-16 units exceeds the limit of " + maxLength);
    }
    Cursor c = new Cursor(text, maxDepth);
    c.skipWhitespace();
    JsonValue v = c.value(0);
    c.skipWhitespace();
    if (c.pos != text.length()) {
      throw c.error("unexpected text after the value");
    }
    return v;
  }

  /** Parses UTF-8 JSON bytes; malformed UTF-8 is refused rather than replaced. */
  public JsonValue parse(byte[] utf8) {
    if (utf8.length > 3L * maxLength) {
      throw new SsbException(SsbError.JSON_TOO_LARGE,
          "JSON text of " + utf8.length + " bytes exceeds the limit of " + maxLength + " UTF-16 units");
    }
    CharBuffer chars;
    try {
      chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8));
    } catch (CharacterCodingException e) {
      throw new SsbException(SsbError.JSON_SYNTAX, "JSON bytes are not valid UTF-8");
    }
    return parse(chars);
  }

  private static final class Cursor {
    private final CharSequence s;
    private final int maxDepth;
    private int pos;

    Cursor(CharSequence s, int maxDepth) {
      this.s = s;
      this.maxDepth = maxDepth;
    }

    SsbException error(String what) {
      return new SsbException(SsbError.JSON_SYNTAX, what + " at offset " + pos);
    }

    void skipWhitespace() {
      int n = s.length();
      while (pos < n) {
        char c = s.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          pos++;
        } else {
          return;
        }
      }
    }

    JsonValue value(int depth) {
      if (pos >= s.length()) {
        throw error("unexpected end of JSON");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return object(depth + 1);
        case '[':
          return array(depth + 1);
        case '"':
          return new JsonString(string());
        case 't':
          literal("true");
          return JsonBoolean.TRUE;
        case 'f':
          literal("false");
          return JsonBoolean.FALSE;
        case 'n':
          literal("null");
          return JsonNull.INSTANCE;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw error("unexpected character");
      }
    }

    private void enter(int depth) {
      if (depth > maxDepth) {
        throw new SsbException(SsbError.JSON_TOO_DEEP,
            "JSON nested deeper than " + maxDepth + " at offset " + pos);
      }
    }

    private JsonObject object(int depth) {
      enter(depth);
      pos++;
      JsonObject.Builder b = JsonObject.builder();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return b.build();
      }
      while (true) {
        skipWhitespace();
        if (peek() != '"') {
          throw error("expected a string key");
        }
        String key = string();
        skipWhitespace();
        if (peek() != ':') {
          throw error("expected ':'");
        }
        pos++;
        skipWhitespace();
        b.put(key, value(depth));
        skipWhitespace();
        char c = peek();
        pos++;
        if (c == '}') {
          return b.build();
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or '}'");
        }
      }
    }

    private JsonArray array(int depth) {
      enter(depth);
      pos++;
      List<JsonValue> values = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return new JsonArray(values);
      }
      while (true) {
        skipWhitespace();
        values.add(value(depth));
        skipWhitespace();
        char c = peek();
        pos++;
        if (c == ']') {
          return new JsonArray(values);
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or ']'");
        }
      }
    }

    private char peek() {
      if (pos >= s.length()) {
        throw error("unexpected end of JSON");
      }
      return s.charAt(pos);
    }

    private void literal(String word) {
      int end = pos + word.length();
      if (end > s.length() || !word.contentEquals(s.subSequence(pos, end))) {
        throw error("unexpected character");
      }
      pos = end;
    }

    private JsonNumber number() {
      int start = pos;
      int n = s.length();
      if (s.charAt(pos) == '-') {
        pos++;
      }
      if (pos >= n) {
        throw error("unexpected end of number");
      }
      char c = s.charAt(pos);
      if (c == '0') {
        pos++;
      } else if (c >= '1' && c <= '9') {
        while (pos < n && isDigit(s.charAt(pos))) {
          pos++;
        }
      } else {
        throw error("expected a digit");
      }
      if (pos < n && s.charAt(pos) == '.') {
        pos++;
        requireDigits();
      }
      if (pos < n && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
        pos++;
        if (pos < n && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
          pos++;
        }
        requireDigits();
      }
      return new JsonNumber(Double.parseDouble(s.subSequence(start, pos).toString()));
    }

    private void requireDigits() {
      int n = s.length();
      if (pos >= n || !isDigit(s.charAt(pos))) {
        throw error("expected a digit");
      }
      while (pos < n && isDigit(s.charAt(pos))) {
        pos++;
      }
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private String string() {
      pos++;
      int n = s.length();
      StringBuilder sb = null;
      int runStart = pos;
      while (true) {
        if (pos >= n) {
          throw error("unterminated string");
        }
        char c = s.charAt(pos);
        if (c == '"') {
          String result;
          if (sb == null) {
            result = s.subSequence(runStart, pos).toString();
          } else {
            result = sb.append(s, runStart, pos).toString();
          }
          pos++;
          return result;
        }
        if (c < 0x20) {
          throw error("unescaped control character in string");
        }
        if (c != '\\') {
          pos++;
          continue;
        }
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(s, runStart, pos);
        pos++;
        if (pos >= n) {
          throw error("unterminated escape");
        }
        char e = s.charAt(pos);
        switch (e) {
          case '"' -> sb.append('"');
          case '\\' -> sb.append('\\');
          case '/' -> sb.append('/');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 >= n) {
              throw error("truncated \\u escape");
            }
            int v = 0;
            for (int i = 1; i <= 4; i++) {
              int d = Character.digit(s.charAt(pos + i), 16);
              char h = s.charAt(pos + i);
              if (d < 0 || h > 'f') {
                throw error("bad \\u escape");
              }
              v = (v << 4) | d;
            }
            sb.append((char) v);
            pos += 4;
          }
          default -> throw error("bad escape");
        }
        pos++;
        runStart = pos;
      }
    }
  }
}
