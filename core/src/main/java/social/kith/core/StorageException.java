package social.kith.core;

/**
 * A store that cannot complete an operation ({@code STORAGE_FAILURE}) or whose data fails its
 * checks ({@code CORRUPT_DATA}).
 */
public class StorageException extends KithException {
  private static final long serialVersionUID = 1L;

  /** A failed storage operation ({@code STORAGE_FAILURE}). */
  public StorageException(String message) {
    super(ErrorCode.Standard.STORAGE_FAILURE, message);
  }

  public StorageException(String message, Throwable cause) {
    super(ErrorCode.Standard.STORAGE_FAILURE, message, cause);
  }

  public StorageException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
