package social.kith.ssb;

import social.kith.core.ErrorCode;

/**
 * Why a classic message is refused, one code per distinct check of ssb-validate 4.1.4. Whether a
 * refusal is fatal for the feed (ssb-validate's {@code err.fatal}) is reported beside the code in
 * {@link ValidationResult.Invalid#fatal()}, because the same code can be either (see each constant).
 */
public enum ValidationError implements ErrorCode {
  /** The message is not a JSON object. Not fatal. */
  NOT_AN_OBJECT,
  /** {@code author} is not a feed id. Not fatal. */
  INVALID_AUTHOR,
  /**
   * {@code signature} is not canonical base64 of 64 bytes followed by {@code .sig.<curve of the author>}.
   * Not fatal.
   */
  INVALID_SIGNATURE_FORMAT,
  /** {@code sequence} is not the next one: a message we already have (idempotent, the state is unchanged). Not fatal. */
  DUPLICATE_SEQUENCE,
  /** {@code sequence} skips ahead of the next one (a gap: wait for the missing messages). Not fatal. */
  SEQUENCE_GAP,
  /** The right sequence but a different {@code previous}: the author forked the feed. Fatal. */
  FORK_DETECTED,
  /** A first message (no state) without {@code previous: null}, {@code sequence: 1} or a numeric timestamp. Fatal. */
  INVALID_FIRST_MESSAGE,
  /**
   * Keys not exactly {@code previous, author|sequence, timestamp, hash, content, signature} (fatal), or
   * a {@code sequence} that is not a 32-bit integer, content that is neither an object nor a boxed
   * string, or a {@code hash} other than {@code "sha256"} (not fatal).
   */
  BAD_MESSAGE_SHAPE,
  /** {@code JSON.stringify(msg, null, 2)} is longer than 8192 UTF-16 code units. Not fatal. */
  MESSAGE_TOO_LARGE,
  /** Unboxed content without a string {@code type} of 3 to 52 UTF-16 code units. Not fatal. */
  INVALID_CONTENT_TYPE,
  /** The signature does not verify (with the configured HMAC key, if any). Fatal. */
  SIGNATURE_INVALID
}
