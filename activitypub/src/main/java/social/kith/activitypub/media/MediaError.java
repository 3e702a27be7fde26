package social.kith.activitypub.media;

import social.kith.core.ErrorCode;

/**
 * Why a {@link MediaStore} refused or failed a put. Nothing becomes visible when a put fails: no
 * file, no temporary file. {@link #isRefusal()} separates input Kith refuses (retrying the same
 * bytes does not help) from a failing source or disk.
 */
public enum MediaError implements ErrorCode {
  /** The bytes exceed the store's cap; the stream was abandoned at the first byte over it. */
  TOO_LARGE(true),
  /** The declared media type is not in the store's allowlist (see {@link MediaTypes#SAFE}). */
  TYPE_NOT_ALLOWED(true),
  /** The bytes do not start the way the declared media type requires (or the file is empty). */
  CONTENT_MISMATCH(true),
  /** The source stream failed before its end. */
  READ_FAILED(false),
  /** The file system failed. */
  STORAGE_FAILURE(false);

  private final boolean refusal;

  MediaError(boolean refusal) {
    this.refusal = refusal;
  }

  /** True when Kith refused the input, false when the source or the disk failed. */
  public boolean isRefusal() {
    return refusal;
  }
}
