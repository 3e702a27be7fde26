package social.kith.core.log;

import social.kith.core.KithException;

/** A refused or failed {@link AppendOnlyLog} operation, with a machine-readable {@link LogError}. */
public final class LogException extends KithException {
  private static final long serialVersionUID = 1L;

  public LogException(LogError code, String message) {
    super(code, message);
  }

  public LogException(LogError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** The machine-readable reason. */
  @Override
  public LogError code() {
    return (LogError) super.code();
  }
}
