package social.kith.ssb.store;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import social.kith.ssb.FeedId;

/**
 * A summary of what a store's indexes hold, equal for two stores (or one store before and after
 * {@link SsbStore#rebuildIndexes()}) exactly when their indexes are equal.
 *
 * @param messages the number of messages stored (fork evidence not counted)
 * @param logOffset the log offset up to which the indexes are built
 * @param latestSequences each feed's latest sequence
 * @param forkedFeeds the feeds marked forked
 * @param indexDigest a SHA-256 (hex) over a canonical dump of every index
 */
public record StoreSnapshot(long messages, long logOffset, Map<FeedId, Long> latestSequences,
    Set<FeedId> forkedFeeds, String indexDigest) {
  public StoreSnapshot {
    latestSequences = Map.copyOf(latestSequences);
    forkedFeeds = Set.copyOf(forkedFeeds);
    Objects.requireNonNull(indexDigest, "indexDigest");
  }
}
