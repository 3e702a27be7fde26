package social.kith.ssb.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import social.kith.crypto.Auth;
import social.kith.crypto.Ed25519;
import social.kith.ssb.FeedId;
import social.kith.ssb.FeedState;
import social.kith.ssb.MessageValidator;
import social.kith.ssb.MultiserverAddress;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.ValidationResult;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.Registry;
import social.kith.ssb.muxrpc.StreamReader;
import social.kith.ssb.muxrpc.Type;
import social.kith.ssb.shs.NetworkKey;
import social.kith.ssb.shs.ShsClient;
import social.kith.testkit.Node;

/** Kith against a real ssb-server@16.0.1 (with ssb-friends@4.1.4) on loopback, in both roles. */
class SsbServerInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Node.Proc server;
  private static String serverAddress;
  private static FeedId serverId;
  private static List<String> published;

  @BeforeAll
  static void startServer() throws Exception {
    server = Node.start("ssb-server-harness.mjs");
    JsonNode ready = JSON.readTree(server.readLine());
    assertTrue(ready.get("ready").asBoolean(), ready.toString());
    serverAddress = ready.get("address").asText();
    serverId = FeedId.parse(ready.get("id").asText());
    JsonNode pub = JSON.readTree(server.call("{\"op\":\"publish\",\"count\":5}"));
    assertTrue(pub.get("ok").asBoolean(), pub.toString());
    published = new ArrayList<>();
    pub.get("ids").forEach(n -> published.add(n.asText()));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.send("{\"op\":\"stop\"}");
      server.close(); // ends only the process this test started
    }
  }

  static SsbKeyPair keys() {
    var k = Ed25519.generate();
    return SsbKeyPair.of(k.seed(), k.publicKey().bytes());
  }

  @Test
  void kithDialsSsbServerCallsManifestAndReplicatesItsFeed() throws Exception {
    try (SsbTransport kith = SsbTransport.builder(keys()).build()) {
      SsbConnection c = kith.connect(serverAddress);
      assertEquals(serverId, c.peer());

      JsonObject manifest = (JsonObject) c.rpc().sync("manifest").get(20, TimeUnit.SECONDS).requireJson();
      assertTrue(manifest.has("createHistoryStream"), manifest.keys().toString());
      assertTrue(manifest.has("gossip"));

      StreamReader history = c.rpc().source("createHistoryStream", JsonObject.builder()
          .put("id", serverId.toString()).put("sequence", 1).put("keys", false).put("live", false).build());
      MessageValidator validator = MessageValidator.mainNet(Ed25519::verify);
      Optional<FeedState> state = Optional.empty();
      List<String> ids = new ArrayList<>();
      Optional<Body> next;
      while ((next = history.next(Duration.ofSeconds(20))).isPresent()) {
        JsonValue value = next.get().requireJson();
        ValidationResult r = validator.validate(state, value);
        assertTrue(r.isValid(), () -> "ssb-server sent a message Kith rejects: " + r);
        ValidationResult.Valid ok = (ValidationResult.Valid) r;
        state = Optional.of(ok.state());
        ids.add(ok.message().id().toString());
        assertEquals(serverId, ok.message().author());
      }
      assertEquals(published, ids, "every message, in order, with the ids ssb-server computed");
      c.close();
      assertTrue(c.awaitClosed(Duration.ofSeconds(10)));
      assertEquals(Optional.empty(), c.closeReason());
    }
  }

  @Test
  void ssbServerDialsKithAndIsServedKithsManifest() throws Exception {
    List<FeedId> askedBy = new CopyOnWriteArrayList<>();
    Registry registry = new Registry()
        .register("manifest", Type.SYNC, call -> {
          askedBy.add(call.session().peer().orElseThrow());
          call.respond(Body.json(call.session().manifest()));
        })
        .register("whoami", Type.ASYNC, call -> call.respond(Body.json(
            JsonObject.builder().put("id", call.session().peer().orElseThrow().toString()).build())));
    SsbKeyPair kithKeys = keys();
    try (SsbTransport kith = SsbTransport.builder(kithKeys).registry(registry).build()) {
      List<SsbConnection> accepted = new CopyOnWriteArrayList<>();
      SsbListener listener = kith.listen("127.0.0.1", 0, accepted::add);
      JsonNode answer = JSON.readTree(server.call(JSON.writeValueAsString(
          JSON.createObjectNode().put("op", "connect").put("address", listener.multiserverAddress()))));
      assertTrue(answer.get("ok").asBoolean(), answer.toString());
      assertEquals("sync", answer.get("manifest").get("manifest").asText());
      assertEquals("async", answer.get("manifest").get("whoami").asText());
      assertEquals(List.of(serverId), askedBy, "Kith's manifest handler ran, called by ssb-server");
      assertEquals(1, accepted.size());
      assertEquals(serverId, accepted.get(0).peer());
    }
  }

  @Test
  void ssbServerRefusesACorruptedKithHandshake() throws Exception {
    MultiserverAddress.ShsAddress a = SsbTransport.netAddress(serverAddress);
    // a hello with one bit flipped: no answer at all, the connection is closed
    try (Socket raw = new Socket(a.host(), a.port())) {
      raw.setSoTimeout(15_000);
      byte[] hello = ShsClient.create(NetworkKey.mainNet(), Ed25519.generate(), serverId).start();
      hello[3] ^= 0x01;
      raw.getOutputStream().write(hello);
      assertEquals(-1, raw.getInputStream().read(), "ssb-server answers a bad hello with nothing");
    }
    // a valid hello, then message 3 with one bit flipped: no message 4, the connection is closed
    try (Socket raw = new Socket(a.host(), a.port())) {
      raw.setSoTimeout(15_000);
      ShsClient hs = ShsClient.create(NetworkKey.mainNet(), Ed25519.generate(), serverId);
      raw.getOutputStream().write(hs.start());
      InputStream in = raw.getInputStream();
      byte[] msg3 = hs.receive(in.readNBytes(64));
      msg3[40] ^= 0x01;
      raw.getOutputStream().write(msg3);
      assertEquals(-1, readOrEnd(in), "no session after a corrupted message 3");
      assertFalse(hs.isComplete());
    }
    // a whole Kith node on another network: refused before it learns anything
    NetworkKey other = NetworkKey.of(Auth.auth(new byte[] {7}, new byte[32]));
    try (SsbTransport kith = SsbTransport.builder(keys()).networkKey(other).build()) {
      NetException e = assertThrows(NetException.class, () -> kith.connect(serverAddress));
      assertEquals(NetError.HANDSHAKE_CLOSED, e.error());
      assertEquals(0, kith.openSockets());
    }
  }

  private static int readOrEnd(InputStream in) {
    try {
      return in.read();
    } catch (IOException e) {
      return -1; // a reset is a refusal too
    }
  }

}
