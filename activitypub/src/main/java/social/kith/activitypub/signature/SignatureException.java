package social.kith.activitypub.signature;

import java.util.Objects;
import social.kith.core.KithException;

/**
 * A signature, digest or proof was refused; {@link #reason()} says why. Messages never contain key
 * material or full signature values.
 */
public final class SignatureException extends KithException {
  private static final long serialVersionUID = 1L;

  private final SignatureError reason;

  public SignatureException(SignatureError reason, String message) {
    super(Objects.requireNonNull(reason, "reason"), message);
    this.reason = reason;
  }

  public SignatureException(SignatureError reason, String message, Throwable cause) {
    super(Objects.requireNonNull(reason, "reason"), message, cause);
    this.reason = reason;
  }

  /** The machine-readable reason (the same value as {@link #code()}). */
  public SignatureError reason() {
    return reason;
  }
}
