package social.kith.ssb.boxstream;

import social.kith.core.KithException;

/** A refused or broken box-stream; {@link #code()} is a {@link BoxStreamError}. */
public final class BoxStreamException extends KithException {
  private static final long serialVersionUID = 1L;

  public BoxStreamException(BoxStreamError code, String message) {
    super(code, message);
  }

  /** The reason as its enum. */
  public BoxStreamError error() {
    return (BoxStreamError) code();
  }
}
