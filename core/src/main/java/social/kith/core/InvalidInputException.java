package social.kith.core;

/**
 * Input that Kith refuses: malformed ({@link ErrorCode.Standard#INVALID_INPUT}), larger than a
 * documented limit ({@link ErrorCode.Standard#LIMIT_EXCEEDED}), or failing a protocol rule that a
 * protocol module names with its own code. Nothing was stored or sent when this is thrown.
 */
public class InvalidInputException extends KithException {
  private static final long serialVersionUID = 1L;

  /** Malformed input ({@code INVALID_INPUT}). */
  public InvalidInputException(String message) {
    super(ErrorCode.Standard.INVALID_INPUT, message);
  }

  public InvalidInputException(ErrorCode code, String message) {
    super(code, message);
  }

  public InvalidInputException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** Input over a documented limit ({@code LIMIT_EXCEEDED}). */
  public static InvalidInputException limit(String message) {
    return new InvalidInputException(ErrorCode.Standard.LIMIT_EXCEEDED, message);
  }
}
