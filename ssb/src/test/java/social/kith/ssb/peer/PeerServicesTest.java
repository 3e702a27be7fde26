package social.kith.ssb.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.ssb.peer.PeerFixtures.keys;
import static social.kith.ssb.peer.PeerFixtures.post;
import static social.kith.ssb.peer.PeerFixtures.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.ssb.BlobId;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonBoolean;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.MuxRpcError;
import social.kith.ssb.muxrpc.MuxRpcException;
import social.kith.ssb.muxrpc.StreamReader;
import social.kith.ssb.net.SsbConnection;
import social.kith.ssb.net.SsbTransport;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoreSnapshot;

/** What a Kith peer serves, and what it refuses (checklist items 59 and 60). */
class PeerServicesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir Path tmp;
  private SsbKeyPair ka;
  private SsbStore sa;
  private BlobStore ba;
  private SsbPeer a;
  private SsbTransport client;

  @BeforeEach
  void start() {
    ka = keys();
    sa = store(tmp.resolve("a"));
    ba = BlobStore.open(tmp.resolve("ba"));
    a = SsbPeer.builder(ka, sa, ba).listen("127.0.0.1", 0).limits(PeerLimits.DEFAULT.withMaxHistoryStreams(2))
        .autoReplicate(false).build().start();
    for (int i = 0; i < 10; i++) {
      a.publish(post("a " + i));
    }
    client = SsbTransport.builder(keys()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    a.close();
    sa.close();
  }

  private SsbConnection dial() {
    return client.connect(a.address().orElseThrow());
  }

  private static List<JsonValue> drain(StreamReader r) {
    List<JsonValue> out = new ArrayList<>();
    Optional<Body> next;
    while ((next = r.next(WAIT)).isPresent()) {
      out.add(next.get().requireJson());
    }
    return out;
  }

  private JsonObject.Builder history() {
    return JsonObject.builder().put("id", ka.id().toString());
  }

  @Test
  void historyStreamHonoursSequenceLimitAndKeys() {
    SsbConnection c = dial();
    List<JsonValue> all = drain(c.rpc().source("createHistoryStream", history().put("keys", false).build()));
    assertEquals(10, all.size());
    assertEquals(1.0, ((JsonNumber) ((JsonObject) all.get(0)).get("sequence").orElseThrow()).value());

    List<JsonValue> page = drain(c.rpc().source("createHistoryStream",
        history().put("sequence", 4).put("limit", 3).build()));
    assertEquals(3, page.size());
    JsonObject first = (JsonObject) page.get(0);
    assertEquals(new JsonString(PeerFixtures.ids(sa, ka.id()).get(3)), first.get("key").orElseThrow());
    assertEquals(4.0, ((JsonNumber) ((JsonObject) first.get("value").orElseThrow()).get("sequence").orElseThrow()).value());

    List<JsonValue> legacySeq = drain(c.rpc().source("createHistoryStream", history().put("seq", 10).put("keys", false).build()));
    assertEquals(1, legacySeq.size(), "seq is read like sequence");
  }

  @Test
  void liveHistoryStreamSendsNewMessages() {
    SsbConnection c = dial();
    StreamReader live = c.rpc().source("createHistoryStream",
        history().put("sequence", 11).put("live", true).put("keys", false).build());
    a.publish(post("new"));
    JsonObject v = (JsonObject) live.next(WAIT).orElseThrow().requireJson();
    assertEquals(11.0, ((JsonNumber) v.get("sequence").orElseThrow()).value());
    live.cancel();
  }

  @Test
  void invalidHistoryArgumentsAreRejected() {
    SsbConnection c = dial();
    StoreSnapshot before = sa.snapshot();
    List<JsonObject> bad = List.of(
        history().put("sequence", -1).build(),
        history().put("sequence", 1.5).build(),
        history().put("limit", -3).build(),
        history().put("live", "yes").build(),
        JsonObject.builder().put("id", "not a feed").build(),
        JsonObject.builder().put("sequence", 1).build());
    for (JsonObject args : bad) {
      StreamReader r = c.rpc().source("createHistoryStream", args);
      MuxRpcException e = assertThrows(MuxRpcException.class, () -> r.next(WAIT), args.toString());
      assertEquals(MuxRpcError.REMOTE_ERROR, e.error(), args.toString());
    }
    assertEquals(before, sa.snapshot(), "nothing changed");
    assertFalse(c.isClosed(), "a bad request ends that call only");
  }

  @Test
  void historyStreamsPerPeerAreCapped() {
    SsbConnection c = dial();
    JsonObject waiting = history().put("sequence", 100).put("live", true).build();
    StreamReader s1 = c.rpc().source("createHistoryStream", waiting);
    StreamReader s2 = c.rpc().source("createHistoryStream", waiting);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (a.openHistoryStreams(client.id()) < 2 && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
    }
    assertEquals(2, a.openHistoryStreams(client.id()));
    StreamReader s3 = c.rpc().source("createHistoryStream", waiting);
    MuxRpcException e = assertThrows(MuxRpcException.class, () -> s3.next(WAIT));
    assertTrue(e.getMessage().contains("history streams"), e.getMessage());
    s1.cancel();
    deadline = System.nanoTime() + WAIT.toNanos();
    while (a.openHistoryStreams(client.id()) > 1 && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
    }
    assertEquals(1, a.openHistoryStreams(client.id()), "a cancelled stream frees its slot");
    s2.cancel();
  }

  @Test
  void onlyTheNodesOwnKeyMayPublish() throws Exception {
    StoreSnapshot before = sa.snapshot();
    SsbConnection stranger = dial();
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> stranger.rpc().async("publish", post("not mine")).get(20, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("own key"), e.getCause().getMessage());
    assertEquals(before, sa.snapshot(), "nothing stored");

    try (SsbTransport self = SsbTransport.builder(ka).build()) {
      SsbConnection local = self.connect(a.address().orElseThrow());
      JsonObject answer = (JsonObject) local.rpc().async("publish", post("mine")).get(20, TimeUnit.SECONDS).requireJson();
      assertEquals(11, sa.feedState(ka.id()).orElseThrow().sequence());
      assertEquals(sa.feedState(ka.id()).orElseThrow().latest().toString(),
          ((JsonString) answer.get("key").orElseThrow()).value());
    }
  }

  @Test
  void whoamiAndPing() throws Exception {
    SsbConnection c = dial();
    JsonObject who = (JsonObject) c.rpc().async("whoami").get(20, TimeUnit.SECONDS).requireJson();
    assertEquals(ka.id().toString(), ((JsonString) who.get("id").orElseThrow()).value());
    var ping = c.rpc().duplex("gossip.ping", JsonObject.builder().put("timeout", 1000).build());
    long before = System.currentTimeMillis();
    ping.out().send(Body.json(new JsonNumber(before)));
    JsonValue t = ping.in().next(WAIT).orElseThrow().requireJson();
    assertTrue(((JsonNumber) t).value() >= before - 60_000, "the volley carries a clock reading: " + t);
    ping.out().end();
    assertTrue(ping.in().next(WAIT).isEmpty(), "nothing more: the answering side never serves");
  }

  @Test
  void blobsHasAndGetServeOnlyWholeBlobs() throws Exception {
    byte[] data = "a blob of kith".getBytes(StandardCharsets.UTF_8);
    BlobId id = ba.put(data);
    BlobId missing = BlobId.of(new byte[32]);
    SsbConnection c = dial();
    assertEquals(JsonBoolean.TRUE, c.rpc().async("blobs.has", new JsonString(id.toString())).get(20, TimeUnit.SECONDS).requireJson());
    assertEquals(new JsonArray(List.of(JsonBoolean.TRUE, JsonBoolean.FALSE)), c.rpc().async("blobs.has",
        new JsonArray(List.of(new JsonString(id.toString()), new JsonString(missing.toString())))).get(20, TimeUnit.SECONDS).requireJson());
    StreamReader got = c.rpc().source("blobs.get", new JsonString(id.toString()));
    assertArrayEquals(data, got.next(WAIT).orElseThrow().bytes());
    assertTrue(got.next(WAIT).isEmpty());
    StreamReader none = c.rpc().source("blobs.get", new JsonString(missing.toString()));
    assertThrows(MuxRpcException.class, () -> none.next(WAIT));
    StreamReader tooSmall = c.rpc().source("blobs.get",
        JsonObject.builder().put("key", id.toString()).put("max", 3).build());
    assertThrows(MuxRpcException.class, () -> tooSmall.next(WAIT), "larger than the asked max");
    ExecutionException bad = assertThrows(ExecutionException.class,
        () -> c.rpc().async("blobs.has", new JsonString("&nope")).get(20, TimeUnit.SECONDS));
    assertTrue(bad.getCause().getMessage().contains("blob id"));
  }

  @Test
  void aWantedBlobIsFetchedFromAPeerThatHasIt() throws Exception {
    byte[] data = new byte[200_000];
    new java.util.Random(7).nextBytes(data);
    BlobId id = ba.put(data);
    SsbStore sb = store(tmp.resolve("b"));
    BlobStore bb = BlobStore.open(tmp.resolve("bb"));
    try (SsbPeer b = SsbPeer.builder(keys(), sb, bb).build().start()) {
      var wanted = b.wantBlob(id);
      b.connect(a.address().orElseThrow());
      assertEquals(id, wanted.get(20, TimeUnit.SECONDS));
      assertArrayEquals(data, bb.getBytes(id).orElseThrow());
    } finally {
      sb.close();
    }
  }
}
