package social.kith.ssb.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import social.kith.ssb.MessageId;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.box.BoxedContent;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoredMessage;

/**
 * Kith's peer with one real ssb-server@16.0.1 that replicates by EBT only ({@code replicate: {legacy: false}}):
 * Kith dials and opens {@code ebt.replicate}, then feeds, live messages, blobs and private messages go
 * both ways (issue 5 item 3, cases a to e over EBT). Every case checks Kith's muxrpc call log: EBT, and no
 * {@code createHistoryStream} either way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SsbPeerEbtInteropTest {
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
    dir = Files.createTempDirectory("kith-peer-ebt-interop");
    server = new SsbServerHarness("--no-legacy");
    published = server.publish(500);
    kith = keys();
    store = store(dir.resolve("store"));
    blobs = BlobStore.open(dir.resolve("blobs"));
    server.call(server.op("follow").put("id", kith.id().toString()));
    peer = SsbPeer.builder(kith, store, blobs).follow(server.id).replication(ReplicationMode.EBT).build().start();
    for (int i = 0; i < 3; i++) {
      peer.publish(post("kith " + i));
    }
    peer.connect(server.address);
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

  /** Kith dialed, so Kith opened EBT; no history stream was asked for or served. */
  private static void assertEbtOnly(SsbPeer p, String opened) {
    List<String> log = p.callLog();
    assertTrue(log.contains(opened), log.toString());
    assertFalse(log.contains("out:createHistoryStream"), log.toString());
    assertFalse(log.contains("in:createHistoryStream"), log.toString());
  }

  @Test
  @Order(1)
  void a_kithReplicatesTheServersFeedWithIdenticalIds() throws Exception {
    assertTrue(peer.awaitSequence(server.id, 501, WAIT), "500 posts and the contact message");
    List<String> stored = ids(store, server.id);
    assertEquals(published, stored.subList(0, 500));
    assertEquals(server.history(server.id), stored);
    assertEbtOnly(peer, "out:ebt.replicate");
  }

  @Test
  @Order(2)
  void b_theServerFollowsAndReplicatesKithsFeedAndServesItFromItsOwnHistoryStream() throws Exception {
    List<String> kithIds = ids(store, kith.id());
    assertEquals(3, kithIds.size());
    assertEquals(kithIds, server.awaitHistory(kith.id(), kithIds::equals, WAIT));
    assertEbtOnly(peer, "out:ebt.replicate");
  }

  @Test
  @Order(3)
  void c_newMessagesGoBothWaysLive() throws Exception {
    JsonNode posted = server.call(server.op("post").set("content",
        SsbServerHarness.JSON.createObjectNode().put("type", "post").put("text", "live over ebt")));
    assertTrue(peer.awaitSequence(server.id, posted.get("sequence").asLong(), WAIT));
    assertEquals(posted.get("key").asText(), store.feedState(server.id).orElseThrow().latest().toString());
    String key = peer.publish(post("live from kith over ebt")).id().toString();
    assertEquals(ids(store, kith.id()), server.awaitHistory(kith.id(), ids -> ids.contains(key), WAIT));
    assertEbtOnly(peer, "out:ebt.replicate");
  }

  @Test
  @Order(4)
  void d_blobsGoBothWaysWithTheirHashesChecked() throws Exception {
    byte[] fromServer = new byte[100_000];
    new Random(11).nextBytes(fromServer);
    BlobId serverBlob = BlobId.parse(server.call(server.op("addBlob")
        .put("base64", Base64.getEncoder().encodeToString(fromServer))).get("id").asText());
    assertEquals(serverBlob, peer.wantBlob(serverBlob).get(30, TimeUnit.SECONDS));
    assertArrayEquals(fromServer, blobs.getBytes(serverBlob).orElseThrow());
    assertEquals(serverBlob, BlobId.of(MessageDigest.getInstance("SHA-256").digest(fromServer)), "Kith stored it under its hash");

    byte[] fromKith = new byte[70_000];
    new Random(12).nextBytes(fromKith);
    BlobId kithBlob = blobs.put(fromKith);
    JsonNode got = server.call(server.op("wantBlob").put("id", kithBlob.toString()));
    assertEquals(fromKith.length, got.get("size").asInt());
    assertEquals(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(fromKith)),
        got.get("sha256").asText());
    assertEbtOnly(peer, "out:ebt.replicate");
  }

  @Test
  @Order(5)
  void e_privateMessagesDecryptOnTheOtherSide() throws Exception {
    // Kith boxes for itself and the server; the server replicates it over EBT and unboxes it with its own key
    JsonObject secret = JsonObject.builder().put("type", "post").put("text", "for ssb-server only, over ebt")
        .put("recps", new JsonArray(List.of(new JsonString(kith.id().toString()), new JsonString(server.id.toString()))))
        .build();
    String key = peer.publish(new JsonString(BoxedContent.box(secret, List.of(kith.id(), server.id)))).id().toString();
    server.awaitHistory(kith.id(), ids -> ids.contains(key), WAIT);
    JsonNode value = server.call(server.op("get").put("id", key)).get("value");
    assertEquals("for ssb-server only, over ebt", value.get("content").get("text").asText(), value.toString());

    // the server boxes for both (ssb-private1 boxes content with recps); Kith unboxes it
    JsonNode posted = server.call(server.op("post").set("content", SsbServerHarness.JSON.createObjectNode()
        .put("type", "post").put("text", "for kith only, over ebt")
        .set("recps", SsbServerHarness.JSON.createArrayNode().add(server.id.toString()).add(kith.id().toString()))));
    assertTrue(peer.awaitSequence(server.id, posted.get("sequence").asLong(), WAIT));
    StoredMessage m = store.get(MessageId.parse(posted.get("key").asText())).orElseThrow();
    JsonValue boxed = m.content();
    assertTrue(boxed instanceof JsonString, "stored boxed: " + boxed);
    JsonObject opened = (JsonObject) BoxedContent.unbox(((JsonString) boxed).value(), kith).orElseThrow();
    assertEquals(new JsonString("for kith only, over ebt"), opened.get("text").orElseThrow());
    assertTrue(BoxedContent.unbox(((JsonString) boxed).value(), keys()).isEmpty(), "a third key cannot open it");
    assertEbtOnly(peer, "out:ebt.replicate");
  }

  @Test
  @Order(6)
  void ssbServerDialsKithAndReplicatesThroughKithsEbtEndpoint() throws Exception {
    SsbKeyPair other = keys();
    server.call(server.op("follow").put("id", other.id().toString()));
    try (SsbStore otherStore = store(dir.resolve("dialed-store"));
        SsbPeer dialed = SsbPeer.builder(other, otherStore, BlobStore.open(dir.resolve("dialed-blobs")))
            .follow(server.id).listen("127.0.0.1", 0).replication(ReplicationMode.EBT).build().start()) {
      for (int i = 0; i < 5; i++) {
        dialed.publish(post("dialed " + i));
      }
      JsonNode connected = server.call(server.op("connect").put("address", dialed.address().orElseThrow()));
      assertEquals("duplex", connected.get("manifest").get("ebt").get("replicate").asText());

      List<String> serverIds = server.history(server.id); // the follow of this peer included
      assertTrue(dialed.awaitSequence(server.id, serverIds.size(), WAIT), "the server's whole feed");
      assertEquals(serverIds, ids(otherStore, server.id).subList(0, serverIds.size()));
      List<String> otherIds = ids(otherStore, other.id());
      assertEquals(otherIds, server.awaitHistory(other.id(), otherIds::equals, WAIT));
      String key = dialed.publish(post("live to the dialer")).id().toString();
      assertEquals(ids(otherStore, other.id()), server.awaitHistory(other.id(), ids -> ids.contains(key), WAIT));

      assertEbtOnly(dialed, "in:ebt.replicate");
      assertFalse(dialed.callLog().contains("out:ebt.replicate"), "the dialer opens EBT: " + dialed.callLog());
    }
  }
}
