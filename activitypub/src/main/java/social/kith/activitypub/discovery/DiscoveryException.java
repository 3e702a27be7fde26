package social.kith.activitypub.discovery;

import java.util.Objects;
import social.kith.core.InvalidInputException;

/**
 * A handle or remote discovery document that Kith refuses, with a {@link DiscoveryError}. Network
 * failures and guard refusals underneath discovery stay {@code FetchException}s.
 */
public class DiscoveryException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final DiscoveryError error;

  public DiscoveryException(DiscoveryError error, String message) {
    super(Objects.requireNonNull(error, "error"), message);
    this.error = error;
  }

  public DiscoveryError error() {
    return error;
  }
}
