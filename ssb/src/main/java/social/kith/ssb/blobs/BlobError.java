package social.kith.ssb.blobs;

import social.kith.core.ErrorCode;

/** Why a {@link BlobStore} refused or failed an operation. Nothing becomes visible when a put fails. */
public enum BlobError implements ErrorCode {
  /** The blob is larger than the store's cap; the stream was abandoned at the first byte over it. */
  TOO_LARGE,
  /** The bytes do not hash to the expected blob id (a wrong, truncated or partial blob). */
  HASH_MISMATCH,
  /** The stream held more or fewer bytes than the size declared for it. */
  SIZE_MISMATCH,
  /** The source stream failed before its end. */
  READ_FAILED,
  /** The file system failed. */
  STORAGE_FAILURE
}
