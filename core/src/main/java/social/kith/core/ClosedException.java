package social.kith.core;

/** A call on a client, adapter or store after it was closed ({@code CLOSED}). */
public class ClosedException extends KithException {
  private static final long serialVersionUID = 1L;

  public ClosedException(String message) {
    super(ErrorCode.Standard.CLOSED, message);
  }
}
