package social.kith.activitypub.jcs;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * ECMAScript {@code Number.prototype.toString()} for doubles, as RFC 8785 section 3.2.2.3
 * requires: the shortest decimal that reads back as the same double (ties to the nearer, then the
 * even), written as an integer up to 21 digits, as {@code 0.000001} down to 1e-6, and with an
 * exponent ({@code 1e+21}, {@code 1e-7}) otherwise; {@code -0} is {@code 0}.
 *
 * <p>Written here rather than relying on {@link Double#toString}, which before JDK 19 does not
 * always give the shortest digits (JDK-4511638). Candidates are checked with exact
 * {@link BigDecimal} arithmetic, so the result never depends on the platform's formatter.
 */
public final class EcmaNumbers {
  private EcmaNumbers() {}

  /**
   * The ECMAScript string of {@code value}.
   *
   * @throws IllegalArgumentException for NaN and infinities (not JSON)
   */
  public static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("NaN and infinities are not JSON numbers");
    }
    if (value == 0) {
      return "0";
    }
    boolean negative = value < 0;
    BigDecimal exact = new BigDecimal(Math.abs(value));
    String digits = null;
    int exponent = 0; // value = 0.digits * 10^exponent, i.e. ECMAScript's n
    for (int precision = 1; precision <= 17 && digits == null; precision++) {
      BigDecimal best = null;
      for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
        BigDecimal candidate = exact.round(new MathContext(precision, mode));
        if (candidate.doubleValue() != Math.abs(value)) {
          continue;
        }
        if (best == null) {
          best = candidate;
          continue;
        }
        int cmp = candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs());
        if (cmp < 0 || cmp == 0 && lastDigitEven(candidate)) {
          best = candidate;
        }
      }
      if (best != null) {
        BigDecimal stripped = best.stripTrailingZeros();
        digits = stripped.unscaledValue().toString();
        exponent = digits.length() - stripped.scale();
      }
    }
    if (digits == null) {
      throw new IllegalStateException("no round-tripping representation"); // a double always has one
    }
    return (negative ? "-" : "") + layout(digits, exponent);
  }

  private static boolean lastDigitEven(BigDecimal d) {
    String s = d.unscaledValue().toString();
    return (s.charAt(s.length() - 1) - '0') % 2 == 0;
  }

  /** ECMA-262 Number::toString steps 6-10 for digits s (k of them) and exponent n. */
  private static String layout(String s, int n) {
    int k = s.length();
    StringBuilder sb = new StringBuilder();
    if (k <= n && n <= 21) {
      sb.append(s);
      for (int i = 0; i < n - k; i++) {
        sb.append('0');
      }
    } else if (0 < n && n <= 21) {
      sb.append(s, 0, n).append('.').append(s, n, k);
    } else if (-6 < n && n <= 0) {
      sb.append("0.");
      for (int i = 0; i < -n; i++) {
        sb.append('0');
      }
      sb.append(s);
    } else {
      int e = n - 1;
      sb.append(s.charAt(0));
      if (k > 1) {
        sb.append('.').append(s, 1, k);
      }
      sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return sb.toString();
  }
}
