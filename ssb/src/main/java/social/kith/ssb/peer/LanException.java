package social.kith.ssb.peer;

import social.kith.core.KithException;

/** A refused LAN announcement; {@link #code()} is a {@link LanError}. */
public final class LanException extends KithException {
  private static final long serialVersionUID = 1L;

  public LanException(LanError code, String message) {
    super(code, message);
  }

  /** The reason as its enum. */
  public LanError error() {
    return (LanError) code();
  }
}
