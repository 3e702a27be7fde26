package social.kith.ssb.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.ssb.peer.PeerFixtures.ids;
import static social.kith.ssb.peer.PeerFixtures.keys;
import static social.kith.ssb.peer.PeerFixtures.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import social.kith.ssb.MultiserverAddress;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.store.SsbStore;

/**
 * LAN discovery against ssb-local in a real ssb-server@16.0.1: the harness (flag {@code --lan}) lets
 * ssb-local announce the server every second, its broadcasts redirected to 127.255.255.255 on the
 * server's port; Kith, listening there, parses the datagram, dials the server and replicates it.
 * (The other way round cannot be shown on one machine: ssb-local drops datagrams from a local address
 * and its own port, which is what Kith's announcements on the shared port are.)
 */
class LanInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void kithFindsAnSsbServerByItsSsbLocalAnnouncementAndReplicatesIt() throws Exception {
    Path dir = Files.createTempDirectory("kith-lan-interop");
    try (SsbServerHarness server = new SsbServerHarness("--lan");
        SsbStore store = store(dir.resolve("store"))) {
      List<String> published = server.publish(3);
      int port = MultiserverAddress.parse(server.address).shs().orElseThrow().port();
      try (SsbPeer kith = SsbPeer.builder(keys(), store, BlobStore.open(dir.resolve("blobs"))).follow(server.id)
          .hops(0).lan(LanOptions.loopback(port)).build().start()) {
        assertTrue(kith.awaitSequence(server.id, 3, WAIT), "Kith dialled the announced server and replicated it");
        assertEquals(published, ids(store, server.id).subList(0, 3));
        LanAnnouncement heard = kith.lanDiscovery().orElseThrow().peers().get(server.id);
        assertEquals(server.address, heard.text(), "ssb-local announces the server's multiserver address as is");
        assertEquals(0, kith.lanDiscovery().orElseThrow().refused());
      }
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
