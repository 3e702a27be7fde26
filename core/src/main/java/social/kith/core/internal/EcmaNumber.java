package social.kith.core.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * ECMAScript {@code Number::toString} (ECMA-262 §6.1.6.1.20): the shortest decimal that reads back
 * as the same double, nearest to it when several are as short, laid out in plain notation for
 * exponents {@code -7 < n <= 21} and as {@code 1.5e+21} otherwise. JDK 17's {@link Double#toString}
 * is not always shortest (fixed in JDK 19), so the digits are found here by rounding the exact
 * binary value with {@link BigDecimal} and checking that the result round-trips.
 *
 * <p>Shared by the modules that must write numbers exactly as JavaScript does (SSB's V8
 * {@code JSON.stringify}, RFC 8785 canonical JSON): exported only to them.
 */
public final class EcmaNumber {
  private EcmaNumber() {}

  private static final double TWO_53 = 9007199254740992.0;

  /** The JavaScript string form of {@code value} ({@code "NaN"}, {@code "Infinity"}, {@code "0"} for -0). */
  public static String toString(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == 0) {
      return "0";
    }
    if (value == Math.rint(value) && Math.abs(value) < TWO_53) {
      return Long.toString((long) value);
    }
    boolean negative = value < 0;
    Digits d = shortest(Math.abs(value));
    StringBuilder sb = new StringBuilder(24);
    if (negative) {
      sb.append('-');
    }
    layout(sb, d.digits, d.exponent);
    return sb.toString();
  }

  /** Digits {@code s} (no trailing zeros) and {@code n} such that the value is {@code 0.s × 10^n}. */
  record Digits(String digits, int exponent) {}

  static Digits shortest(double positive) {
    BigDecimal exact = new BigDecimal(positive);
    // Double.toString always round-trips, so the shortest length is at most its digit count.
    int upper = significantDigits(Double.toString(positive));
    int best = upper;
    BigDecimal bestValue = nearestRoundTrip(exact, positive, upper);
    // A p-digit decimal that round-trips is also a (p+1)-digit one, so search downwards until none does.
    for (int p = upper - 1; p >= 1; p--) {
      BigDecimal candidate = nearestRoundTrip(exact, positive, p);
      if (candidate == null) {
        break;
      }
      best = p;
      bestValue = candidate;
    }
    if (bestValue == null) {
      // Not reached: 17 significant digits always identify a double.
      bestValue = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
      best = 17;
    }
    BigDecimal stripped = bestValue.stripTrailingZeros();
    String digits = stripped.unscaledValue().toString();
    int exponent = digits.length() - stripped.scale();
    assert digits.length() <= best;
    return new Digits(digits, exponent);
  }

  /** The {@code p}-digit decimal nearest to {@code exact} that parses back to {@code value}, or null. */
  private static BigDecimal nearestRoundTrip(BigDecimal exact, double value, int p) {
    BigDecimal down = exact.round(new MathContext(p, RoundingMode.FLOOR));
    BigDecimal up = exact.round(new MathContext(p, RoundingMode.CEILING));
    boolean downOk = down.doubleValue() == value;
    boolean upOk = up.doubleValue() == value;
    if (downOk && upOk) {
      int cmp = exact.subtract(down).compareTo(up.subtract(exact));
      if (cmp < 0) {
        return down;
      }
      if (cmp > 0) {
        return up;
      }
      // Equally near: take the one with an even last digit, as V8 does.
      return down.unscaledValue().testBit(0) ? up : down;
    }
    return downOk ? down : upOk ? up : null;
  }

  private static int significantDigits(String javaForm) {
    int end = javaForm.indexOf('E');
    if (end < 0) {
      end = javaForm.length();
    }
    StringBuilder digits = new StringBuilder();
    for (int i = 0; i < end; i++) {
      char c = javaForm.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    int start = 0;
    while (start < digits.length() - 1 && digits.charAt(start) == '0') {
      start++;
    }
    int stop = digits.length();
    while (stop > start + 1 && digits.charAt(stop - 1) == '0') {
      stop--;
    }
    return Math.min(17, Math.max(1, stop - start));
  }

  private static void layout(StringBuilder sb, String s, int n) {
    int k = s.length();
    if (k <= n && n <= 21) {
      sb.append(s);
      for (int i = k; i < n; i++) {
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
  }
}
