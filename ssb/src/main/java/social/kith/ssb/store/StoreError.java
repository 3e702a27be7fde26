package social.kith.ssb.store;

import social.kith.core.ErrorCode;

/**
 * Why an {@link SsbStore} refused to open or to go on. Refused messages carry a
 * {@link social.kith.ssb.ValidationError} instead (see {@link RejectedMessageException}); failures of
 * the underlying log keep their {@link social.kith.core.log.LogError}.
 */
public enum StoreError implements ErrorCode {
  /** The directory's {@code FORMAT} file names a store format this code does not read, or is not a FORMAT file. */
  UNSUPPORTED_FORMAT,
  /** The directory holds a message log but no {@code FORMAT} file: not a store, or created by something else. */
  NOT_A_STORE,
  /** A record of the log verifies (checksum) but is not a store record this version wrote. */
  CORRUPT_RECORD,
  /** The file system failed while creating the store. */
  IO_FAILURE
}
