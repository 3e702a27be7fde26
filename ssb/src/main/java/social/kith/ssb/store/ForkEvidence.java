package social.kith.ssb.store;

import java.time.Instant;
import java.util.Objects;
import social.kith.ssb.FeedId;

/**
 * Proof that a feed's author signed two incompatible histories: two validly signed messages that
 * cannot both belong to one feed. Either both have the same sequence ({@code held.sequence() ==
 * conflicting.sequence()}), or {@code conflicting} is the next sequence after {@code held} but names
 * another {@code previous}. Only the first fork of a feed is recorded; it is kept for good.
 *
 * @param feed the forked feed
 * @param held the message the store held (or was importing) at the fork point
 * @param conflicting the validly signed message that contradicts it; never part of the feed's index
 * @param recordedAt when the store recorded the fork
 */
public record ForkEvidence(FeedId feed, StoredMessage held, StoredMessage conflicting, Instant recordedAt) {
  public ForkEvidence {
    Objects.requireNonNull(feed, "feed");
    Objects.requireNonNull(held, "held");
    Objects.requireNonNull(conflicting, "conflicting");
    Objects.requireNonNull(recordedAt, "recordedAt");
  }
}
