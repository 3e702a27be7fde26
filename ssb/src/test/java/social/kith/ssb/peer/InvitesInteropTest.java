package social.kith.ssb.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.ssb.peer.PeerFixtures.ids;
import static social.kith.ssb.peer.PeerFixtures.keys;
import static social.kith.ssb.peer.PeerFixtures.post;
import static social.kith.ssb.peer.PeerFixtures.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.store.SsbStore;

/**
 * Pub invites with a real ssb-server@16.0.1 and its ssb-invite plugin: the server creates codes with
 * {@code invite.create}, Kith uses them, the server follows Kith and replicates its feed; used-up codes
 * and a second use by a followed feed are refused with nothing published.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvitesInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static SsbServerHarness server;
  private static Path dir;
  private static final List<SsbStore> stores = new ArrayList<>();
  private static final List<SsbPeer> peers = new ArrayList<>();
  private static SsbPeer kith;
  private static SsbStore kithStore;
  private static String usedCode;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("kith-invites-interop");
    server = new SsbServerHarness("--invites");
    kithStore = openStore("kith");
    kith = openPeer(kithStore, "kith");
  }

  private static SsbStore openStore(String name) {
    SsbStore s = store(dir.resolve(name + "-store"));
    stores.add(s);
    return s;
  }

  private static SsbPeer openPeer(SsbStore s, String name) {
    SsbPeer p = SsbPeer.builder(keys(), s, BlobStore.open(dir.resolve(name + "-blobs"))).build().start();
    peers.add(p);
    return p;
  }

  @AfterAll
  static void stop() throws Exception {
    peers.forEach(SsbPeer::close);
    if (server != null) {
      server.close();
    }
    stores.forEach(SsbStore::close);
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static JsonNode contacts() throws Exception {
    return server.call(server.op("contacts")).get("contacts");
  }

  @Test
  @Order(1)
  void theServerFollowsKithAfterItUsesAnInviteAndReplicatesItsFeed() throws Exception {
    usedCode = server.call(server.op("invite").put("uses", 1)).get("code").asText();
    Invites.Accepted accepted = kith.useInvite(usedCode);
    assertEquals(server.id, accepted.pub());

    JsonNode follows = contacts();
    assertEquals(1, follows.size(), follows.toString());
    JsonNode follow = follows.get(0);
    assertEquals(accepted.pubFollow().toString(), follow.get("key").asText());
    assertEquals(kith.id().toString(), follow.get("content").get("contact").asText());
    assertTrue(follow.get("content").get("following").asBoolean());
    assertTrue(follow.get("content").get("pub").asBoolean(), "ssb-invite marks its follow with pub: true");

    // the pub, following Kith now and kept connected, replicates Kith's follow, announcement and a new post
    String posted = kith.publish(post("hello pub")).id().toString();
    List<String> expected = ids(kithStore, kith.id());
    assertEquals(List.of(accepted.follow().id().toString(), accepted.announcement().id().toString(), posted), expected);
    assertEquals(expected, server.awaitHistory(kith.id(), expected::equals, WAIT));
    // and Kith, following the pub, replicates the pub's feed with its follow of Kith in it
    assertTrue(kith.awaitSequence(server.id, 1, WAIT));
    assertEquals(server.history(server.id), ids(kithStore, server.id).subList(0, server.history(server.id).size()));
  }

  @Test
  @Order(2)
  void aUsedUpCodeIsRefusedAndNothingIsPublished() throws Exception {
    SsbStore s = openStore("second");
    SsbPeer second = openPeer(s, "second");
    int before = contacts().size();
    InvitesException e = assertThrows(InvitesException.class, () -> second.useInvite(usedCode));
    assertEquals(InvitesError.REFUSED, e.error(), e.getMessage());
    assertTrue(s.feedState(second.id()).isEmpty(), "nothing published");
    assertEquals(before, contacts().size(), "the pub followed no one more");
  }

  @Test
  @Order(3)
  void aFeedThePubAlreadyFollowsIsNotAcceptedAgain() throws Exception {
    String code = server.call(server.op("invite").put("uses", 2)).get("code").asText();
    long sequence = kithStore.feedState(kith.id()).orElseThrow().sequence();
    InvitesException e = assertThrows(InvitesException.class, () -> kith.useInvite(code));
    assertEquals(InvitesError.NOT_ACCEPTED, e.error());
    assertTrue(e.getMessage().contains("already following"), e.getMessage());
    assertEquals(sequence, kithStore.feedState(kith.id()).orElseThrow().sequence(), "nothing more published");

    // the code still has its uses: a new feed gets in with it
    SsbStore s = openStore("third");
    SsbPeer third = openPeer(s, "third");
    Invites.Accepted accepted = third.useInvite(code);
    assertEquals(server.id, accepted.pub());
    assertEquals(2, s.feedState(third.id()).orElseThrow().sequence());
  }
}
