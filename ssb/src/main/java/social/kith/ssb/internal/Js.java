package social.kith.ssb.internal;

import java.util.regex.Pattern;
import social.kith.core.internal.EcmaNumber;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonBoolean;
import social.kith.ssb.json.JsonNull;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;

/**
 * The few JavaScript semantics that ssb-validate's checks depend on: loose equality ({@code ==}),
 * {@code ToString}/{@code ToNumber} of JSON values, {@code ~~n === n}, and the exact regular
 * expressions of ssb-ref and is-canonical-base64 (where an unescaped {@code .} matches any code
 * unit except a line terminator). Reproducing them, quirks included, keeps Kith's verdicts equal to
 * the reference implementation's; {@code null} stands for JavaScript's {@code undefined}.
 */
public final class Js {
  private Js() {}

  /** JavaScript's {@code ToString} of a JSON value ({@code undefined} as "undefined"). */
  public static String toJsString(JsonValue v) {
    if (v == null) {
      return "undefined";
    }
    if (v instanceof JsonString s) {
      return s.value();
    }
    if (v instanceof JsonNumber n) {
      return EcmaNumber.toString(n.value());
    }
    if (v instanceof JsonBoolean b) {
      return b.toString();
    }
    if (v instanceof JsonNull) {
      return "null";
    }
    if (v instanceof JsonArray a) {
      // Array.prototype.join(","): null and undefined elements become empty strings.
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        JsonValue e = a.get(i);
        if (!(e instanceof JsonNull)) {
          sb.append(toJsString(e));
        }
      }
      return sb.toString();
    }
    return "[object Object]";
  }

  /** JavaScript's {@code ToNumber} of a JSON value ({@code undefined} is NaN). */
  public static double toNumber(JsonValue v) {
    if (v == null) {
      return Double.NaN;
    }
    if (v instanceof JsonNumber n) {
      return n.value();
    }
    if (v instanceof JsonBoolean b) {
      return b.value() ? 1 : 0;
    }
    if (v instanceof JsonNull) {
      return 0;
    }
    return stringToNumber(toJsString(v));
  }

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:(?:[0-9]+(?:\\.[0-9]*)?)|(?:\\.[0-9]+))(?:[eE][+-]?[0-9]+)?");
  private static final Pattern RADIX = Pattern.compile("0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)");

  /** JavaScript's {@code StringToNumber}: trimmed decimal, {@code Infinity}, 0x/0o/0b, empty is 0, else NaN. */
  public static double stringToNumber(String s) {
    String t = trim(s);
    if (t.isEmpty()) {
      return 0;
    }
    if (t.equals("Infinity") || t.equals("+Infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    if (t.equals("-Infinity")) {
      return Double.NEGATIVE_INFINITY;
    }
    if (DECIMAL.matcher(t).matches()) {
      return Double.parseDouble(t);
    }
    if (RADIX.matcher(t).matches()) {
      int radix = switch (t.charAt(1)) {
        case 'x', 'X' -> 16;
        case 'o', 'O' -> 8;
        default -> 2;
      };
      return new java.math.BigInteger(t.substring(2), radix).doubleValue();
    }
    return Double.NaN;
  }

  private static boolean isJsWhitespace(char c) {
    return c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r' || c == ' ' || c == 0xa0
        || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f
        || c == 0x205f || c == 0x3000 || c == 0xfeff;
  }

  private static String trim(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && isJsWhitespace(s.charAt(a))) {
      a++;
    }
    while (b > a && isJsWhitespace(s.charAt(b - 1))) {
      b--;
    }
    return s.substring(a, b);
  }

  /** {@code v == n} for a number {@code n}. */
  public static boolean looseEquals(JsonValue v, double n) {
    if (v == null || v instanceof JsonNull) {
      return false;
    }
    return toNumber(v) == n;
  }

  /** {@code v == s} for a string {@code s}. */
  public static boolean looseEquals(JsonValue v, String s) {
    if (v == null || v instanceof JsonNull) {
      return false;
    }
    if (v instanceof JsonNumber || v instanceof JsonBoolean) {
      return toNumber(v) == stringToNumber(s);
    }
    // Strings compare as strings; arrays and objects compare through ToPrimitive, which is their string form.
    return toJsString(v).equals(s);
  }

  /** {@code ~~n === n}: a number whose value survives ToInt32. */
  public static boolean isInt32(JsonValue v) {
    if (!(v instanceof JsonNumber n)) {
      return false;
    }
    double d = n.value();
    return d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE;
  }

  /** {@code s && typeof s === 'string'}: a non-empty string. */
  public static boolean isNonEmptyString(JsonValue v) {
    return v instanceof JsonString s && !s.value().isEmpty();
  }

  /** {@code o && typeof o === 'object'}: an object or an array. */
  public static boolean isObject(JsonValue v) {
    return v instanceof JsonObject || v instanceof JsonArray;
  }

  /** Whether {@code c} is matched by JavaScript's {@code .} (anything but a line terminator). */
  public static boolean isDotChar(char c) {
    return c != '\n' && c != '\r' && c != '\u2028' && c != '\u2029';
  }

  /** Whether {@code c} is matched by {@code \w}. */
  public static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static boolean isB64Char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '+';
  }

  /**
   * ssb-ref 2.16's {@code isFeedId}: {@code @}, 43 base64 characters ending in a valid last
   * character, {@code =}, any one character (the unescaped {@code .}) and {@code sha256} or {@code ed25519}.
   */
  public static boolean isFeedIdLoose(JsonValue v) {
    if (!(v instanceof JsonString js)) {
      return false;
    }
    String s = js.value();
    if (s.length() < 46 || s.charAt(0) != '@') {
      return false;
    }
    for (int i = 1; i <= 42; i++) {
      if (!isB64Char(s.charAt(i))) {
        return false;
      }
    }
    if ("AEIMQUYcgkosw048".indexOf(s.charAt(43)) < 0 || s.charAt(44) != '=' || !isDotChar(s.charAt(45))) {
      return false;
    }
    String tail = s.substring(46);
    return tail.equals("sha256") || tail.equals("ed25519");
  }

  /** The text before the first {@code .}, or null when there is none. */
  private static String beforeFirstDot(String s) {
    int dot = s.indexOf('.');
    return dot < 0 ? null : s.substring(0, dot);
  }

  /**
   * ssb-validate's {@code isEncrypted}: a non-empty string matching
   * {@code ^<canonical base64>\.box.*$} (so future box suffixes are accepted as opaque).
   */
  public static boolean isEncrypted(JsonValue v) {
    if (!isNonEmptyString(v)) {
      return false;
    }
    String s = ((JsonString) v).value();
    String b64 = beforeFirstDot(s);
    if (b64 == null || !CanonicalBase64.isCanonical(b64) || !s.startsWith(".box", b64.length())) {
      return false;
    }
    for (int i = b64.length() + 4; i < s.length(); i++) {
      if (!isDotChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** ssb-validate's {@code isSignatureRx}: {@code ^<canonical base64>\.sig.\w+$} on {@code ToString(v)}. */
  public static boolean isSignatureLike(String s) {
    String b64 = beforeFirstDot(s);
    if (b64 == null || !CanonicalBase64.isCanonical(b64)) {
      return false;
    }
    int i = b64.length();
    if (s.length() < i + 6 || !s.startsWith(".sig", i) || !isDotChar(s.charAt(i + 4))) {
      return false;
    }
    for (int j = i + 5; j < s.length(); j++) {
      if (!isWordChar(s.charAt(j))) {
        return false;
      }
    }
    return true;
  }

  /** {@code /\.(\w+)/.exec(s)[1]}: the word after the first dot that has one, or null. */
  public static String firstDotWord(String s) {
    for (int i = 0; i + 1 < s.length(); i++) {
      if (s.charAt(i) == '.' && isWordChar(s.charAt(i + 1))) {
        int end = i + 1;
        while (end < s.length() && isWordChar(s.charAt(end))) {
          end++;
        }
        return s.substring(i + 1, end);
      }
    }
    return null;
  }
}
