package social.kith.activitypub.jcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import social.kith.core.internal.EcmaNumber;

/** ECMAScript number text reads back as the same double, and canonicalisation is idempotent. */
class JcsProperties {
  @Provide
  Arbitrary<Double> doubles() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(Double::longBitsToDouble).filter(d -> !d.isNaN() && !d.isInfinite()),
        Arbitraries.doubles(),
        Arbitraries.integers().map(i -> (double) i));
  }

  @Property(tries = 3000)
  void numberTextRoundTripsAndIsShortest(@ForAll("doubles") double d) {
    String s = EcmaNumber.toString(d);
    assertEquals(d == 0 ? 0.0 : d, Double.parseDouble(s), s);
    String digits = s.replaceFirst("e.*", "").replace("-", "").replace(".", "").replaceFirst("^0+", "")
        .replaceFirst("0+$", "");
    assertTrue(digits.length() <= 17, s);
  }

  @Property(tries = 500)
  void canonicalFormIsAFixedPoint(@ForAll("doubles") double d, @ForAll("keys") String k1, @ForAll("keys") String k2) {
    String json = "{\"a" + k1 + "\":[" + EcmaNumber.toString(d) + ",\"" + k2 + "\"],\"b" + k2 + "\":{\"" + k1 + "\":null}}";
    String once = Jcs.canonicalize(json);
    assertEquals(once, Jcs.canonicalize(once));
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('\u00e9', '\u20ac', '1').ofMaxLength(6);
  }
}
