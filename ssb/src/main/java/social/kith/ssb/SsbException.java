package social.kith.ssb;

import social.kith.core.KithException;

/** A refused SSB input, with a machine-readable {@link SsbError} or {@link ValidationError}. */
public class SsbException extends KithException {
  private static final long serialVersionUID = 1L;

  public SsbException(SsbError code, String message) {
    super(code, message);
  }

  public SsbException(SsbError code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
