package social.kith.ssb.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.ssb.peer.PeerFixtures.ids;
import static social.kith.ssb.peer.PeerFixtures.keys;
import static social.kith.ssb.peer.PeerFixtures.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.ssb.FeedId;
import social.kith.ssb.MessageValidator;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.ValidationResult;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.store.Order;
import social.kith.ssb.store.PageRequest;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoredMessage;

/** The server dies in the middle of replication: nothing partial is stored, and replication resumes. */
class SsbPeerFaultInteropTest {
  private static final int COUNT = 3000;
  @TempDir Path tmp;

  @Test
  void serverKilledMidReplicationThenResumed() throws Exception {
    Path serverDir = tmp.resolve("server");
    SsbKeyPair kith = keys();
    AtomicReference<SsbServerHarness> running = new AtomicReference<>();
    AtomicBoolean killed = new AtomicBoolean();
    PeerListener killOnFirstBatch = new PeerListener() {
      @Override
      public void stored(FeedId feed, long latest, int count, FeedId from) {
        SsbServerHarness s = running.get();
        if (s != null && feed.equals(s.id) && killed.compareAndSet(false, true)) {
          s.proc.process().destroyForcibly(); // only the process this test started
        }
      }
    };
    SsbServerHarness first = new SsbServerHarness("--dir", serverDir.toString());
    try (SsbStore store = store(tmp.resolve("store"));
        SsbPeer peer = SsbPeer.builder(kith, store, BlobStore.open(tmp.resolve("blobs"))).follow(first.id)
            .replication(ReplicationMode.LEGACY).listener(killOnFirstBatch)
            .reconnectInterval(Duration.ofMillis(200)).build().start()) {
      List<String> published;
      try {
        published = first.publish(COUNT);
        running.set(first);
        peer.keepConnected(first.address);
        assertTrue(first.proc.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "killed");
      } finally {
        first.close();
      }
      long latest = settledLatest(store, first.id);
      assertTrue(latest < COUNT, "the kill came in the middle: " + latest);
      assertStoreIsAValidPrefix(store, first.id, published, latest);

      // the same server (same keys, data and port) comes back; the peer redials and resumes from its store
      try (SsbServerHarness again = new SsbServerHarness("--dir", serverDir.toString())) {
        assertEquals(first.id, again.id);
        assertEquals(first.address, again.address);
        assertTrue(peer.awaitSequence(first.id, COUNT, Duration.ofSeconds(60)), "resumed to the end");
        assertEquals(published, ids(store, first.id));
        assertStoreIsAValidPrefix(store, first.id, published, COUNT);
      }
    }
  }

  /**
   * The feed's latest stored sequence once two reads around a listing agree: batches received before
   * the kill may still be being stored when the server process is gone.
   */
  private static long settledLatest(SsbStore store, FeedId feed) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      long before = store.feedState(feed).orElseThrow().sequence();
      int listed = ids(store, feed).size();
      long after = store.feedState(feed).orElseThrow().sequence();
      if ((before == after && listed == after) || System.nanoTime() > deadline) {
        return after;
      }
      Thread.onSpinWait();
    }
  }

  private static void assertStoreIsAValidPrefix(SsbStore store, FeedId feed, List<String> published, long latest) {
    List<String> stored = ids(store, feed);
    assertEquals(latest, stored.size(), "no gaps");
    assertEquals(published.subList(0, stored.size()), stored, "exactly the first messages, in order");
    MessageValidator v = store.options().validator();
    var state = java.util.Optional.<social.kith.ssb.FeedState>empty();
    var page = store.byFeed(feed, new PageRequest(Order.OLDEST_FIRST, PageRequest.MAX_LIMIT, java.util.Optional.empty()));
    while (true) {
      for (StoredMessage m : page.items()) {
        ValidationResult r = v.validate(state, m.value());
        assertTrue(r.isValid(), r.toString());
        state = java.util.Optional.of(((ValidationResult.Valid) r).state());
      }
      if (page.next().isEmpty()) {
        break;
      }
      page = store.byFeed(feed, new PageRequest(Order.OLDEST_FIRST, PageRequest.MAX_LIMIT, page.next()));
    }
  }
}
