package social.kith.activitypub.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/** The timestamp fast path never disagrees with the general ISO 8601 parser it stands in front of. */
final class CommonInstantProperties {
  private static final Pattern OFFSET_WITHOUT_COLON = Pattern.compile("([+-]\\d{2})(\\d{2})$");

  /** The general parser's reading (the offset form of {@link AsObject#instant}), or null. */
  private static Instant general(String s) {
    try {
      return OffsetDateTime.parse(OFFSET_WITHOUT_COLON.matcher(s).replaceFirst("$1:$2")).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Mostly one of the well-formed pieces, sometimes a malformed one. */
  private static Arbitrary<String> mostly(String[] valid, String... invalid) {
    return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(valid)), Tuple.of(1, Arbitraries.of(invalid)));
  }

  @Provide
  Arbitrary<String> timestamps() {
    Arbitrary<String> year = mostly(new String[] {"1970", "2024", "2000", "1900", "9999"}, "0000", "2O24", "+2024");
    Arbitrary<String> month = mostly(new String[] {"01", "02", "12"}, "13", "00", "1", "ab");
    Arbitrary<String> day = mostly(new String[] {"01", "28", "29", "30", "31"}, "32", "00", "3");
    Arbitrary<String> time = mostly(new String[] {"00:00:00", "23:59:59", "09:26:53"}, "24:00:00", "12:60:00",
        "12:00:60", "09:26", "9:26:53", "09:26:5x");
    Arbitrary<String> fraction = mostly(new String[] {"", ".1", ".123", ".123456789"}, ".", ".1234567890", ".12a");
    Arbitrary<String> offset = mostly(new String[] {"Z", "+00:00", "-00:00", "+02:00", "-05:30", "+18:00", "-18:00"},
        "z", "+18:01", "+0200", "+02", "+02:60", "+2:00", "", " ", "Zx");
    Arbitrary<String> sep = mostly(new String[] {"T"}, "t", " ");
    return Combinators.combine(year, month, day, sep, time, fraction, offset)
        .as((y, m, d, t, hms, f, o) -> y + "-" + m + "-" + d + t + hms + f + o);
  }

  @Property(tries = 3000)
  void theFastPathAgreesWithTheGeneralParserOrStandsAside(@ForAll("timestamps") String s) {
    Instant fast = AsObject.commonInstant(s);
    if (fast != null) {
      assertEquals(general(s), fast, s);
    }
    Statistics.label("fast path").collect(fast != null);
    Statistics.label("fast path").coverage(c -> {
      c.check(true).count(n -> n >= 30);
      c.check(false).count(n -> n >= 30);
    });
  }

  @Property(tries = 1000)
  void anyStringIsSafeForTheFastPath(@ForAll String s) {
    Instant fast = AsObject.commonInstant(s);
    if (fast != null) {
      assertEquals(general(s), fast, s);
    }
  }

  @Test
  void theCommonFormsTakeTheFastPath() {
    for (String s : new String[] {"2024-03-14T09:26:53Z", "2024-02-29T23:59:59.5+01:00", "1999-12-31T00:00:00.123456789-05:30"}) {
      assertNotNull(AsObject.commonInstant(s), s);
      assertEquals(general(s), AsObject.commonInstant(s), s);
    }
    assertEquals(null, AsObject.commonInstant("2023-02-29T00:00:00Z"), "no 29 February in 2023: left to the general parser");
  }
}
