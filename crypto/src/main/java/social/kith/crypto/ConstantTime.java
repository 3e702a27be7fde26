package social.kith.crypto;

import java.security.MessageDigest;

/**
 * Comparisons whose running time does not depend on where two secrets differ (checklist item 8).
 * Use these for MACs, digests, tags and signatures; never {@code Arrays.equals} or
 * {@code String.equals}.
 */
public final class ConstantTime {
  private ConstantTime() {}

  /**
   * True if {@code a} and {@code b} hold the same bytes. The time taken depends only on the
   * lengths, never on the position of the first difference. Null equals only null.
   */
  public static boolean equals(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return a == b;
    }
    return MessageDigest.isEqual(a, b);
  }
}
