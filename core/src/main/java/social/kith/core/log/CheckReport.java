package social.kith.core.log;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The read-only verdict of {@link AppendOnlyLog#check}: what {@link AppendOnlyLog#open} would keep,
 * cut or refuse. Offsets are record offsets (as {@code append} returns them), not file positions.
 *
 * @param status the verdict
 * @param validRecords whole, valid records before the first problem
 * @param validEndOffset the end offset of those records: where {@code open} would truncate
 * @param dataBytes the bytes after the file header (the end offset if the log is clean)
 * @param firstBadOffset where the first invalid record, or the incomplete batch, starts
 * @param nextValidOffset for {@link Status#CORRUPT}: the first offset after the bad record at which
 *     a valid record was found
 * @param problem a human-readable description of the first problem, empty when clean
 */
public record CheckReport(
    Status status,
    long validRecords,
    long validEndOffset,
    long dataBytes,
    OptionalLong firstBadOffset,
    OptionalLong nextValidOffset,
    String problem) {

  /** The verdict of a check. */
  public enum Status {
    /** Every byte belongs to a whole, valid record. */
    CLEAN,
    /** The tail is torn or corrupt and nothing valid follows: {@code open} truncates it. */
    TORN_TAIL,
    /**
     * A bad record is followed by valid data: {@code open} refuses in {@link RecoveryMode#STRICT}
     * and {@link AppendOnlyLog#repair} would discard everything from {@code firstBadOffset} on.
     */
    CORRUPT
  }

  public CheckReport {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(firstBadOffset, "firstBadOffset");
    Objects.requireNonNull(nextValidOffset, "nextValidOffset");
    Objects.requireNonNull(problem, "problem");
  }
}
