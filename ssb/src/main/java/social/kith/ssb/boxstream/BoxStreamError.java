package social.kith.ssb.boxstream;

import social.kith.core.ErrorCode;

/** Why a box-stream was refused or closed. Every one ends the stream: box-stream has no recovery. */
public enum BoxStreamError implements ErrorCode {
  /** A header or body that does not authenticate: tampered, reordered, duplicated or from another key. */
  AUTHENTICATION_FAILED,
  /** An authenticated header announcing a body of 0 bytes or more than 4096 bytes. */
  BAD_LENGTH,
  /** The byte stream ended without the goodbye: a cut connection, never a clean end. */
  MISSING_GOODBYE,
  /** Bytes arrived after the goodbye. */
  DATA_AFTER_GOODBYE,
  /** The 24-byte nonce counter would wrap around: the stream is closed instead. */
  NONCE_EXHAUSTED,
  /** The stream already ended (goodbye sent or received) or failed. */
  CLOSED
}
