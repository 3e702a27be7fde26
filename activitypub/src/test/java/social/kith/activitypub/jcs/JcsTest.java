package social.kith.activitypub.jcs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import social.kith.core.internal.EcmaNumber;

/** RFC 8785's own examples (sections 3.2.2, 3.2.3 and Appendix B), and the input limits. */
class JcsTest {
  /** Section 3.2.2: the "numbers, string, literals" example. */
  @Test
  void rfc8785Section322Example() {
    String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
        + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
        + "  \"literals\": [null, true, false]\n}";
    String expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    assertEquals(expected, Jcs.canonicalize(input));
  }

  /** Section 3.2.3: members sorted by UTF-16 code units, not code points. */
  @Test
  void rfc8785Section323SortsByUtf16CodeUnits() {
    String input = "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\","
        + " \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\","
        + " \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}";
    String expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
        + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
    assertEquals(expected, Jcs.canonicalize(input));
  }

  /** Appendix B: IEEE 754 bit patterns and their ECMAScript text. */
  @ParameterizedTest
  @CsvSource({
      "0000000000000000, 0",
      "8000000000000000, 0",
      "0000000000000001, 5e-324",
      "8000000000000001, -5e-324",
      "7fefffffffffffff, 1.7976931348623157e+308",
      "ffefffffffffffff, -1.7976931348623157e+308",
      "4340000000000000, 9007199254740992",
      "c340000000000000, -9007199254740992",
      "4430000000000000, 295147905179352830000",
      "44b52d02c7e14af5, 9.999999999999997e+22",
      "44b52d02c7e14af6, 1e+23",
      "44b52d02c7e14af7, 1.0000000000000001e+23",
      "444b1ae4d6e2ef4e, 999999999999999700000",
      "444b1ae4d6e2ef4f, 999999999999999900000",
      "444b1ae4d6e2ef50, 1e+21",
      "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
      "3eb0c6f7a0b5ed8d, 0.000001",
      "41b3de4355555553, 333333333.3333332",
      "41b3de4355555554, 333333333.33333325",
      "41b3de4355555555, 333333333.3333333",
      "41b3de4355555556, 333333333.3333334",
      "41b3de4355555557, 333333333.33333343",
      "becbf647612f3696, -0.0000033333333333333333",
      "43143ff3c1cb0959, 1424953923781206.2"
  })
  void appendixBNumbers(String hexBits, String expected) {
    double d = Double.longBitsToDouble(Long.parseUnsignedLong(hexBits, 16));
    assertEquals(expected, EcmaNumber.toString(d));
    if (!hexBits.startsWith("8")) { // -0 reads back as 0
      assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(Double.parseDouble(expected)));
    }
  }

  @Test
  void numberTextIsReadAsADouble() {
    assertEquals("[1e+21,1e-7,0.30000000000000004,1,-1,100,123456789012345680000]",
        Jcs.canonicalize("[1e21, 1e-7, 0.30000000000000004, 1.0, -1, 1E2, 123456789012345678901]"));
  }

  @Test
  void controlCharactersAreEscapedLikeJsonStringify() {
    assertEquals("[\"\\u0000\\u001f\\b\\t\\n\\f\\r\u2028\u007f\"]",
        Jcs.canonicalize("[\"\\u0000\\u001f\\b\\t\\n\\f\\r\\u2028\\u007f\"]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"\\ud800\"]", "[\"\\udc00x\"]", "{\"\\ud800\": 1}", "{\"a\":1,\"a\":2}", "[1e400]"})
  void notIJsonIsRefused(String json) {
    JcsException e = assertThrows(JcsException.class, () -> Jcs.canonicalize(json));
    assertEquals(JcsException.Reason.NOT_I_JSON, e.reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[1,]", "{\"a\" 1}", "[1] [2]", "nul", "[01]", "'a'"})
  void malformedIsRefused(String json) {
    JcsException e = assertThrows(JcsException.class, () -> Jcs.canonicalize(json));
    assertEquals(JcsException.Reason.MALFORMED, e.reason());
  }

  @Test
  void parserBombsHitTheLimits() {
    List<String> bombs = List.of("[".repeat(100_000) + "]".repeat(100_000),
        "[" + "9".repeat(10_000) + "]",
        "{\"" + "k".repeat(Jcs.MAX_STRING_LENGTH + 1) + "\":1}");
    for (String b : bombs) {
      JcsException e = assertThrows(JcsException.class, () -> Jcs.canonicalize(b));
      assertEquals(JcsException.Reason.LIMIT_EXCEEDED, e.reason());
    }
    byte[] big = new byte[Jcs.MAX_DOCUMENT_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    assertEquals(JcsException.Reason.LIMIT_EXCEEDED,
        assertThrows(JcsException.class, () -> Jcs.canonicalize(big)).reason());
  }

  @Test
  void depthWithinTheLimitIsFine() {
    String nested = "[".repeat(Jcs.MAX_DEPTH) + "]".repeat(Jcs.MAX_DEPTH);
    assertEquals(nested, new String(Jcs.canonicalize(nested.getBytes(UTF_8)), UTF_8));
  }
}
