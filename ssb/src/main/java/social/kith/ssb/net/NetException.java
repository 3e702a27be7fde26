package social.kith.ssb.net;

import social.kith.core.KithException;

/** A connection failure; {@link #code()} is a {@link NetError}. */
public final class NetException extends KithException {
  private static final long serialVersionUID = 1L;

  public NetException(NetError code, String message) {
    super(code, message);
  }

  public NetException(NetError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** The reason as its enum. */
  public NetError error() {
    return (NetError) code();
  }
}
