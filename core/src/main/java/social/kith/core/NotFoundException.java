package social.kith.core;

/** A handle, identity, post or other named thing that does not exist ({@code NOT_FOUND}). */
public class NotFoundException extends KithException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(ErrorCode.Standard.NOT_FOUND, message);
  }

  public NotFoundException(String message, Throwable cause) {
    super(ErrorCode.Standard.NOT_FOUND, message, cause);
  }
}
