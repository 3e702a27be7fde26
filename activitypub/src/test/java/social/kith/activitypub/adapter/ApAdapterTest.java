package social.kith.activitypub.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.server.FollowState;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.core.InvalidInputException;
import social.kith.core.event.Event;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;
import social.kith.core.spi.AdapterContext;
import social.kith.core.testing.Eventually;
import social.kith.core.testing.RecordingEventSink;

/** What the contract does not cover: two adapters federating, persistence and identity checks. */
class ApAdapterTest {
  @TempDir
  Path dir;

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final java.util.List<ApAdapter> open = new java.util.ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(ApAdapter::close);
    pool.shutdownNow();
  }

  private ApAdapter adapter(String node, String name, RecordingEventSink sink) {
    return adapter(node, name, sink, 0);
  }

  private ApAdapter adapter(String node, String name, RecordingEventSink sink, int port) {
    ApAdapter.Builder b = ApAdapter.builder().dataDir(dir.resolve(node)).actorName(name).bind("127.0.0.1", port)
        .fetchPolicy(ApProtocolAdapterContractTest.LOOPBACK);
    if (port != 0) {
      b.baseUrl(URI.create("http://127.0.0.1:" + port));
    }
    ApAdapter a = b.build();
    a.start(new AdapterContext(sink, Clock.systemUTC(), pool, "social.kith.test." + node, Duration.ofSeconds(30)));
    open.add(a);
    return a;
  }

  @Test
  void followIsAcceptedOverHttpAndTheFollowerGetsLaterPosts() {
    RecordingEventSink aliceEvents = new RecordingEventSink();
    RecordingEventSink bobEvents = new RecordingEventSink();
    ApAdapter alice = adapter("a", "alice", aliceEvents);
    ApAdapter bob = adapter("b", "bob", bobEvents);
    LocalIdentity a = alice.localIdentity("alice");
    URI bobId = bob.actorUrl("bob");

    alice.interact(a, new Interaction.Follow(IdentityId.of(Protocol.ACTIVITYPUB, bobId.toString())));
    assertEquals(FollowState.PENDING, alice.follows().get("alice", Direction.FOLLOWING, bobId).orElseThrow().state());
    // bob auto-accepts; the Accept goes through bob's durable queue and alice's inbox verifies it
    Eventually.await("alice's follow to be accepted", () -> alice.follows().get("alice", Direction.FOLLOWING, bobId)
        .map(r -> r.state() == FollowState.ACCEPTED).orElse(false));
    assertTrue(bob.follows().isAcceptedFollower("bob", alice.actorUrl("alice")));
    Eventually.await("the Followed event", () -> aliceEvents.events(Event.Followed.class).stream()
        .anyMatch(e -> e.followee().value().equals(bobId.toString())));

    Post post = bob.publish(bob.localIdentity("bob"), PostDraft.ofText("to my followers"));
    Eventually.await("alice to receive bob's post", () -> alice.feed(FeedQuery.home()).items().stream()
        .anyMatch(p -> p.id().equals(post.id())));
    assertEquals(0, bob.deliveryQueue().deadLetters().size());
    // the counters come from the verifier and the worker: Follow to bob; Accept and Create to alice
    Eventually.await("bob's worker to record both deliveries", () -> bob.stats().deliveriesSent() == 2);
    Eventually.await("alice's worker to record the Follow", () -> alice.stats().deliveriesSent() == 1);
    assertEquals(new ApAdapter.Stats(1, 0, 1, 2, 0), bob.stats());
    assertEquals(new ApAdapter.Stats(2, 0, 2, 1, 0), alice.stats());
  }

  @Test
  void directMessageReachesOnlyItsRecipientAndIsNotServedToStrangers() throws Exception {
    RecordingEventSink bobEvents = new RecordingEventSink();
    ApAdapter alice = adapter("da", "alice", new RecordingEventSink());
    ApAdapter bob = adapter("db", "bob", bobEvents);
    LocalIdentity a = alice.localIdentity("alice");
    IdentityId bobId = IdentityId.of(Protocol.ACTIVITYPUB, bob.actorUrl("bob").toString());
    Post dm = alice.publish(a, PostDraft.builder().text("psst").visibility(Visibility.DIRECT)
        .directRecipient(bobId).build());
    assertEquals(Visibility.DIRECT, dm.visibility());
    Eventually.await("bob to get the DM", () -> bob.feed(FeedQuery.notifications(bobId)).items().stream()
        .anyMatch(p -> p.id().equals(dm.id())));
    Post received = bob.feed(FeedQuery.notifications(bobId)).items().get(0);
    assertEquals(Visibility.DIRECT, received.visibility());
    assertEquals("psst", received.content().plainText());
    assertTrue(bob.feed(FeedQuery.notifications()).items().stream().anyMatch(p -> p.id().equals(dm.id())));
    // not in the notifications of another local actor of bob's server
    IdentityId carol = bob.localIdentity("carol").id();
    assertTrue(bob.feed(FeedQuery.notifications(carol)).items().isEmpty());
    java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(URI.create(dm.id().value())).header("Accept", "application/activity+json")
            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertTrue(anonymous.statusCode() >= 400, "an unsigned fetch of a DM is refused: " + anonymous.statusCode());
    assertFalse(anonymous.body().contains("psst"));
  }

  @Test
  void aBlockedActorsDeliveriesAreRefusedAndTheBlockSurvivesARestart() throws Exception {
    int port = freePort();
    int bobPort = freePort();
    RecordingEventSink aliceEvents = new RecordingEventSink();
    ApAdapter alice = adapter("ba", "alice", aliceEvents, port);
    ApAdapter bob0 = adapter("bb", "bob", new RecordingEventSink(), bobPort);
    LocalIdentity a = alice.localIdentity("alice");
    IdentityId aliceId = a.id();
    IdentityId bobId = IdentityId.of(Protocol.ACTIVITYPUB, bob0.actorUrl("bob").toString());
    Post before = bob0.publish(bob0.localIdentity("bob"), PostDraft.builder().text("hi alice")
        .mention(social.kith.core.model.Mention.of(aliceId, "@" + alice.handle("alice"))).build());
    Eventually.await("the first mention", () -> alice.feed(FeedQuery.notifications(aliceId)).items().stream()
        .anyMatch(p -> p.id().equals(before.id())));

    alice.interact(a, new Interaction.Block(bobId));
    assertTrue(alice.feed(FeedQuery.notifications(aliceId)).items().isEmpty(), "a blocked actor's posts are hidden");
    alice.close();
    bob0.close(); // both restart: fresh connections, same URLs
    ApAdapter again = adapter("ba", "alice", aliceEvents, port);
    ApAdapter bob = adapter("bb", "bob", new RecordingEventSink(), bobPort);
    int received = aliceEvents.events(Event.PostReceived.class).size();
    Post after = bob.publish(bob.localIdentity("bob"), PostDraft.builder().text("hi again")
        .mention(social.kith.core.model.Mention.of(aliceId, "@" + again.handle("alice"))).build());
    try {
      Eventually.await("bob's delivery to be refused (dead-lettered)", () -> bob.deliveryQueue().deadLetters().stream()
          .anyMatch(d -> d.job().inbox().getPort() == port));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + " dead=" + bob.deliveryQueue().deadLetters() + " pending="
          + bob.deliveryQueue().pendingCount() + " events=" + aliceEvents.events(Event.PostReceived.class).size()
          + "/" + received, e);
    }
    assertEquals(received, aliceEvents.events(Event.PostReceived.class).size(), "nothing arrived after the block");
    assertTrue(again.stats().deliveriesRefused() >= 1, again.stats().toString());
    assertEquals(0, again.stats().activitiesProcessed(), again.stats().toString());
    assertTrue(bob.stats().deliveriesFailed() >= 1, bob.stats().toString());
    assertTrue(again.feed(FeedQuery.home()).items().stream().noneMatch(p -> p.id().equals(after.id())));
  }

  @Test
  void restartKeepsTheKeyTheActorAndOwnPosts() throws Exception {
    int port = freePort();
    ApAdapter first = adapter("r", "carol", new RecordingEventSink(), port);
    LocalIdentity before = first.localIdentity("carol");
    Post post = first.publish(before, PostDraft.ofText("still her"));
    Post gone = first.publish(before, PostDraft.ofText("gone"));
    first.interact(before, new Interaction.Edit(post.id(), PostDraft.ofText("still here")));
    first.interact(before, new Interaction.Delete(gone.id()));
    Path key = dir.resolve("r/actors/carol/key.pem");
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(key));
    first.close();

    ApAdapter second = adapter("r", "carol", new RecordingEventSink(), port);
    LocalIdentity after = second.localIdentity("carol");
    assertEquals(before.identity().keys(), after.identity().keys());
    List<Post> feed = second.feed(FeedQuery.author(after.id())).items();
    assertEquals(List.of(post.id()), feed.stream().map(Post::id).toList());
    assertEquals("still here", feed.get(0).content().plainText(), "the edit survives, the deleted post stays gone");
  }

  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void anIdentityWithAForeignKeyIsRefusedAndNothingIsPublished() {
    ApAdapter one = adapter("k1", "dave", new RecordingEventSink());
    ApAdapter two = adapter("k2", "dave", new RecordingEventSink());
    LocalIdentity impostor = two.localIdentity("dave"); // same name, other server, other key
    assertThrows(InvalidInputException.class, () -> one.publish(impostor, PostDraft.ofText("forged")));
    LocalIdentity real = one.localIdentity("dave");
    assertTrue(one.feed(FeedQuery.author(real.id())).items().isEmpty());
    assertFalse(one.deliveryQueue().pendingCount() > 0);
  }

  @Test
  void resolvesALocalHandleAndARemoteActorUrl() {
    ApAdapter one = adapter("h1", "erin", new RecordingEventSink());
    ApAdapter two = adapter("h2", "frank", new RecordingEventSink());
    assertEquals(one.actorUrl("erin").toString(), one.resolve(one.handle("erin")).id().value());
    assertEquals(two.actorUrl("frank").toString(), one.resolve(two.actorUrl("frank").toString()).id().value());
    assertEquals(two.actorUrl("frank").toString(), one.resolve("@" + two.handle("frank")).id().value());
    assertEquals(java.util.Optional.of("@" + two.handle("frank")), one.resolve("@" + two.handle("frank")).handle());
    assertEquals(java.util.Optional.of("@" + two.handle("frank")),
        one.resolve(two.actorUrl("frank").toString()).handle(), "from the actor's preferredUsername");
  }
}
