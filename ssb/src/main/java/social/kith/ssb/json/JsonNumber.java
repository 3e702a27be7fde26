package social.kith.ssb.json;

import social.kith.core.internal.EcmaNumber;

/**
 * A JavaScript number: an IEEE double. {@code JSON.parse} turns {@code 1e400} into Infinity and
 * {@code JSON.stringify} writes non-finite numbers as {@code null}, so those values are allowed here.
 * Equality is {@link Double#compare}: {@code -0} and {@code 0} differ, as their bits do.
 */
public record JsonNumber(double value) implements JsonValue {

  /** Whether the value is an integer that a {@code long} holds exactly. */
  public boolean isSafeInteger() {
    return value == Math.rint(value) && Math.abs(value) <= 9007199254740991.0;
  }

  @Override
  public String toString() {
    return EcmaNumber.toString(value);
  }
}
