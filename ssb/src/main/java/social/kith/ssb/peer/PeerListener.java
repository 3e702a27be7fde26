package social.kith.ssb.peer;

import social.kith.ssb.BlobId;
import social.kith.ssb.FeedId;
import social.kith.ssb.store.RejectedMessageException;

/**
 * Told what replication does. Methods run on replication threads and must return quickly; the
 * defaults do nothing.
 */
public interface PeerListener {
  /** Ignores everything. */
  PeerListener NONE = new PeerListener() { };

  /** A peer connected (it dialed us when {@code incoming}). */
  default void connected(FeedId peer, boolean incoming) { }

  /** A peer's connection ended. */
  default void disconnected(FeedId peer) { }

  /**
   * {@code count} new messages of {@code feed}, received from {@code from}, were validated and stored;
   * {@code latestSequence} is the feed's latest stored sequence just after (read the new messages with
   * {@link social.kith.ssb.store.SsbStore#byFeed}).
   */
  default void stored(FeedId feed, long latestSequence, int count, FeedId from) { }

  /**
   * A message of {@code feed} from {@code from} was refused (invalid, or a fork: see
   * {@link RejectedMessageException#code()}). Nothing more of that feed is taken from that peer
   * in this connection; other feeds go on.
   */
  default void rejected(FeedId feed, FeedId from, RejectedMessageException reason) { }

  /** A blob fetched from {@code from} was stored, its hash and size checked. */
  default void blobStored(BlobId blob, FeedId from) { }
}
