package social.kith.ssb.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.ssb.peer.PeerFixtures.ids;
import static social.kith.ssb.peer.PeerFixtures.keys;
import static social.kith.ssb.peer.PeerFixtures.post;
import static social.kith.ssb.peer.PeerFixtures.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import social.kith.ssb.BlobId;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.box.BoxedContent;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.store.StoredMessage;
import social.kith.ssb.store.SsbStore;

/**
 * Kith's peer with a real ssb-server@16.0.1 replicating the legacy way ({@code createHistoryStream}):
 * the server dials Kith, each follows the other, and messages, blobs and private messages go both ways.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SsbPeerInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static SsbServerHarness server;
  private static Path dir;
  private static SsbKeyPair kith;
  private static SsbStore store;
  private static BlobStore blobs;
  private static SsbPeer peer;
  private static List<String> published;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("kith-peer-interop");
    server = new SsbServerHarness();
    published = server.publish(500);
    kith = keys();
    store = store(dir.resolve("store"));
    blobs = BlobStore.open(dir.resolve("blobs"));
    peer = SsbPeer.builder(kith, store, blobs).listen("127.0.0.1", 0).follow(server.id)
        .replication(ReplicationMode.LEGACY).build().start();
    for (int i = 0; i < 3; i++) {
      peer.publish(post("kith " + i));
    }
    server.call(server.op("follow").put("id", kith.id().toString()));
    JsonNode connected = server.call(server.op("connect").put("address", peer.address().orElseThrow()));
    assertTrue(connected.get("manifest").has("createHistoryStream"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (peer != null) {
      peer.close();
    }
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  @Order(1)
  void kithReplicatesTheServersFeedWithIdenticalIds() throws Exception {
    assertTrue(peer.awaitSequence(server.id, 501, WAIT), "500 posts and the contact message");
    List<String> stored = ids(store, server.id);
    assertEquals(published, stored.subList(0, 500));
    assertEquals(server.history(server.id), stored);
    assertTrue(peer.callLog().contains("out:createHistoryStream"));
  }

  @Test
  @Order(2)
  void theServerReplicatesKithsFeedAndServesIt() throws Exception {
    List<String> kithIds = ids(store, kith.id());
    List<String> onServer = server.awaitHistory(kith.id(), kithIds::equals, WAIT);
    assertEquals(kithIds, onServer);
    assertTrue(peer.callLog().contains("in:createHistoryStream"), "the server asked Kith for history");
  }

  @Test
  @Order(3)
  void newMessagesGoBothWaysLive() throws Exception {
    assertTrue(peer.awaitSequence(server.id, 501, WAIT));
    JsonNode posted = server.call(server.op("post").set("content",
        SsbServerHarness.JSON.createObjectNode().put("type", "post").put("text", "live from ssb-server")));
    assertTrue(peer.awaitSequence(server.id, posted.get("sequence").asLong(), WAIT));
    assertEquals(posted.get("key").asText(), store.feedState(server.id).orElseThrow().latest().toString());

    String key = peer.publish(post("live from kith")).id().toString();
    List<String> onServer = server.awaitHistory(kith.id(), ids -> ids.contains(key), WAIT);
    assertEquals(ids(store, kith.id()), onServer);
  }

  @Test
  @Order(4)
  void blobsGoBothWaysWithTheirHashesChecked() throws Exception {
    byte[] fromServer = new byte[100_000];
    new Random(1).nextBytes(fromServer);
    BlobId serverBlob = BlobId.parse(server.call(server.op("addBlob")
        .put("base64", Base64.getEncoder().encodeToString(fromServer))).get("id").asText());
    assertEquals(serverBlob, peer.wantBlob(serverBlob).get(30, TimeUnit.SECONDS));
    assertArrayEquals(fromServer, blobs.getBytes(serverBlob).orElseThrow());

    byte[] fromKith = new byte[70_000];
    new Random(2).nextBytes(fromKith);
    BlobId kithBlob = blobs.put(fromKith);
    JsonNode got = server.call(server.op("wantBlob").put("id", kithBlob.toString()));
    assertEquals(fromKith.length, got.get("size").asInt());
    assertEquals(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(fromKith)),
        got.get("sha256").asText());
  }

  @Test
  @Order(5)
  void privateMessagesDecryptOnTheOtherSide() throws Exception {
    // Kith boxes for itself and the server; the server replicates and unboxes it with its own key
    JsonObject secret = JsonObject.builder().put("type", "post").put("text", "for ssb-server only")
        .put("recps", new social.kith.ssb.json.JsonArray(List.of(new JsonString(kith.id().toString()),
            new JsonString(server.id.toString())))).build();
    String key = peer.publish(new JsonString(BoxedContent.box(secret, List.of(kith.id(), server.id)))).id().toString();
    server.awaitHistory(kith.id(), ids -> ids.contains(key), WAIT);
    JsonNode value = server.call(server.op("get").put("id", key)).get("value");
    assertEquals("for ssb-server only", value.get("content").get("text").asText(), value.toString());

    // the server boxes for both (ssb-private1 boxes content with recps); Kith unboxes it
    JsonNode posted = server.call(server.op("post").set("content", SsbServerHarness.JSON.createObjectNode()
        .put("type", "post").put("text", "for kith only")
        .set("recps", SsbServerHarness.JSON.createArrayNode().add(server.id.toString()).add(kith.id().toString()))));
    assertTrue(peer.awaitSequence(server.id, posted.get("sequence").asLong(), WAIT));
    StoredMessage m = store.get(social.kith.ssb.MessageId.parse(posted.get("key").asText())).orElseThrow();
    JsonValue boxed = m.content();
    assertTrue(boxed instanceof JsonString, "stored boxed: " + boxed);
    JsonObject opened = (JsonObject) BoxedContent.unbox(((JsonString) boxed).value(), kith).orElseThrow();
    assertEquals(new JsonString("for kith only"), opened.get("text").orElseThrow());
  }

  @Test
  @Order(6)
  void kithReplicatesTenThousandMessagesTheServerHolds() throws Exception {
    JsonNode bulk = server.call(server.op("bulk").put("count", 10_000));
    social.kith.ssb.FeedId feed = social.kith.ssb.FeedId.parse(bulk.get("id").asText());
    List<String> expected = new java.util.ArrayList<>();
    bulk.get("ids").forEach(n -> expected.add(n.asText()));
    assertEquals(expected, server.history(feed), "the server holds them all");
    try (SsbStore other = store(dir.resolve("store10k"));
        SsbPeer once = SsbPeer.builder(keys(), other, BlobStore.open(dir.resolve("blobs10k"))).autoReplicate(false)
            .build()) {
      assertEquals(10_000L, once.replicateOnce(server.address, List.of(feed), Duration.ofSeconds(60)).get(feed));
      assertEquals(expected, ids(other, feed), "identical ids, in order");
    }
  }
}
