package social.kith.ssb.store;

/** The direction of a page: by sequence for one feed, by arrival (log order) for type and thread queries. */
public enum Order {
  /** Highest sequence, or most recently stored, first: the order of {@link social.kith.core.feed.FeedPage}. */
  NEWEST_FIRST,
  /** Lowest sequence, or first stored, first: for replication and export. */
  OLDEST_FIRST
}
