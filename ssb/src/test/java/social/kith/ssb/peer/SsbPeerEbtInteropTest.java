package social.kith.ssb.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.ssb.peer.PeerFixtures.ids;
import static social.kith.ssb.peer.PeerFixtures.keys;
import static social.kith.ssb.peer.PeerFixtures.post;
import static social.kith.ssb.peer.PeerFixtures.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.store.SsbStore;

/**
 * Kith's peer with a real ssb-server@16.0.1 that replicates by EBT only ({@code replicate: {legacy: false}}):
 * Kith dials, opens {@code ebt.replicate} and never uses {@code createHistoryStream}.
 */
class SsbPeerEbtInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path tmp;

  @Test
  void replicatesBothWaysOverEbtOnly() throws Exception {
    SsbKeyPair kith = keys();
    try (SsbServerHarness server = new SsbServerHarness("--no-legacy");
        SsbStore store = store(tmp.resolve("store"))) {
      List<String> published = server.publish(500);
      server.call(server.op("follow").put("id", kith.id().toString()));
      try (SsbPeer peer = SsbPeer.builder(kith, store, BlobStore.open(tmp.resolve("blobs"))).follow(server.id)
          .replication(ReplicationMode.EBT).build().start()) {
        for (int i = 0; i < 3; i++) {
          peer.publish(post("kith " + i));
        }
        peer.connect(server.address);

        // (a) the server's feed, with identical ids
        assertTrue(peer.awaitSequence(server.id, 501, WAIT), "500 posts and the contact message");
        List<String> stored = ids(store, server.id);
        assertEquals(published, stored.subList(0, 500));
        assertEquals(server.history(server.id), stored);

        // Kith's feed reaches the server
        List<String> kithIds = ids(store, kith.id());
        assertEquals(kithIds, server.awaitHistory(kith.id(), kithIds::equals, WAIT));

        // (c) live both ways
        JsonNode posted = server.call(server.op("post").set("content",
            SsbServerHarness.JSON.createObjectNode().put("type", "post").put("text", "live over ebt")));
        assertTrue(peer.awaitSequence(server.id, posted.get("sequence").asLong(), WAIT));
        String key = peer.publish(post("live from kith over ebt")).id().toString();
        assertEquals(ids(store, kith.id()), server.awaitHistory(kith.id(), ids -> ids.contains(key), WAIT));

        List<String> log = peer.callLog();
        assertTrue(log.contains("out:ebt.replicate"), log.toString());
        assertFalse(log.contains("out:createHistoryStream"), log.toString());
        assertFalse(log.contains("in:createHistoryStream"), log.toString());
      }
    }
  }

  @Test
  void ssbServerDialsKithAndReplicatesThroughKithsEbtEndpoint() throws Exception {
    SsbKeyPair kith = keys();
    try (SsbServerHarness server = new SsbServerHarness("--no-legacy");
        SsbStore store = store(tmp.resolve("store"))) {
      List<String> published = server.publish(50);
      server.call(server.op("follow").put("id", kith.id().toString()));
      try (SsbPeer peer = SsbPeer.builder(kith, store, BlobStore.open(tmp.resolve("blobs"))).follow(server.id)
          .listen("127.0.0.1", 0).replication(ReplicationMode.EBT).build().start()) {
        for (int i = 0; i < 5; i++) {
          peer.publish(post("kith " + i));
        }
        JsonNode connected = server.call(server.op("connect").put("address", peer.address().orElseThrow()));
        assertEquals("duplex", connected.get("manifest").get("ebt").get("replicate").asText());

        assertTrue(peer.awaitSequence(server.id, 51, WAIT), "50 posts and the contact message");
        assertEquals(published, ids(store, server.id).subList(0, 50));
        List<String> kithIds = ids(store, kith.id());
        assertEquals(kithIds, server.awaitHistory(kith.id(), kithIds::equals, WAIT));
        String key = peer.publish(post("live to the dialer")).id().toString();
        assertEquals(ids(store, kith.id()), server.awaitHistory(kith.id(), ids -> ids.contains(key), WAIT));

        List<String> log = peer.callLog();
        assertTrue(log.contains("in:ebt.replicate"), log.toString());
        assertFalse(log.contains("out:ebt.replicate"), "the dialer opens EBT: " + log);
        assertFalse(log.contains("out:createHistoryStream"), log.toString());
        assertFalse(log.contains("in:createHistoryStream"), log.toString());
      }
    }
  }
}
