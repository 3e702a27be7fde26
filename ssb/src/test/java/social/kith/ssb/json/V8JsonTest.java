package social.kith.ssb.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import social.kith.ssb.SsbError;
import social.kith.ssb.SsbException;
import social.kith.ssb.V8Oracle;

class V8JsonTest {
  private static JsonValue parse(String s) {
    return JsonParser.DEFAULT.parse(s);
  }

  @Test
  void duplicateKeysKeepLastValueAtFirstPosition() {
    JsonValue v = parse("{\"a\":1,\"b\":2,\"a\":3}");
    assertEquals("{\"a\":3,\"b\":2}", V8Json.stringifyCompact(v));
  }

  @Test
  void integerLikeKeysComeFirstAscending() {
    String json = "{\"b\":1,\"10\":2,\"2\":3,\"a\":4,\"4294967295\":5,\"4294967294\":6,\"01\":7,\"-1\":8,\"1.0\":9}";
    String expected = "{\"2\":3,\"10\":2,\"4294967294\":6,\"b\":1,\"a\":4,\"4294967295\":5,\"01\":7,\"-1\":8,\"1.0\":9}";
    assertEquals(expected, V8Json.stringifyCompact(parse(json)));
    assertEquals(V8Oracle.shared().restringify(json), V8Json.stringify(parse(json)));
  }

  @Test
  void prettyLayoutMatchesV8() {
    String json = "{\"a\":[],\"b\":{},\"c\":[1,{\"d\":null,\"e\":[true,false]}],\"f\":\"x\"}";
    String expected = "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    {\n      \"d\": null,\n"
        + "      \"e\": [\n        true,\n        false\n      ]\n    }\n  ],\n  \"f\": \"x\"\n}";
    assertEquals(expected, V8Json.stringify(parse(json)));
    assertEquals(V8Oracle.shared().restringify(json), expected);
  }

  @Test
  void numbersAsEcmaScriptWritesThem() {
    String json = "[1e21,1e-7,0.1,0.2,0.30000000000000004,5e-324,-0,1.0,9007199254740994,123e-20,0.000001,"
        + "1e400,-1e400,2e23,1.7976931348623157e308,100,1e20,123456789012345680000]";
    String mine = V8Json.stringifyCompact(parse(json));
    assertEquals("[1e+21,1e-7,0.1,0.2,0.30000000000000004,5e-324,0,1,9007199254740994,1.23e-18,0.000001,"
        + "null,null,2e+23,1.7976931348623157e+308,100,100000000000000000000,123456789012345680000]", mine);
    assertEquals(V8Oracle.shared().restringify(json), V8Json.stringify(parse(json)));
  }

  @Test
  void negativeZeroSurvivesParsingButPrintsAsZero() {
    JsonNumber n = (JsonNumber) parse("-0");
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(n.value()));
    assertEquals("0", V8Json.stringify(n));
  }

  @Test
  void stringEscapesMatchV8() {
    String json = "[\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f \\u007f/\\/\\\"\\\\\\u2028\\u2029\\ud83d\\ude80"
        + "\\ud83d\\udc00x\\ude80\\uD83D\"]";
    String mine = V8Json.stringify(parse(json));
    assertEquals("[\n  \"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f \u007f//\\\"\\\\\u2028\u2029\ud83d\ude80"
        + "\ud83d\udc00x\\ude80\\ud83d\"\n]", mine);
    assertEquals(V8Oracle.shared().restringify(json), mine);
  }

  @Test
  void loneSurrogateEscapesSurviveParsing() {
    JsonString s = (JsonString) parse("\"\\ud83d\"");
    assertEquals("\ud83d", s.value());
    assertEquals("\"\\ud83d\"", V8Json.stringify(s));
  }

  @Test
  void syntaxErrorsAreTyped() {
    for (String bad : List.of("", " ", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "+1", "-", "1e", "1e+",
        "\"\\x\"", "\"\\u12g4\"", "\"\\u123\"", "\"a\tb\"", "\"abc", "tru", "nul", "NaN", "Infinity",
        "[1 2]", "{\"a\" 1}", "{a:1}", "'a'", "1 2", "\ufeff1", "[\u00a01]", "\"\\u00e9\"x", "{\"a\":1]",
        "\"\\uff10000\"".substring(0, 5))) {
      SsbException e = assertThrows(SsbException.class, () -> parse(bad), () -> "accepted: " + bad);
      assertEquals(SsbError.JSON_SYNTAX, e.code(), bad);
    }
  }

  @Test
  void nonAsciiHexDigitsAreNotHexDigits() {
    // Character.digit would accept fullwidth digits; JSON.parse does not.
    SsbException e = assertThrows(SsbException.class, () -> parse("\"\\u００41\""));
    assertEquals(SsbError.JSON_SYNTAX, e.code());
  }

  @Test
  void depthIsBoundedWithoutStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    SsbException e = assertThrows(SsbException.class, () -> JsonParser.withLimits(100, 1 << 20).parse(deep));
    assertEquals(SsbError.JSON_TOO_DEEP, e.code());
    String ok = "[".repeat(100) + "]".repeat(100);
    assertEquals(ok, V8Json.stringifyCompact(JsonParser.DEFAULT.parse(ok)));
    SsbException e101 = assertThrows(SsbException.class, () -> JsonParser.DEFAULT.parse("[" + ok + "]"));
    assertEquals(SsbError.JSON_TOO_DEEP, e101.code());
  }

  @Test
  void lengthIsBounded() {
    SsbException e = assertThrows(SsbException.class, () -> JsonParser.withLimits(10, 8).parse("\"123456789\""));
    assertEquals(SsbError.JSON_TOO_LARGE, e.code());
    SsbException b = assertThrows(SsbException.class,
        () -> JsonParser.withLimits(10, 8).parse(new byte[25]));
    assertEquals(SsbError.JSON_TOO_LARGE, b.code());
  }

  @Test
  void malformedUtf8IsRefused() {
    SsbException e = assertThrows(SsbException.class,
        () -> JsonParser.DEFAULT.parse(new byte[] {'"', (byte) 0xC3, '"'}));
    assertEquals(SsbError.JSON_SYNTAX, e.code());
    assertEquals(new JsonString("é"), JsonParser.DEFAULT.parse(new byte[] {'"', (byte) 0xC3, (byte) 0xA9, '"'}));
  }

  @Test
  void writerRefusesValuesBuiltDeeperThanItsLimit() {
    JsonValue v = JsonArray.EMPTY;
    for (int i = 0; i < V8Json.MAX_DEPTH; i++) {
      v = JsonArray.of(v);
    }
    JsonValue tooDeep = v;
    SsbException e = assertThrows(SsbException.class, () -> V8Json.stringify(tooDeep));
    assertEquals(SsbError.JSON_TOO_DEEP, e.code());
  }

  @Test
  void objectsAreImmutableAndOrderSensitive() {
    JsonObject ab = JsonObject.builder().put("a", 1).put("b", 2).build();
    JsonObject ba = JsonObject.builder().put("b", 2).put("a", 1).build();
    assertFalse(ab.equals(ba));
    assertEquals(List.of("a", "b"), ab.keys());
    assertEquals(List.of("a", "b", "c"), ab.with("c", JsonValue.of(true)).keys());
    assertEquals(List.of("b"), ab.without("a").keys());
    assertEquals(List.of("a", "b"), ab.keys());
    assertTrue(JsonObject.isArrayIndex("4294967294"));
    assertFalse(JsonObject.isArrayIndex("4294967295"));
    assertFalse(JsonObject.isArrayIndex("00"));
    assertTrue(JsonObject.isArrayIndex("0"));
  }
}
