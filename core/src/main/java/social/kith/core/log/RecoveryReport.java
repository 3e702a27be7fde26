package social.kith.core.log;

/**
 * What {@link AppendOnlyLog#open} found and fixed.
 *
 * @param recordsRecovered the whole, valid records kept
 * @param bytesTruncated bytes cut off the end of the file (a torn or corrupted tail, an
 *     incomplete batch, or, in {@link RecoveryMode#TRUNCATE_AT_FIRST_CORRUPTION}, everything from the
 *     first bad record on)
 * @param recordsDiscarded valid records found after the first bad one and thrown away; only ever
 *     non-zero under {@link RecoveryMode#TRUNCATE_AT_FIRST_CORRUPTION}, and a lower bound when the
 *     discarded region held further corruption
 * @param created whether the file was new (or a torn, never-used header) and was initialised
 */
public record RecoveryReport(
    long recordsRecovered, long bytesTruncated, long recordsDiscarded, boolean created) {
  public RecoveryReport {
    if (recordsRecovered < 0 || bytesTruncated < 0 || recordsDiscarded < 0) {
      throw new IllegalArgumentException("negative count in recovery report");
    }
  }

  /** True if nothing had to be cut. */
  public boolean clean() {
    return bytesTruncated == 0;
  }
}
