package social.kith.activitypub.signature;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates (RFC 9110 section 5.6.7). Kith writes IMF-fixdate and reads IMF-fixdate and RFC 1123
 * dates with a numeric zone; the obsolete RFC 850 and asctime forms are refused. Input over 64
 * characters is refused before parsing.
 */
public final class HttpDates {
  /** The longest date text read. */
  public static final int MAX_LENGTH = 64;

  private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
      .ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US)
      .withZone(ZoneOffset.UTC)
      .withResolverStyle(ResolverStyle.STRICT);

  private HttpDates() {}

  /** IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  public static String format(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  /** The instant of an HTTP date, or empty if it is not one. */
  public static Optional<Instant> parse(String text) {
    if (text == null || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    String t = text.strip();
    try {
      return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(t)));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
