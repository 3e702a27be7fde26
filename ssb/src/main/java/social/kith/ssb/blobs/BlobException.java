package social.kith.ssb.blobs;

import social.kith.core.KithException;

/** A refused or failed blob operation, with a machine-readable {@link BlobError}. */
public final class BlobException extends KithException {
  private static final long serialVersionUID = 1L;

  public BlobException(BlobError code, String message) {
    super(code, message);
  }

  public BlobException(BlobError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  @Override
  public BlobError code() {
    return (BlobError) super.code();
  }
}
