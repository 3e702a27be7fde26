package social.kith.ssb.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import social.kith.core.internal.EcmaNumber;
import social.kith.ssb.V8Oracle;

/** {@link EcmaNumber} against V8's own {@code String(number)}. */
class EcmaNumberProperties {

  @Property(tries = 3000)
  void anyBitPatternFormatsLikeV8(@ForAll("anyDoubles") double value) {
    assertEquals(V8Oracle.shared().numberToString(value), EcmaNumber.toString(value));
  }

  @Property(tries = 2000)
  void shortDecimalsFormatLikeV8(@ForAll("shortDecimals") double value) {
    assertEquals(V8Oracle.shared().numberToString(value), EcmaNumber.toString(value));
    // Reads back as the same number (-0 reads back as 0, which JavaScript considers equal).
    assertTrue(value == Double.parseDouble(EcmaNumber.toString(value)));
  }

  @Property(tries = 1000)
  void powerOfTwoBoundariesFormatLikeV8(@ForAll("powersOfTwo") double value) {
    assertEquals(V8Oracle.shared().numberToString(value), EcmaNumber.toString(value));
  }

  @Provide
  Arbitrary<Double> anyDoubles() {
    return Arbitraries.longs().map(Double::longBitsToDouble);
  }

  @Provide
  Arbitrary<Double> shortDecimals() {
    return Arbitraries.integers().between(-999_999, 999_999).flatMap(m ->
        Arbitraries.integers().between(-330, 310).map(e -> Double.parseDouble(m + "e" + e)));
  }

  @Provide
  Arbitrary<Double> powersOfTwo() {
    return Arbitraries.integers().between(-1074, 1023).flatMap(e ->
        Arbitraries.integers().between(-2, 2).map(d -> {
          double p = Math.scalb(1.0, e);
          return d < 0 ? Math.nextDown(p) : d > 0 ? Math.nextUp(p) : p;
        }));
  }
}
