package social.kith.core.log;

/**
 * What {@link AppendOnlyLog#open} does when it finds a bad record that is followed by valid ones.
 * A bad <em>tail</em> (nothing valid after it) is always truncated: it is what a crash during an
 * append leaves behind. A bad record in the <em>middle</em> cannot be told apart from damage to
 * data that was already acknowledged, so by default it is refused.
 */
public enum RecoveryMode {
  /** Refuse to open with {@link LogError#CORRUPT_RECORD}; the file is left untouched. The default. */
  STRICT,
  /**
   * Truncate at the first bad record, discarding every record after it, valid or not, and log a
   * warning with the count. This loses data: use it deliberately (an operator's repair), never as
   * a default. {@link AppendOnlyLog#repair} is the same thing as a one-off call.
   */
  TRUNCATE_AT_FIRST_CORRUPTION
}
