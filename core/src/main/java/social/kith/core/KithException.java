package social.kith.core;

import java.util.Objects;

/**
 * The root of Kith's exceptions. Every failure carries a machine-readable {@link ErrorCode}; the
 * message is for people and never contains secrets.
 *
 * <p>All of Kith's exceptions are unchecked. The tree is small on purpose:
 * <ul>
 *   <li>{@link InvalidInputException}: malformed or over-limit input ({@code INVALID_INPUT},
 *       {@code LIMIT_EXCEEDED}, or a protocol module's own code such as {@code FORK_DETECTED});
 *   <li>{@link UnsupportedCapabilityException}: the protocol cannot do this ({@code UNSUPPORTED});
 *   <li>{@link NotFoundException}: {@code NOT_FOUND};
 *   <li>{@link StorageException}: {@code STORAGE_FAILURE}, {@code CORRUPT_DATA};
 *   <li>{@link NetworkException}: {@code NETWORK_FAILURE} (including timeouts);
 *   <li>{@link ClosedException}: {@code CLOSED}.
 * </ul>
 * Switch on {@link #code()} rather than on the class when a protocol module adds its own codes.
 */
public class KithException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public KithException(ErrorCode code, String message) {
    super(Objects.requireNonNull(code, "code").name() + ": " + message);
    this.code = code;
  }

  public KithException(ErrorCode code, String message, Throwable cause) {
    super(Objects.requireNonNull(code, "code").name() + ": " + message, cause);
    this.code = code;
  }

  /** The machine-readable reason. */
  public ErrorCode code() {
    return code;
  }
}
