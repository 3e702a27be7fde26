package social.kith.ssb.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.ssb.peer.PeerFixtures.keys;
import static social.kith.ssb.peer.PeerFixtures.post;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.core.Kith;
import social.kith.core.event.Event;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;
import social.kith.ssb.FeedId;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.FeedState;
import social.kith.ssb.MessageId;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.adapter.SsbAdapter;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.mapping.SsbMapper;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.Registry;
import social.kith.ssb.muxrpc.Type;
import social.kith.ssb.net.SsbListener;
import social.kith.ssb.net.SsbTransport;

/**
 * {@link PeerNetwork} behind {@link SsbAdapter} and core's {@link Kith}: two Kith nodes on loopback,
 * one Kith node with a real ssb-server, and a peer that sends bad messages.
 */
class PeerNetworkTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path tmp;

  /** A Kith client on an SSB adapter with a live peer network; closing closes all three. */
  private record KithNode(PeerNetwork net, SsbAdapter adapter, Kith kith, List<Event> events) implements AutoCloseable {
    static KithNode start(Path dir, PeerNetwork net) {
      SsbAdapter adapter = SsbAdapter.open(dir, net);
      Kith kith = Kith.builder().adapter(adapter).identity(adapter.localIdentity()).build();
      List<Event> events = new CopyOnWriteArrayList<>();
      kith.on(events::add);
      return new KithNode(net, adapter, kith, events);
    }

    IdentityId id() {
      return kith.identity(Protocol.SSB).orElseThrow().id();
    }

    Post publish(PostDraft draft) {
      return kith.publish(draft).orThrow().post(Protocol.SSB).orElseThrow();
    }

    List<PostId> home() {
      return kith.feed(FeedQuery.home().limit(100)).items().stream().map(Post::id).toList();
    }

    boolean heard(java.util.function.Predicate<Event> p) {
      return events.stream().anyMatch(p);
    }

    @Override
    public void close() {
      kith.close();
    }
  }

  @Test
  void twoKithNodesFollowPostReplyLikeAndMessageEachOtherOverTheNetwork() throws Exception {
    try (KithNode alice = KithNode.start(tmp.resolve("alice"), PeerNetwork.builder().listen("127.0.0.1", 0).build());
        KithNode bob = KithNode.start(tmp.resolve("bob"), PeerNetwork.builder().listen("127.0.0.1", 0).build())) {
      String aliceAddress = alice.net().address().orElseThrow();
      assertTrue(aliceAddress.startsWith("net:127.0.0.1:") && aliceAddress.contains("~shs:"), aliceAddress);
      assertTrue(aliceAddress.endsWith(alice.adapter().feedId().toString().substring(1, 45)), aliceAddress);
      bob.net().connect(aliceAddress);
      await("the two nodes are connected", WAIT,
          () -> alice.net().stats().connections() == 1 && bob.net().stats().connections() == 1);

      alice.kith().interact(new Interaction.Follow(bob.id()));
      bob.kith().interact(new Interaction.Follow(alice.id()));
      Post hello = alice.publish(PostDraft.ofText("Hello from Alice"));
      await("Bob's home shows Alice's post", WAIT, () -> bob.home().contains(hello.id()));
      assertTrue(bob.heard(e -> e instanceof Event.PostReceived r && r.post().id().equals(hello.id())));
      await("Alice hears that Bob follows her", WAIT, () -> alice.heard(e -> e instanceof Event.Followed f
          && f.follower().equals(bob.id()) && f.followee().equals(alice.id())));

      Post reply = bob.kith().interact(new Interaction.Reply(hello.id(), PostDraft.ofText("Hi Alice"))).post().orElseThrow();
      bob.kith().interact(Interaction.Like.reaction(hello.id(), "👋"));
      await("Alice hears Bob's reply and like", WAIT, () ->
          alice.heard(e -> e instanceof Event.Replied r && r.reply().id().equals(reply.id()))
              && alice.heard(e -> e instanceof Event.Liked l && l.post().equals(hello.id()) && l.actor().equals(bob.id())
                  && l.reaction().equals(Optional.of("👋"))));
      assertTrue(alice.home().contains(reply.id()), "the reply is in Alice's home");
      assertEquals(List.of(reply.id(), hello.id()),
          alice.kith().feed(FeedQuery.thread(hello.id())).items().stream().map(Post::id).toList());

      Post dm = alice.publish(PostDraft.builder().text("Lunch at noon?").visibility(Visibility.DIRECT)
          .directRecipient(bob.id()).build());
      await("Bob is told of Alice's private message", WAIT, () -> bob.heard(e -> e instanceof Event.Mentioned m
          && m.post().id().equals(dm.id()) && m.mentioned().equals(bob.id())));
      Post received = bob.kith().feed(FeedQuery.notifications()).items().stream()
          .filter(p -> p.id().equals(dm.id())).findFirst().orElseThrow();
      assertEquals(Visibility.DIRECT, received.visibility());
      assertEquals("Lunch at noon?", received.content().plainText());
      assertTrue(bob.home().contains(dm.id()));

      // hello, the follow, the reply, the like, the DM: what each stored from the other was counted
      assertTrue(bob.net().stats().messagesReplicated() >= 3, bob.net().stats().toString());
      assertTrue(alice.net().stats().messagesReplicated() >= 3, alice.net().stats().toString());
      assertEquals(0, alice.net().stats().messagesRejected());
      assertEquals(0, bob.net().stats().messagesRejected());
      byte[] picture = new byte[50_000];
      new java.util.Random(5).nextBytes(picture);
      social.kith.ssb.BlobId blob = alice.adapter().blobs().orElseThrow().put(picture);
      assertEquals(blob, bob.net().peer().orElseThrow().wantBlob(blob).get(60, java.util.concurrent.TimeUnit.SECONDS));
      org.junit.jupiter.api.Assertions.assertArrayEquals(picture, bob.adapter().blobs().orElseThrow().getBytes(blob).orElseThrow(),
          "the blob went into the adapter's blob store");
      assertEquals(1, bob.net().stats().blobsReceived());
      assertEquals(0, alice.net().stats().blobsReceived());

      List<String> log = bob.net().peer().orElseThrow().callLog();
      assertTrue(log.contains("out:ebt.replicate"), "EBT by default: " + log);
    }
  }

  @Test
  void anAdapterReplicatesFromARealSsbServerAndServesItsOwnFeed() throws Exception {
    try (SsbServerHarness server = new SsbServerHarness()) {
      List<String> published = server.publish(30);
      try (KithNode kith = KithNode.start(tmp.resolve("kith"), PeerNetwork.builder().connect(server.address).build())) {
        server.call(server.op("follow").put("id", kith.adapter().feedId().toString()));
        IdentityId serverId = SsbMapper.identity(server.id);
        kith.kith().interact(new Interaction.Follow(serverId));
        Post mine = kith.publish(PostDraft.ofText("Hello, ssb-server"));

        await("Kith's home holds the server's 30 posts", WAIT, () -> kith.home().size() == 31);

        List<String> stored = PeerFixtures.ids(kith.adapter().store(), server.id);
        assertEquals(published, stored.subList(0, 30), "identical ids, in order");
        await("one event per post, Kith's own included", WAIT,
            () -> kith.events().stream().filter(e -> e instanceof Event.PostReceived).count() == 31);
        assertTrue(kith.home().contains(mine.id()));

        List<String> onServer = server.awaitHistory(kith.adapter().feedId(), ids -> ids.stream()
            .anyMatch(k -> SsbMapper.post(MessageId.parse(k)).equals(mine.id())), WAIT);
        assertEquals(PeerFixtures.ids(kith.adapter().store(), kith.adapter().feedId()), onServer);

        JsonNode live = server.call(server.op("post").set("content",
            SsbServerHarness.JSON.createObjectNode().put("type", "post").put("text", "live to Kith")));
        await("the live post arrives as an event", WAIT, () -> kith.heard(e -> e instanceof Event.PostReceived r
            && r.post().id().equals(SsbMapper.post(MessageId.parse(live.get("key").asText())))));
        PeerNetwork.PeerStats stats = kith.net().stats();
        assertTrue(stats.messagesReplicated() >= 32, stats.toString());
        assertEquals(1, stats.connections(), stats.toString());
      }
    }
  }

  @Test
  void invalidAndForkedMessagesAreCountedAndNothingOfThemIsStored() throws Exception {
    SsbKeyPair kx = keys();
    SsbKeyPair ky = keys();
    SsbKeyPair kz = keys();
    List<JsonObject> x = chain(kx, 4, "x");
    x.set(0, x.get(0).with("content", post("tampered"))); // the first message's signature no longer verifies
    List<JsonObject> y = chain(ky, 10, "y");
    List<JsonObject> z = chain(kz, 3, "z");
    double ts = ((JsonNumber) z.get(2).get("timestamp").orElseThrow()).value();
    FeedPublisher other = FeedPublisher.builder().signer(kz.signer())
        .state(new FeedState(SsbMessage.idOf(z.get(1)), 2, ts)).build();
    List<JsonObject> fork = new ArrayList<>(z.subList(0, 2));
    for (int i = 3; i <= 5; i++) {
      fork.add(other.publish(post("other " + i)).value()); // a different message 3, and 4 and 5 after it
    }
    try (SsbTransport fake = SsbTransport.builder(keys()).registry(serving(Map.of(kx.id(), x, ky.id(), y, kz.id(), fork)))
        .build()) {
      SsbListener listening = fake.listen("127.0.0.1", 0, c -> { });
      try (KithNode node = KithNode.start(tmp.resolve("node"), PeerNetwork.builder().build())) {
        for (JsonObject v : z) {
          node.adapter().store().append(v);
        }
        for (SsbKeyPair k : List.of(kx, ky, kz)) {
          node.kith().interact(new Interaction.Follow(SsbMapper.identity(k.id())));
        }
        node.net().connect(listening.multiserverAddress());
        await("both bad feeds are refused and the good one stored", WAIT,
            () -> node.net().stats().messagesRejected() == 2 && node.net().stats().messagesReplicated() == 10);
        var store = node.adapter().store();
        assertTrue(store.feedState(kx.id()).isEmpty(), "nothing of the invalid feed is stored");
        assertEquals(3, store.feedState(kz.id()).orElseThrow().sequence(), "nothing of the other branch is stored");
        assertTrue(store.isForked(kz.id()), "the fork is recorded");
        assertEquals(10, store.feedState(ky.id()).orElseThrow().sequence());
        assertEquals(PeerFixtures.ids(store, ky.id()), y.stream().map(v -> SsbMessage.idOf(v).toString()).toList());
        assertFalse(node.heard(e -> e instanceof Event.PostReceived r && r.post().author().equals(SsbMapper.identity(kx.id()))));
      }
    }
  }

  @Test
  void theBuilderAndTheLifecycleFailFast() {
    assertThrows(IllegalArgumentException.class, () -> PeerNetwork.builder().listen("127.0.0.1", 70_000));
    assertThrows(IllegalArgumentException.class, () -> PeerNetwork.builder().hops(7));
    assertThrows(IllegalArgumentException.class, () -> PeerNetwork.builder().connect("net:127.0.0.1:8008"));
    assertThrows(IllegalArgumentException.class, () -> PeerNetwork.builder().connect("not an address"));
    PeerNetwork net = PeerNetwork.builder().build();
    assertEquals(Optional.empty(), net.address());
    assertEquals(Optional.empty(), net.peer());
    assertEquals(new PeerNetwork.PeerStats(0, 0, 0, 0), net.stats());
    PeerException early = assertThrows(PeerException.class,
        () -> net.connect("net:127.0.0.1:8008~shs:" + keys().id().toString().substring(1, 45)));
    assertEquals(PeerError.NOT_RUNNING, early.error());
    try (KithNode node = KithNode.start(tmp.resolve("dial-only"), net)) {
      assertEquals(Optional.empty(), net.address(), "not listening");
      assertTrue(net.peer().isPresent());
    }
    assertEquals(0, net.stats().connections());
  }

  @Test
  void withoutABlobStoreTheNetworkRefusesToStartAndStartsNothing() {
    PeerNetwork net = PeerNetwork.builder().listen("127.0.0.1", 0).build();
    try (var store = PeerFixtures.store(tmp.resolve("no-blobs"))) {
      SsbAdapter adapter = SsbAdapter.builder().keys(keys()).store(store).network(net).build();
      social.kith.core.NetworkException e = assertThrows(social.kith.core.NetworkException.class,
          () -> Kith.builder().adapter(adapter).identity(adapter.localIdentity()).build());
      assertTrue(e.getMessage().contains("blob store"), e.getMessage());
      assertEquals(Optional.empty(), net.peer(), "no peer was started");
      assertEquals(Optional.empty(), net.address());
      assertEquals(Map.of(), store.latestSequences(), "nothing was stored");
    }
    PeerNetwork withOwnBlobs = PeerNetwork.builder().blobs(social.kith.ssb.blobs.BlobStore.open(tmp.resolve("own-blobs"))).build();
    try (var store = PeerFixtures.store(tmp.resolve("own-blobs-store"))) {
      SsbAdapter adapter = SsbAdapter.builder().keys(keys()).store(store).network(withOwnBlobs).build();
      try (Kith kith = Kith.builder().adapter(adapter).identity(adapter.localIdentity()).build()) {
        assertTrue(withOwnBlobs.peer().isPresent(), "the builder's blob store stands in for the adapter's");
      }
    }
  }

  /** Polls {@code condition} every 50 ms (a feed read verifies signatures: not every millisecond) until the deadline. */
  private static void await(String what, Duration deadline, java.util.function.BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + deadline + ": " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // a poll interval, not a wait for a condition
    }
  }

  private static List<JsonObject> chain(SsbKeyPair k, int n, String prefix) {
    FeedPublisher p = FeedPublisher.builder().signer(k.signer()).build();
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(p.publish(post(prefix + i)).value());
    }
    return out;
  }

  /** A fake peer with a manifest that serves fixed message values per feed over createHistoryStream. */
  private static Registry serving(Map<FeedId, List<JsonObject>> feeds) {
    return new Registry()
        .register("manifest", Type.SYNC, call -> call.respond(Body.json(call.session().manifest())))
        .register("createHistoryStream", Type.SOURCE, call -> {
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
}
