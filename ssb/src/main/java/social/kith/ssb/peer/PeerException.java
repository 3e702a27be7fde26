package social.kith.ssb.peer;

import social.kith.core.KithException;

/** A refusal or failure of an {@link SsbPeer}; {@link #code()} is a {@link PeerError}. */
public final class PeerException extends KithException {
  private static final long serialVersionUID = 1L;

  public PeerException(PeerError code, String message) {
    super(code, message);
  }

  /** The reason as its enum. */
  public PeerError error() {
    return (PeerError) code();
  }
}
