package social.kith.ssb.box;

import social.kith.core.KithException;

/** A private box that cannot be made, with a machine-readable {@link PrivateBoxError}. */
public class PrivateBoxException extends KithException {
  private static final long serialVersionUID = 1L;

  public PrivateBoxException(PrivateBoxError code, String message) {
    super(code, message);
  }

  public PrivateBoxException(PrivateBoxError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  @Override
  public PrivateBoxError code() {
    return (PrivateBoxError) super.code();
  }
}
