package social.kith.cli.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import social.kith.activitypub.adapter.ApAdapter;
import social.kith.core.model.Post;

/**
 * What one demo run did. Every count is read from the component that did the work (the inboxes'
 * signature verifier and delivery workers, the SSB replicators and stores), never counted by the
 * demo's script.
 *
 * @param timeline the merged home timeline of the first user, newest first
 * @param activityPub each server's counters, by user name
 * @param ssb each peer's counters, by user name
 * @param elapsed how long the run took, from starting the servers to reading the counters
 */
public record DemoReport(List<Post> timeline, Map<String, ApAdapter.Stats> activityPub,
    Map<String, SsbCounts> ssb, Duration elapsed) {
  public DemoReport {
    timeline = List.copyOf(timeline);
    activityPub = Map.copyOf(activityPub);
    ssb = Map.copyOf(ssb);
  }

  /**
   * One SSB peer's counters.
   *
   * @param messagesReplicated messages the replicator received from other peers and the store
   *     validated and appended
   * @param messagesRejected messages the replicator received and the store refused
   * @param connections peer connections open when the counters were read
   * @param ownFeedLength the length of the peer's own feed, from its store
   */
  public record SsbCounts(long messagesReplicated, long messagesRejected, int connections, long ownFeedLength) {}
}
