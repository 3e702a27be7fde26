package social.kith.activitypub.jcs;

/**
 * JSON that cannot be canonicalised: malformed, over a limit, or not I-JSON (a lone surrogate,
 * a duplicate member name, a number outside the double range). The message names the problem and
 * never echoes the input.
 */
public final class JcsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the input was refused. */
  public enum Reason {
    /** Not JSON, or trailing data after the value. */
    MALFORMED,
    /** Valid JSON that RFC 8785 (I-JSON) refuses: lone surrogates, duplicate names, huge numbers. */
    NOT_I_JSON,
    /** Over a documented limit (size, depth, string or number length). */
    LIMIT_EXCEEDED
  }

  private final Reason reason;

  public JcsException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public JcsException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  /** The machine-readable reason. */
  public Reason reason() {
    return reason;
  }
}
