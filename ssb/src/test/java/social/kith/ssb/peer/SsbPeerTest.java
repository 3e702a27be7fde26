package social.kith.ssb.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.ssb.peer.PeerFixtures.contact;
import static social.kith.ssb.peer.PeerFixtures.ids;
import static social.kith.ssb.peer.PeerFixtures.keys;
import static social.kith.ssb.peer.PeerFixtures.post;
import static social.kith.ssb.peer.PeerFixtures.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.ssb.FeedId;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.FeedState;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.Registry;
import social.kith.ssb.muxrpc.StreamReader;
import social.kith.ssb.muxrpc.Type;
import social.kith.ssb.net.SsbConnection;
import social.kith.ssb.net.SsbListener;
import social.kith.ssb.net.SsbTransport;
import social.kith.ssb.store.SsbStore;

/** Two Kith peers, and Kith against fakes, on loopback. */
class SsbPeerTest {
  @TempDir Path tmp;

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void legacyReplicatesAFollowedFeedThenLiveBothWays() throws Exception {
    replicatesBetweenKithPeers(ReplicationMode.LEGACY);
  }

  @Test
  void ebtReplicatesAFollowedFeedThenLiveBothWays() throws Exception {
    replicatesBetweenKithPeers(ReplicationMode.EBT);
  }

  private void replicatesBetweenKithPeers(ReplicationMode mode) throws Exception {
    SsbKeyPair ka = keys();
    SsbKeyPair kb = keys();
    try (SsbStore sa = store(tmp.resolve("a")); SsbStore sb = store(tmp.resolve("b"))) {
      try (SsbPeer a = SsbPeer.builder(ka, sa, BlobStore.open(tmp.resolve("ba"))).listen("127.0.0.1", 0)
              .follow(kb.id()).replication(mode).build().start();
          SsbPeer b = SsbPeer.builder(kb, sb, BlobStore.open(tmp.resolve("bb"))).follow(ka.id()).replication(mode)
              .build().start()) {
        for (int i = 0; i < 300; i++) {
          a.publish(post("a " + i));
        }
        b.connect(a.address().orElseThrow());
        assertTrue(b.awaitSequence(ka.id(), 300, WAIT), "b caught up with a");
        assertEquals(ids(sa, ka.id()), ids(sb, ka.id()), "the same messages, same ids, same order");

        a.publish(post("live from a"));
        assertTrue(b.awaitSequence(ka.id(), 301, WAIT), "a's new message reached b live");
        b.publish(post("live from b"));
        assertTrue(a.awaitSequence(kb.id(), 1, WAIT), "b's new message reached a live");
        assertEquals(ids(sb, kb.id()), ids(sa, kb.id()));

        if (mode == ReplicationMode.EBT) {
          assertTrue(b.callLog().contains("out:ebt.replicate"), b.callLog().toString());
          assertTrue(a.callLog().contains("in:ebt.replicate"), a.callLog().toString());
          assertFalse(b.callLog().contains("out:createHistoryStream"), b.callLog().toString());
          assertFalse(a.callLog().contains("in:createHistoryStream"), a.callLog().toString());
        } else {
          assertTrue(b.callLog().contains("out:createHistoryStream"), b.callLog().toString());
          assertTrue(a.callLog().contains("in:createHistoryStream"), a.callLog().toString());
          assertFalse(a.callLog().contains("in:ebt.replicate"));
        }
      }
    }
  }

  @Test
  void keepConnectedRedialsAPeerThatComesBackAndRefusesAddressesWithoutKey() throws Exception {
    SsbKeyPair ka = keys();
    SsbKeyPair kb = keys();
    try (SsbStore sa = store(tmp.resolve("a")); SsbStore sb = store(tmp.resolve("b"));
        SsbPeer b = SsbPeer.builder(kb, sb, BlobStore.open(tmp.resolve("bb"))).follow(ka.id())
            .reconnectInterval(Duration.ofMillis(100)).build().start()) {
      var e = assertThrows(social.kith.ssb.net.NetException.class, () -> b.keepConnected("net:127.0.0.1:8008"));
      assertEquals(social.kith.ssb.net.NetError.UNSUPPORTED_ADDRESS, e.error());
      String address;
      try (SsbPeer a = SsbPeer.builder(ka, sa, BlobStore.open(tmp.resolve("ba"))).listen("127.0.0.1", 0).build().start()) {
        a.publish(post("first"));
        address = a.address().orElseThrow();
        b.keepConnected(address);
        boolean first = b.awaitSequence(ka.id(), 1, WAIT);
        assertTrue(first, () -> "b dialed a: b connections " + b.connections() + " b calls "
            + b.callLog() + " a calls " + a.callLog() + " a connections " + a.connections());
      }
      // a is gone; it comes back on the same port and publishes more
      int port = Integer.parseInt(address.split(":")[2].split("~")[0]);
      try (SsbPeer a = SsbPeer.builder(ka, sa, BlobStore.open(tmp.resolve("ba"))).listen("127.0.0.1", port).build().start()) {
        a.publish(post("second"));
        boolean resumed = b.awaitSequence(ka.id(), 2, WAIT);
        assertTrue(resumed, () -> "b redialed a and resumed: b connections " + b.connections() + " b calls "
            + b.callLog() + " a calls " + a.callLog() + " a connections " + a.connections());
        assertEquals(ids(sa, ka.id()), ids(sb, ka.id()));
      }
    }
  }

  @Test
  void replicatesTheFollowGraphWithinTheConfiguredHops() throws Exception {
    SsbKeyPair ka = keys();
    SsbKeyPair kb = keys();
    SsbKeyPair kc = keys();
    try (SsbStore sa = store(tmp.resolve("a")); SsbStore sb = store(tmp.resolve("b"))) {
      FeedPublisher c = FeedPublisher.builder().signer(kc.signer()).build();
      for (int i = 0; i < 20; i++) {
        sa.append(c.publish(post("c " + i)));
      }
      try (SsbPeer a = SsbPeer.builder(ka, sa, BlobStore.open(tmp.resolve("ba"))).listen("127.0.0.1", 0).build().start();
          SsbPeer b = SsbPeer.builder(kb, sb, BlobStore.open(tmp.resolve("bb"))).hops(2).build().start()) {
        a.publish(contact(kc.id())); // a follows c: two hops from b
        b.publish(contact(ka.id())); // b follows a
        assertEquals(Set.of(kb.id(), ka.id()), b.wantedFeeds());
        b.connect(a.address().orElseThrow());
        assertTrue(b.awaitSequence(ka.id(), 1, WAIT));
        assertTrue(b.awaitSequence(ka.id(), 1, WAIT));
        boolean got = b.awaitSequence(kc.id(), 20, Duration.ofSeconds(5));
        assertTrue(got, () -> "c, reached through a's contact message, replicated too: " + b.wantedFeeds() + " "
            + a.wantedFeeds() + " " + sb.latestSequences() + " " + b.callLog() + " " + a.callLog());
        assertEquals(ids(sa, kc.id()), ids(sb, kc.id()));
        assertEquals(Set.of(kb.id(), ka.id(), kc.id()), b.wantedFeeds());
      }
    }
  }

  @Test
  void replicateOnceResumesFromTheStoredSequence() throws Exception {
    SsbKeyPair ka = keys();
    SsbKeyPair kb = keys();
    List<Double> asked = new CopyOnWriteArrayList<>();
    try (SsbStore sa = store(tmp.resolve("a")); SsbStore sb = store(tmp.resolve("b"))) {
      try (SsbPeer a = SsbPeer.builder(ka, sa, BlobStore.open(tmp.resolve("ba"))).listen("127.0.0.1", 0).build().start()) {
        for (int i = 0; i < 100; i++) {
          a.publish(post("a " + i));
        }
        try (SsbPeer b = SsbPeer.builder(kb, sb, BlobStore.open(tmp.resolve("bb"))).autoReplicate(false).build()) {
          assertEquals(100L, b.replicateOnce(a.address().orElseThrow(), List.of(ka.id()), WAIT).get(ka.id()));
        }
        for (int i = 0; i < 50; i++) {
          a.publish(post("later " + i));
        }
        // a recording front for a's history, to see where b resumes
        Registry front = new Registry().register("createHistoryStream", Type.SOURCE, call -> {
          JsonObject o = (JsonObject) call.args().get(0);
          asked.add(((JsonNumber) o.get("seq").orElseThrow()).value());
          StreamReader r;
          try (SsbTransport proxy = SsbTransport.builder(keys()).build()) {
            SsbConnection c = proxy.connect(a.address().orElseThrow());
            r = c.rpc().source("createHistoryStream", o);
            Optional<Body> next;
            while ((next = r.next(WAIT)).isPresent()) {
              call.out().send(next.get());
            }
            call.out().end();
          }
        });
        try (SsbTransport fake = SsbTransport.builder(keys()).registry(front).build()) {
          SsbListener l = fake.listen("127.0.0.1", 0, c -> { });
          PeerFixtures.RecordingListener events = new PeerFixtures.RecordingListener();
          try (SsbPeer b = SsbPeer.builder(kb, sb, BlobStore.open(tmp.resolve("bb"))).autoReplicate(false)
              .listener(events).build()) {
            assertEquals(150L, b.replicateOnce(l.multiserverAddress(), List.of(ka.id()), WAIT).get(ka.id()));
          }
          assertEquals(List.of(101.0), asked, "resumed from the stored sequence + 1");
          assertEquals(50, events.storedTotal());
        }
        assertEquals(ids(sa, ka.id()), ids(sb, ka.id()));
      }
    }
  }

  /** A fake peer serving fixed message values per feed over createHistoryStream. */
  private SsbListener fakeHistory(SsbTransport t) {
    return t.listen("127.0.0.1", 0, c -> { });
  }

  private static Registry serving(java.util.Map<FeedId, List<JsonObject>> feeds) {
    return new Registry().register("createHistoryStream", Type.SOURCE, call -> {
      JsonObject o = (JsonObject) call.args().get(0);
      FeedId id = FeedId.parse(((JsonString) o.get("id").orElseThrow()).value());
      long seq = (long) ((JsonNumber) o.get("seq").orElseThrow()).value();
      for (JsonObject v : feeds.getOrDefault(id, List.of())) {
        if (((JsonNumber) v.get("sequence").orElseThrow()).value() >= seq) {
          call.out().send(Body.json(v));
        }
      }
      call.out().end();
    });
  }

  private static List<JsonObject> chain(SsbKeyPair k, int n, String prefix) {
    FeedPublisher p = FeedPublisher.builder().signer(k.signer()).build();
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(p.publish(post(prefix + i)).value());
    }
    return out;
  }

  @Test
  void anInvalidMessageIsReportedAndStopsOnlyItsFeed() throws Exception {
    SsbKeyPair kx = keys();
    SsbKeyPair ky = keys();
    List<JsonObject> x = chain(kx, 10, "x");
    x.set(5, x.get(5).with("content", post("tampered"))); // message 6: the signature no longer verifies
    List<JsonObject> y = chain(ky, 10, "y");
    PeerFixtures.RecordingListener events = new PeerFixtures.RecordingListener();
    try (SsbStore sb = store(tmp.resolve("b"));
        SsbTransport fake = SsbTransport.builder(keys()).registry(serving(java.util.Map.of(kx.id(), x, ky.id(), y))).build();
        SsbPeer b = SsbPeer.builder(keys(), sb, BlobStore.open(tmp.resolve("bb"))).autoReplicate(false)
            .listener(events).build()) {
      SsbListener l = fakeHistory(fake);
      var result = b.replicateOnce(l.multiserverAddress(), List.of(kx.id(), ky.id()), WAIT);
      assertEquals(5L, result.get(kx.id()), "the valid messages before the bad one are kept");
      assertEquals(10L, result.get(ky.id()), "the other feed is not affected");
      assertEquals(List.of(kx.id() + " SIGNATURE_INVALID"), events.rejected);
      assertFalse(sb.isForked(kx.id()));
    }
  }

  @Test
  void aForkFromAPeerIsRecordedAndReportedAndOtherFeedsGoOn() throws Exception {
    SsbKeyPair kz = keys();
    SsbKeyPair ky = keys();
    List<JsonObject> z = chain(kz, 3, "z");
    double ts = ((JsonNumber) z.get(0).get("timestamp").orElseThrow()).value();
    FeedPublisher other = FeedPublisher.builder().signer(kz.signer())
        .state(new FeedState(SsbMessage.idOf(z.get(0)), 1, ts)).build();
    List<JsonObject> fork = new ArrayList<>(List.of(z.get(0)));
    for (int i = 2; i <= 4; i++) {
      fork.add(other.publish(post("other " + i)).value());
    }
    List<JsonObject> y = chain(ky, 10, "y");
    PeerFixtures.RecordingListener events = new PeerFixtures.RecordingListener();
    try (SsbStore sb = store(tmp.resolve("b"));
        SsbTransport fake = SsbTransport.builder(keys()).registry(serving(java.util.Map.of(kz.id(), fork, ky.id(), y))).build();
        SsbPeer b = SsbPeer.builder(keys(), sb, BlobStore.open(tmp.resolve("bb"))).autoReplicate(false)
            .listener(events).build()) {
      for (JsonObject v : z) {
        sb.append(v);
      }
      SsbListener l = fakeHistory(fake);
      var result = b.replicateOnce(l.multiserverAddress(), List.of(kz.id(), ky.id()), WAIT);
      assertEquals(List.of(kz.id() + " FORK_DETECTED"), events.rejected);
      assertTrue(sb.isForked(kz.id()), "the fork is recorded");
      assertEquals(3L, result.get(kz.id()), "nothing of the other branch is stored");
      assertEquals(10L, result.get(ky.id()), "the other feed is replicated");
    }
  }
}
