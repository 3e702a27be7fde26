package social.kith.activitypub.media;

import java.util.Objects;
import social.kith.core.KithException;

/** A refused or failed media put, with a machine-readable {@link MediaError}; nothing was stored. */
public final class MediaException extends KithException {
  private static final long serialVersionUID = 1L;

  public MediaException(MediaError code, String message) {
    super(Objects.requireNonNull(code, "code"), message);
  }

  public MediaException(MediaError code, String message, Throwable cause) {
    super(Objects.requireNonNull(code, "code"), message, cause);
  }

  @Override
  public MediaError code() {
    return (MediaError) super.code();
  }
}
