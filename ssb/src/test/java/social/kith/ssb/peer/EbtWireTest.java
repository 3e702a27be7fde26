package social.kith.ssb.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.ssb.peer.PeerFixtures.keys;
import static social.kith.ssb.peer.PeerFixtures.post;
import static social.kith.ssb.peer.PeerFixtures.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.Registry;
import social.kith.ssb.muxrpc.Type;
import social.kith.ssb.net.SsbListener;
import social.kith.ssb.net.SsbTransport;
import social.kith.ssb.peer.internal.EbtSession;
import social.kith.ssb.store.SsbStore;

/** The EBT v3 wire format, against a scripted peer that speaks it as epidemic-broadcast-trees 7 does. */
class EbtWireTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir Path tmp;

  @Test
  void notesEncodeSequenceAndReceiveBit() {
    assertEquals(0, EbtSession.note(0, true));
    assertEquals(1, EbtSession.note(0, false));
    assertEquals(10, EbtSession.note(5, true));
    assertEquals(11, EbtSession.note(5, false));
    assertEquals(-1, EbtSession.note(-1, true));
  }

  @Test
  void kithAnswersNotesSendsWantedMessagesAndStoresWhatItAskedFor() throws Exception {
    SsbKeyPair kith = keys();
    SsbKeyPair f = keys();
    SsbKeyPair z = keys();
    FeedPublisher fp = FeedPublisher.builder().signer(f.signer()).build();
    List<JsonObject> fMessages = List.of(fp.publish(post("f1")).value(), fp.publish(post("f2")).value());
    CompletableFuture<List<JsonValue>> received = new CompletableFuture<>();
    Registry script = new Registry().register("ebt.replicate", Type.DUPLEX, call -> {
      JsonObject args = (JsonObject) call.args().get(0);
      assertEquals(3.0, ((JsonNumber) args.get("version").orElseThrow()).value());
      // the called side speaks first: we want Kith's feed from 0; we hold f up to 2 and do not want it sent;
      // z is a feed Kith does not replicate
      call.out().send(Body.json(JsonObject.builder().put(kith.id().toString(), 0).put(f.id().toString(), 5)
          .put(z.id().toString(), 14).build()));
      List<JsonValue> got = new ArrayList<>();
      int messages = 0;
      boolean sentF = false;
      while (messages < 3) {
        JsonValue v = call.in().next(WAIT).orElseThrow().requireJson();
        got.add(v);
        JsonObject o = (JsonObject) v;
        if (o.has("author")) {
          messages++;
        } else if (!sentF && o.has(f.id().toString())) {
          sentF = true;
          if (((JsonNumber) o.get(f.id().toString()).orElseThrow()).value() == 0) {
            for (JsonObject m : fMessages) {
              call.out().send(Body.json(m));
            }
          }
        }
      }
      received.complete(got);
      call.in().next(WAIT); // until Kith ends
      call.out().end();
    });
    try (SsbStore store = store(tmp.resolve("store"));
        SsbTransport fake = SsbTransport.builder(keys()).registry(script).build();
        SsbPeer peer = SsbPeer.builder(kith, store, BlobStore.open(tmp.resolve("blobs"))).follow(f.id()).build().start()) {
      for (int i = 0; i < 3; i++) {
        peer.publish(post("kith " + i));
      }
      SsbListener l = fake.listen("127.0.0.1", 0, c -> { });
      peer.connect(l.multiserverAddress());
      List<JsonValue> got = received.get(30, TimeUnit.SECONDS);
      JsonObject notes = (JsonObject) got.get(0);
      assertEquals(Map.of(kith.id().toString(), new JsonNumber(6), f.id().toString(), new JsonNumber(0),
          z.id().toString(), new JsonNumber(-1)), notes.asMap(), "seq << 1 with receive bit 0, and -1 for z");
      List<Double> sequences = new ArrayList<>();
      for (JsonValue v : got.subList(1, got.size())) {
        JsonObject o = (JsonObject) v;
        if (o.has("author")) {
          assertEquals(kith.id().toString(), ((social.kith.ssb.json.JsonString) o.get("author").orElseThrow()).value());
          sequences.add(((JsonNumber) o.get("sequence").orElseThrow()).value());
        }
      }
      assertEquals(List.of(1.0, 2.0, 3.0), sequences, "Kith's feed from the peer's sequence + 1, in order");
      assertTrue(peer.awaitSequence(f.id(), 2, WAIT), "the messages Kith asked for were validated and stored");
      assertEquals(Optional.empty(), store.feedState(z.id()).map(s -> s.sequence()));
    }
  }
}
