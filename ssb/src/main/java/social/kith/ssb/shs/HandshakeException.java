package social.kith.ssb.shs;

import social.kith.core.KithException;

/** A secret handshake that was aborted; {@link #code()} is a {@link HandshakeError}. Never carries key material. */
public final class HandshakeException extends KithException {
  private static final long serialVersionUID = 1L;

  public HandshakeException(HandshakeError code, String message) {
    super(code, message);
  }

  public HandshakeException(HandshakeError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** The reason as its enum. */
  public HandshakeError error() {
    return (HandshakeError) code();
  }
}
