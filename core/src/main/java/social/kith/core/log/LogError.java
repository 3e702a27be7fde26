package social.kith.core.log;

import social.kith.core.ErrorCode;

/** Why an {@link AppendOnlyLog} operation was refused. The constant names are stable. */
public enum LogError implements ErrorCode {
  /** The file does not start with the log's magic bytes: it is not a Kith log. */
  NOT_A_LOG,
  /** The file header names a format version this code does not read. */
  UNSUPPORTED_VERSION,
  /** The file header fails its checksum. */
  CORRUPT_HEADER,
  /**
   * A record fails its length or checksum check where dropping it could lose acknowledged data
   * (valid records follow it), or a stored record no longer verifies when read.
   */
  CORRUPT_RECORD,
  /** A payload is larger than {@link LogOptions#maxRecordSize()}. Nothing was written. */
  RECORD_TOO_LARGE,
  /** The log already holds {@link AppendOnlyLog#MAX_RECORDS} records. Nothing was written. */
  TOO_MANY_RECORDS,
  /** An offset that is negative, not the start of a record, or at or beyond the end. */
  INVALID_OFFSET,
  /** Another process, or another open log in this JVM, holds the file. */
  LOCKED,
  /** The log is closed. */
  CLOSED,
  /**
   * The file system failed (disk full, permissions, fsync error). After a failed write or fsync the
   * log refuses further writes until it is reopened, because the kernel's view of what reached
   * the disk is no longer known.
   */
  IO_FAILURE
}
