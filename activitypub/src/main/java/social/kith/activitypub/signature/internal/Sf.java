package social.kith.activitypub.signature.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 8941 Structured Field Values: a strict parser and the canonical serializer, for
 * {@code Signature-Input}, {@code Signature}, {@code Content-Digest} and RFC 9421 {@code ;sf} /
 * {@code ;key} components.
 *
 * <p>Parsing is a single left-to-right pass with no recursion beyond the fixed nesting of the
 * grammar (dictionary, inner list, item), so time is linear in the input. Stricter than RFC 8941 in
 * one respect: a repeated dictionary key or parameter name is refused instead of overwritten, since
 * a signature header that says two things at once is more likely an attack than a mistake. Byte
 * sequences must be canonical padded base64.
 */
public final class Sf {
  private Sf() {}

  /** A parse failure; callers turn it into their own typed error. */
  public static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(String message, int at) {
      super(message + " at offset " + at);
    }
  }

  /** An item or an inner list. */
  public sealed interface Member permits Item, InnerList {
    /** The parameters. */
    Map<String, Object> params();
  }

  /**
   * A bare item with parameters. The value is a {@link Long} (integer), {@link BigDecimal}
   * (decimal), {@link String} (string), {@link Token}, {@code byte[]} (byte sequence) or
   * {@link Boolean}; parameter values are bare items of the same kinds.
   */
  public record Item(Object value, Map<String, Object> params) implements Member {
    public Item {
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** An item without parameters. */
    public static Item of(Object value) {
      return new Item(value, Map.of());
    }
  }

  /** An inner list with parameters. */
  public record InnerList(List<Item> items, Map<String, Object> params) implements Member {
    public InnerList {
      items = List.copyOf(items);
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
  }

  /** A token (unquoted identifier). */
  public record Token(String value) {}

  // ---------------------------------------------------------------- parsing

  /** Parses a dictionary. */
  public static Map<String, Member> parseDictionary(String input) throws ParseException {
    Parser p = new Parser(input);
    Map<String, Member> out = p.dictionary();
    p.end();
    return Collections.unmodifiableMap(out);
  }

  /** Parses a list. */
  public static List<Member> parseList(String input) throws ParseException {
    Parser p = new Parser(input);
    List<Member> out = p.list();
    p.end();
    return List.copyOf(out);
  }

  /** Parses an item. */
  public static Item parseItem(String input) throws ParseException {
    Parser p = new Parser(input);
    p.skipSp();
    Item out = p.item();
    p.end();
    return out;
  }

  private static final class Parser {
    private final String s;
    private int i;

    Parser(String input) throws ParseException {
      this.s = input;
      for (int k = 0; k < input.length(); k++) {
        char c = input.charAt(k);
        if (c > 0x7e || c < 0x20 && c != '\t') {
          throw new ParseException("non-ASCII or control character", k);
        }
      }
      skipSp();
    }

    void skipSp() {
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
    }

    void skipOws() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }

    void end() throws ParseException {
      skipSp();
      if (i != s.length()) {
        throw new ParseException("trailing characters", i);
      }
    }

    boolean more() {
      return i < s.length();
    }

    char peek() {
      return s.charAt(i);
    }

    Map<String, Member> dictionary() throws ParseException {
      Map<String, Member> out = new LinkedHashMap<>();
      while (more()) {
        String key = key();
        Member m;
        if (more() && peek() == '=') {
          i++;
          m = member();
        } else {
          m = new Item(Boolean.TRUE, parameters());
        }
        if (out.putIfAbsent(key, m) != null) {
          throw new ParseException("duplicate dictionary key '" + key + "'", i);
        }
        if (!separator()) {
          return out;
        }
      }
      return out;
    }

    List<Member> list() throws ParseException {
      List<Member> out = new ArrayList<>();
      while (more()) {
        out.add(member());
        if (!separator()) {
          return out;
        }
      }
      return out;
    }

    /** After a member: true if a comma followed (and more must come), false at the end. */
    private boolean separator() throws ParseException {
      skipOws();
      if (!more()) {
        return false;
      }
      if (peek() != ',') {
        throw new ParseException("expected ','", i);
      }
      i++;
      skipOws();
      if (!more()) {
        throw new ParseException("trailing ','", i);
      }
      return true;
    }

    Member member() throws ParseException {
      if (more() && peek() == '(') {
        return innerList();
      }
      return item();
    }

    InnerList innerList() throws ParseException {
      i++; // '('
      List<Item> items = new ArrayList<>();
      while (more()) {
        skipSp();
        if (more() && peek() == ')') {
          i++;
          return new InnerList(items, parameters());
        }
        items.add(item());
        if (more() && peek() != ' ' && peek() != ')') {
          throw new ParseException("expected ' ' or ')' in inner list", i);
        }
      }
      throw new ParseException("unterminated inner list", i);
    }

    Item item() throws ParseException {
      Object v = bareItem();
      return new Item(v, parameters());
    }

    Map<String, Object> parameters() throws ParseException {
      Map<String, Object> out = new LinkedHashMap<>();
      while (more() && peek() == ';') {
        i++;
        skipSp();
        String key = key();
        Object v = Boolean.TRUE;
        if (more() && peek() == '=') {
          i++;
          v = bareItem();
        }
        if (out.putIfAbsent(key, v) != null) {
          throw new ParseException("duplicate parameter '" + key + "'", i);
        }
      }
      return out;
    }

    String key() throws ParseException {
      if (!more()) {
        throw new ParseException("expected a key", i);
      }
      char c = peek();
      if (!(c >= 'a' && c <= 'z' || c == '*')) {
        throw new ParseException("a key must start with a lower-case letter or '*'", i);
      }
      int start = i;
      while (more()) {
        c = peek();
        if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
            || c == '*') {
          i++;
        } else {
          break;
        }
      }
      return s.substring(start, i);
    }

    Object bareItem() throws ParseException {
      if (!more()) {
        throw new ParseException("expected an item", i);
      }
      char c = peek();
      if (c == '-' || c >= '0' && c <= '9') {
        return number();
      }
      if (c == '"') {
        return string();
      }
      if (c == ':') {
        return bytes();
      }
      if (c == '?') {
        return bool();
      }
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '*') {
        return token();
      }
      throw new ParseException("unexpected character", i);
    }

    Object number() throws ParseException {
      int start = i;
      boolean negative = false;
      if (peek() == '-') {
        negative = true;
        i++;
      }
      if (!more() || peek() < '0' || peek() > '9') {
        throw new ParseException("expected a digit", i);
      }
      int digitsStart = i;
      int dot = -1;
      while (more()) {
        char c = peek();
        if (c >= '0' && c <= '9') {
          i++;
        } else if (c == '.' && dot < 0) {
          if (i - digitsStart > 12) {
            throw new ParseException("decimal with more than 12 integer digits", i);
          }
          dot = i;
          i++;
        } else {
          break;
        }
        int len = i - digitsStart;
        if (dot < 0 && len > 15 || dot >= 0 && len > 16) {
          throw new ParseException("number too long", i);
        }
      }
      String text = s.substring(start, i);
      if (dot < 0) {
        return Long.parseLong(text);
      }
      int fraction = i - dot - 1;
      if (fraction == 0 || fraction > 3) {
        throw new ParseException("decimal needs 1 to 3 fractional digits", i);
      }
      BigDecimal d = new BigDecimal(text);
      return negative && d.signum() == 0 ? d.abs() : d;
    }

    String string() throws ParseException {
      i++; // '"'
      StringBuilder sb = new StringBuilder();
      while (more()) {
        char c = s.charAt(i++);
        if (c == '\\') {
          if (!more()) {
            throw new ParseException("dangling escape", i);
          }
          char n = s.charAt(i++);
          if (n != '"' && n != '\\') {
            throw new ParseException("invalid escape", i);
          }
          sb.append(n);
        } else if (c == '"') {
          return sb.toString();
        } else if (c < 0x20 || c > 0x7e) {
          throw new ParseException("invalid character in string", i);
        } else {
          sb.append(c);
        }
      }
      throw new ParseException("unterminated string", i);
    }

    Token token() {
      int start = i;
      while (more()) {
        char c = peek();
        if (isTchar(c) || c == ':' || c == '/') {
          i++;
        } else {
          break;
        }
      }
      return new Token(s.substring(start, i));
    }

    byte[] bytes() throws ParseException {
      i++; // ':'
      int start = i;
      while (more() && peek() != ':') {
        char c = peek();
        if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+'
            || c == '/' || c == '=')) {
          throw new ParseException("invalid byte sequence character", i);
        }
        i++;
      }
      if (!more()) {
        throw new ParseException("unterminated byte sequence", i);
      }
      String b64 = s.substring(start, i);
      i++; // ':'
      try {
        byte[] out = Base64.getDecoder().decode(b64);
        if (!Base64.getEncoder().encodeToString(out).equals(b64)) { // not secret: canonical-form check
          throw new ParseException("non-canonical base64", start);
        }
        return out;
      } catch (IllegalArgumentException e) {
        throw new ParseException("invalid base64", start);
      }
    }

    Boolean bool() throws ParseException {
      i++; // '?'
      if (more() && (peek() == '0' || peek() == '1')) {
        return s.charAt(i++) == '1';
      }
      throw new ParseException("invalid boolean", i);
    }
  }

  static boolean isTchar(char c) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  // ---------------------------------------------------------------- serialising

  /** Serialises a dictionary. */
  public static String serializeDictionary(Map<String, ? extends Member> dict) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, ? extends Member> e : dict.entrySet()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(checkKey(e.getKey()));
      Member m = e.getValue();
      if (m instanceof Item && Boolean.TRUE.equals(((Item) m).value())) {
        appendParams(sb, m.params());
      } else {
        sb.append('=');
        appendMember(sb, m);
      }
    }
    return sb.toString();
  }

  /** Serialises a list. */
  public static String serializeList(List<? extends Member> list) {
    StringBuilder sb = new StringBuilder();
    for (Member m : list) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      appendMember(sb, m);
    }
    return sb.toString();
  }

  /** Serialises one member (item or inner list). */
  public static String serializeMember(Member m) {
    StringBuilder sb = new StringBuilder();
    appendMember(sb, m);
    return sb.toString();
  }

  private static void appendMember(StringBuilder sb, Member m) {
    if (m instanceof InnerList) {
      InnerList l = (InnerList) m;
      sb.append('(');
      for (int k = 0; k < l.items().size(); k++) {
        if (k > 0) {
          sb.append(' ');
        }
        appendMember(sb, l.items().get(k));
      }
      sb.append(')');
    } else {
      appendBare(sb, ((Item) m).value());
    }
    appendParams(sb, m.params());
  }

  /** Serialises parameters ({@code ;a=1;b}). */
  public static void appendParams(StringBuilder sb, Map<String, Object> params) {
    for (Map.Entry<String, Object> e : params.entrySet()) {
      sb.append(';').append(checkKey(e.getKey()));
      if (!Boolean.TRUE.equals(e.getValue())) {
        sb.append('=');
        appendBare(sb, e.getValue());
      }
    }
  }

  /** Serialises a bare item. */
  public static void appendBare(StringBuilder sb, Object v) {
    if (v instanceof Long || v instanceof Integer) {
      long n = ((Number) v).longValue();
      if (Math.abs(n) > 999_999_999_999_999L) {
        throw new IllegalArgumentException("integer out of range");
      }
      sb.append(n);
    } else if (v instanceof BigDecimal) {
      BigDecimal d = ((BigDecimal) v).setScale(3, RoundingMode.HALF_EVEN);
      if (d.abs().compareTo(new BigDecimal("999999999999.999")) > 0) {
        throw new IllegalArgumentException("decimal out of range");
      }
      String plain = d.stripTrailingZeros().toPlainString();
      sb.append(plain.indexOf('.') < 0 ? plain + ".0" : plain);
    } else if (v instanceof String) {
      String str = (String) v;
      sb.append('"');
      for (int k = 0; k < str.length(); k++) {
        char c = str.charAt(k);
        if (c < 0x20 || c > 0x7e) {
          throw new IllegalArgumentException("string contains a non-printable or non-ASCII character");
        }
        if (c == '"' || c == '\\') {
          sb.append('\\');
        }
        sb.append(c);
      }
      sb.append('"');
    } else if (v instanceof Token) {
      sb.append(((Token) v).value());
    } else if (v instanceof byte[]) {
      sb.append(':').append(Base64.getEncoder().encodeToString((byte[]) v)).append(':');
    } else if (v instanceof Boolean) {
      sb.append((Boolean) v ? "?1" : "?0");
    } else {
      throw new IllegalArgumentException("not a bare item: " + (v == null ? "null" : v.getClass()));
    }
  }

  private static String checkKey(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("empty key");
    }
    for (int k = 0; k < key.length(); k++) {
      char c = key.charAt(k);
      boolean ok = c >= 'a' && c <= 'z' || c == '*'
          || k > 0 && (c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.');
      if (!ok) {
        throw new IllegalArgumentException("invalid key");
      }
    }
    return key;
  }
}
