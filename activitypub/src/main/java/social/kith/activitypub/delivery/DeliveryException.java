package social.kith.activitypub.delivery;

import social.kith.core.KithException;

/** A refused queue or worker operation, with a machine-readable {@link DeliveryError}. */
public final class DeliveryException extends KithException {
  private static final long serialVersionUID = 1L;

  public DeliveryException(DeliveryError code, String message) {
    super(code, message);
  }

  public DeliveryException(DeliveryError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** The machine-readable reason. */
  @Override
  public DeliveryError code() {
    return (DeliveryError) super.code();
  }
}
