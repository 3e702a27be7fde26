package social.kith.core;

import java.util.Objects;

/**
 * The root of Kith's exceptions. Every failure carries a machine-readable {@link ErrorCode}; the
 * message is for people and never contains secrets.
 */
public class KithException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public KithException(ErrorCode code, String message) {
    super(Objects.requireNonNull(code, "code") + ": " + message);
    this.code = code;
  }

  public KithException(ErrorCode code, String message, Throwable cause) {
    super(Objects.requireNonNull(code, "code") + ": " + message, cause);
    this.code = code;
  }

  /** The machine-readable reason. */
  public ErrorCode code() {
    return code;
  }
}
