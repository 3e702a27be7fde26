package social.kith.ssb.peer;

/**
 * What one remote peer may ask of this node (checklist items 59 and 60). Limits are per
 * authenticated peer key, so reconnecting does not reset them.
 *
 * @param maxHistoryStreams open {@code createHistoryStream} calls per peer (default 100); more are refused
 *     with {@link PeerError#QUOTA_EXCEEDED}
 * @param historyPageSize messages read from the store per page while serving a history stream
 *     (default 200, at most {@link social.kith.ssb.store.PageRequest#MAX_LIMIT}); sending blocks while the
 *     connection is congested, so a slow reader holds at most one page in memory
 * @param maxBlobWantsPerSecond blob wants accepted from one peer per second (default 100); the rest are dropped
 * @param maxWantHops the farthest want forwarded or answered, as a positive count (default 2: wants of
 *     {@code -1} and {@code -2} are honoured, {@code -3} and beyond ignored)
 * @param maxHasIds ids in one {@code blobs.has} call (default 1000)
 */
public record PeerLimits(int maxHistoryStreams, int historyPageSize, int maxBlobWantsPerSecond, int maxWantHops,
    int maxHasIds) {
  /** The defaults above. */
  public static final PeerLimits DEFAULT = new PeerLimits(100, 200, 100, 2, 1000);

  public PeerLimits {
    if (maxHistoryStreams < 1 || historyPageSize < 1
        || historyPageSize > social.kith.ssb.store.PageRequest.MAX_LIMIT || maxBlobWantsPerSecond < 1
        || maxWantHops < 1 || maxHasIds < 1) {
      throw new IllegalArgumentException("peer limits must be positive (page size at most "
          + social.kith.ssb.store.PageRequest.MAX_LIMIT + ")");
    }
  }

  public PeerLimits withMaxHistoryStreams(int v) {
    return new PeerLimits(v, historyPageSize, maxBlobWantsPerSecond, maxWantHops, maxHasIds);
  }

  public PeerLimits withHistoryPageSize(int v) {
    return new PeerLimits(maxHistoryStreams, v, maxBlobWantsPerSecond, maxWantHops, maxHasIds);
  }

  public PeerLimits withMaxBlobWantsPerSecond(int v) {
    return new PeerLimits(maxHistoryStreams, historyPageSize, v, maxWantHops, maxHasIds);
  }
}
