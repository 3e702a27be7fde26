package social.kith.ssb.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import social.kith.ssb.V8Oracle;

/** The serializer against V8, and parse/serialize round trips, on random JSON values. */
class V8JsonProperties {

  @Property(tries = 400)
  void prettyOutputEqualsV8(@ForAll("values") JsonValue value) {
    String compact = V8Json.stringifyCompact(value);
    assertEquals(V8Oracle.shared().restringify(compact), V8Json.stringify(value));
  }

  @Property(tries = 600)
  void parseThenSerializeIsIdentityOnSerializedText(@ForAll("values") JsonValue value) {
    String pretty = V8Json.stringify(value);
    JsonValue reparsed = JsonParser.DEFAULT.parse(pretty);
    assertEquals(pretty, V8Json.stringify(reparsed));
    assertEquals(V8Json.stringifyCompact(value), V8Json.stringifyCompact(JsonParser.DEFAULT.parse(V8Json.stringifyCompact(value))));
  }

  @Provide
  Arbitrary<JsonValue> values() {
    return Arbitraries.integers().between(0, 4).flatMap(this::valuesUpTo);
  }

  private Arbitrary<JsonValue> valuesUpTo(int depth) {
    if (depth == 0) {
      return scalar();
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, scalar()),
        net.jqwik.api.Tuple.of(1, array(depth - 1)),
        net.jqwik.api.Tuple.of(2, object(depth - 1)));
  }

  private Arbitrary<JsonValue> scalar() {
    return Arbitraries.oneOf(
        Arbitraries.just(JsonNull.INSTANCE),
        Arbitraries.of(JsonBoolean.TRUE, JsonBoolean.FALSE),
        Arbitraries.longs().map(Double::longBitsToDouble).map(JsonNumber::new),
        Arbitraries.integers().between(-5000, 5000).map(i -> new JsonNumber(i / 100.0)),
        Arbitraries.longs().between(-(1L << 60), 1L << 60).map(l -> new JsonNumber(l)),
        strings().map(JsonString::new));
  }

  private Arbitrary<String> strings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12),
        Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(8),
        Arbitraries.strings().withChars('\ud83d', '\ude80', '\u2028', '\u2029', '"', '\\', '/', '\u007f', 'a')
            .ofMaxLength(8),
        Arbitraries.of("0", "1", "10", "2", "01", "4294967294", "4294967295", "-1", "type", "__proto__",
            "constructor", "1.5", ""));
  }

  private Arbitrary<JsonValue> array(int depth) {
    return valuesUpTo(depth).list().ofMaxSize(4).map(JsonArray::new);
  }

  private Arbitrary<JsonValue> object(int depth) {
    Arbitrary<List<String>> keys = strings().list().ofMaxSize(5);
    return keys.flatMap(ks -> valuesUpTo(depth).list().ofSize(ks.size()).map(vs -> {
      JsonObject.Builder b = JsonObject.builder();
      for (int i = 0; i < ks.size(); i++) {
        b.put(ks.get(i), vs.get(i));
      }
      return b.build();
    }));
  }
}
