package social.kith.ssb.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.ssb.peer.PeerFixtures.keys;
import static social.kith.ssb.peer.PeerFixtures.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.ssb.BlobId;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonBoolean;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.Registry;
import social.kith.ssb.muxrpc.StreamReader;
import social.kith.ssb.muxrpc.Type;
import social.kith.ssb.net.SsbConnection;
import social.kith.ssb.net.SsbTransport;
import social.kith.ssb.store.SsbStore;

/** Checklist item 60 against a hostile fake peer: bad blob bytes, far wants, want floods. */
class PeerBlobsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir Path tmp;

  @Test
  void badBytesAreDiscardedFarWantsIgnoredAndWantsRateLimited() throws Exception {
    byte[] real = "the real blob".getBytes(StandardCharsets.UTF_8);
    byte[] forged = "a forged blob".getBytes(StandardCharsets.UTF_8);
    BlobId x = BlobId.of(social.kith.crypto.Hashes.sha256(real));
    BlobStore blobs = BlobStore.open(tmp.resolve("blobs"));
    BlobId y = blobs.put("kith has this".getBytes(StandardCharsets.UTF_8));
    BlobId z = blobs.put("and this, but too far".getBytes(StandardCharsets.UTF_8));
    List<BlobId> flood = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      flood.add(blobs.put(("flood " + i).getBytes(StandardCharsets.UTF_8)));
    }
    JsonObject.Builder floodWants = JsonObject.builder();
    flood.forEach(id -> floodWants.put(id.toString(), -1));

    java.util.concurrent.atomic.AtomicInteger forgedServed = new java.util.concurrent.atomic.AtomicInteger();
    Registry fakeApi = new Registry()
        .register("blobs.createWants", Type.SOURCE, call -> {
          call.out().send(Body.json(JsonObject.builder().put(x.toString(), real.length).put(y.toString(), -1)
              .put(z.toString(), -3).build()));
          call.out().send(Body.json(floodWants.build()));
        })
        .register("blobs.has", Type.ASYNC, call -> call.respond(Body.json(new JsonArray(List.of(JsonBoolean.TRUE)))))
        .register("blobs.get", Type.SOURCE, call -> {
          call.out().send(Body.binary(forged));
          call.out().end();
          forgedServed.incrementAndGet();
        });
    try (SsbStore store = store(tmp.resolve("store"));
        SsbPeer kith = SsbPeer.builder(keys(), store, blobs).listen("127.0.0.1", 0)
            .limits(PeerLimits.DEFAULT.withMaxBlobWantsPerSecond(10)).build().start();
        SsbTransport fake = SsbTransport.builder(keys()).registry(fakeApi).build()) {
      CompletableFuture<BlobId> wanted = kith.wantBlob(x);
      SsbConnection c = fake.connect(kith.address().orElseThrow());
      StreamReader answers = c.rpc().source("blobs.createWants");
      Map<String, Double> seen = new HashMap<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!seen.containsKey(y.toString()) && System.nanoTime() < deadline) {
        Optional<Body> next = answers.next(WAIT);
        assertTrue(next.isPresent());
        JsonObject o = (JsonObject) next.get().requireJson();
        for (Map.Entry<String, JsonValue> e : o.asMap().entrySet()) {
          seen.put(e.getKey(), ((JsonNumber) e.getValue()).value());
        }
      }
      assertEquals(-1.0, seen.get(x.toString()), "Kith's own want goes out");
      assertEquals((double) "kith has this".length(), seen.get(y.toString()), "a want at -1 is answered with the size");

      // the forged bytes were fetched (the fake claimed x) and refused: nothing stored, the want stays open
      long until = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < until && forgedServed.get() == 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
      }
      assertTrue(forgedServed.get() > 0, "Kith fetched the blob the fake offered");
      org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.TimeoutException.class,
          () -> wanted.get(1, java.util.concurrent.TimeUnit.SECONDS), "the forged bytes do not satisfy the want");
      assertFalse(blobs.has(x), "hash mismatch: no blob visible");

      // read what else comes within a moment: never z (-3 is beyond -2), and at most the rate of the flood
      int floodAnswered = 0;
      long quiet = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < quiet) {
        Optional<Body> next;
        try {
          next = answers.next(Duration.ofMillis(200));
        } catch (social.kith.ssb.muxrpc.MuxRpcException e) {
          continue; // nothing within 200 ms
        }
        if (next.isEmpty()) {
          break;
        }
        JsonObject o = (JsonObject) next.get().requireJson();
        for (String k : o.keys()) {
          seen.put(k, ((JsonNumber) o.get(k).orElseThrow()).value());
          if (flood.contains(BlobId.parse(k))) {
            floodAnswered++;
          }
        }
      }
      assertFalse(seen.containsKey(z.toString()), "a want at -3 is not answered");
      assertTrue(floodAnswered > 0 && floodAnswered <= 20, "rate-limited: " + floodAnswered + " of 150 answered");
    }
  }
}
