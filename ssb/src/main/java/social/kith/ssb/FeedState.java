package social.kith.ssb;

import java.util.Objects;

/**
 * What validation needs to know about a feed: its latest message id and sequence, and that
 * message's timestamp (informational: ssb-validate 4.1.4 does not compare timestamps; {@code NaN}
 * when the latest message's timestamp was not a number or is unknown). Immutable.
 */
public record FeedState(MessageId latest, int sequence, double timestamp) {
  public FeedState {
    Objects.requireNonNull(latest, "latest");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be at least 1: " + sequence);
    }
  }
}
