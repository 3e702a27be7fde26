package social.kith.ssb.peer;

import social.kith.core.KithException;

/** A pub invite that could not be used; {@link #code()} is an {@link InvitesError}. Never carries the seed. */
public final class InvitesException extends KithException {
  private static final long serialVersionUID = 1L;

  public InvitesException(InvitesError code, String message) {
    super(code, message);
  }

  public InvitesException(InvitesError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** The reason as its enum. */
  public InvitesError error() {
    return (InvitesError) code();
  }
}
