package social.kith.core;

/**
 * A peer or server that failed, refused, or did not answer within the deadline
 * ({@code NETWORK_FAILURE}). Whether the remote side acted on a request that timed out is unknown.
 */
public class NetworkException extends KithException {
  private static final long serialVersionUID = 1L;

  public NetworkException(String message) {
    super(ErrorCode.Standard.NETWORK_FAILURE, message);
  }

  public NetworkException(String message, Throwable cause) {
    super(ErrorCode.Standard.NETWORK_FAILURE, message, cause);
  }
}
