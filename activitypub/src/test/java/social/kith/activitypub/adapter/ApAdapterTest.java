package social.kith.activitypub.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import social.kith.activitypub.fetch.FakeResolver;
import social.kith.activitypub.fetch.FetchError;
import social.kith.activitypub.fetch.FetchException;
import social.kith.activitypub.fetch.Tripwire;
import social.kith.activitypub.media.MediaError;
import social.kith.activitypub.media.MediaException;
import social.kith.activitypub.media.MediaSamples;
import social.kith.activitypub.server.ApHandler;
import social.kith.activitypub.server.ApResponse;
import social.kith.activitypub.server.ApServer;
import social.kith.activitypub.server.FollowState;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.core.InvalidInputException;
import social.kith.core.event.Event;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.Attachment;
import social.kith.core.model.Capability;
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

/** What the contract does not cover: two adapters federating, persistence, identity checks and media. */
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
    return adapter(node, name, sink, port, true);
  }

  private ApAdapter adapter(String node, String name, RecordingEventSink sink, int port, boolean autoAccept) {
    ApAdapter.Builder b = ApAdapter.builder().dataDir(dir.resolve(node)).actorName(name).bind("127.0.0.1", port)
        .fetchPolicy(ApProtocolAdapterContractTest.LOOPBACK).autoAccept(autoAccept);
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
      // the queue records the dead letter just before the listener counts it: wait for both
      Eventually.await("bob's delivery to be refused (dead-lettered)", () -> bob.deliveryQueue().deadLetters().stream()
          .anyMatch(d -> d.job().inbox().getPort() == port) && bob.stats().deliveriesFailed() >= 1);
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

  @Test
  void pendingFollowRequestsAreApprovedOrRejectedThroughTheAdapter() {
    RecordingEventSink lockedEvents = new RecordingEventSink();
    ApAdapter locked = adapter("la", "gina", lockedEvents, 0, false);
    ApAdapter other = adapter("lb", "hal", new RecordingEventSink());
    LocalIdentity gina = locked.localIdentity("gina");
    URI ginaId = locked.actorUrl("gina");
    IdentityId hal = other.localIdentity("hal").id();
    IdentityId ivy = other.localIdentity("ivy").id();
    for (LocalIdentity who : List.of(other.localIdentity("hal"), other.localIdentity("ivy"))) {
      other.interact(who, new Interaction.Follow(IdentityId.of(Protocol.ACTIVITYPUB, ginaId.toString())));
    }
    Eventually.await("both requests to wait", () -> locked.pendingFollows(gina).size() == 2);
    assertEquals(Set.of(hal.value(), ivy.value()), locked.pendingFollows(gina).stream()
        .map(r -> r.remote().toString()).collect(java.util.stream.Collectors.toSet()));
    Eventually.await("both FollowRequested events", () -> lockedEvents.events(Event.FollowRequested.class).size() == 2);
    assertTrue(lockedEvents.events(Event.Followed.class).isEmpty(), "nobody is accepted yet");
    assertTrue(locked.follows().accepted("gina", Direction.FOLLOWERS).isEmpty());

    assertTrue(locked.approve(gina, hal));
    assertFalse(locked.approve(gina, hal), "approved once only");
    assertTrue(locked.follows().isAcceptedFollower("gina", URI.create(hal.value())));
    assertTrue(lockedEvents.events(Event.Followed.class).stream().anyMatch(e -> e.follower().equals(hal)),
        "approve emits Followed before it returns");
    Eventually.await("hal to get the Accept", () -> other.follows().get("hal", Direction.FOLLOWING, ginaId)
        .map(r -> r.state() == FollowState.ACCEPTED).orElse(false));

    assertTrue(locked.reject(gina, ivy));
    assertFalse(locked.reject(gina, ivy), "rejected once only");
    assertFalse(locked.reject(gina, hal), "an accepted follower is not a request");
    assertTrue(locked.follows().isAcceptedFollower("gina", URI.create(hal.value())));
    assertTrue(locked.follows().get("gina", Direction.FOLLOWERS, URI.create(ivy.value())).isEmpty());
    assertEquals(List.of(), locked.pendingFollows(gina));
    Eventually.await("ivy to get the Reject", () -> other.follows().get("ivy", Direction.FOLLOWING, ginaId).isEmpty());
    assertEquals(0, locked.deliveryQueue().deadLetters().size());
  }

  @Test
  void followRequestDecisionsRefuseStrangersAndChangeNothing() {
    ApAdapter locked = adapter("lc", "jo", new RecordingEventSink(), 0, false);
    ApAdapter other = adapter("ld", "kim", new RecordingEventSink());
    LocalIdentity jo = locked.localIdentity("jo");
    IdentityId kim = other.localIdentity("kim").id();
    URI joId = locked.actorUrl("jo");
    other.interact(other.localIdentity("kim"), new Interaction.Follow(IdentityId.of(Protocol.ACTIVITYPUB,
        joId.toString())));
    Eventually.await("the request to wait", () -> locked.pendingFollows(jo).size() == 1);
    int queued = locked.deliveryQueue().pendingCount();

    LocalIdentity impostor = other.localIdentity("jo"); // same name, another server's key
    assertThrows(InvalidInputException.class, () -> locked.approve(impostor, kim));
    assertThrows(InvalidInputException.class, () -> locked.reject(impostor, kim));
    assertThrows(InvalidInputException.class, () -> locked.pendingFollows(impostor));
    assertThrows(InvalidInputException.class, () -> locked.approve(jo, IdentityId.of(Protocol.ACTIVITYPUB,
        "not a url")));
    assertThrows(InvalidInputException.class, () -> locked.approve(jo, IdentityId.of(Protocol.SSB,
        "@" + "A".repeat(43) + "=.ed25519")));
    IdentityId stranger = IdentityId.of(Protocol.ACTIVITYPUB, "http://127.0.0.1:9/users/nobody");
    assertFalse(locked.approve(jo, stranger));
    assertFalse(locked.reject(jo, stranger));

    assertEquals(1, locked.pendingFollows(jo).size());
    assertEquals(FollowState.PENDING, locked.follows().get("jo", Direction.FOLLOWERS, URI.create(kim.value()))
        .orElseThrow().state());
    assertTrue(locked.follows().get("jo", Direction.FOLLOWERS, URI.create(stranger.value())).isEmpty());
    assertEquals(queued, locked.deliveryQueue().pendingCount(), "no Accept or Reject was queued");
  }

  @Test
  void receivedPostsWithTheirEditsAndDeletesSurviveARestart() throws Exception {
    int port = freePort();
    ApAdapter alice = adapter("pa", "alice", new RecordingEventSink(), port);
    ApAdapter bob = adapter("pb", "bob", new RecordingEventSink());
    LocalIdentity a = alice.localIdentity("alice");
    LocalIdentity b = bob.localIdentity("bob");
    URI bobId = bob.actorUrl("bob");
    alice.interact(a, new Interaction.Follow(IdentityId.of(Protocol.ACTIVITYPUB, bobId.toString())));
    Eventually.await("bob to accept alice", () -> bob.follows().isAcceptedFollower("bob", alice.actorUrl("alice")));

    Post kept = bob.publish(b, PostDraft.ofText("one"));
    Post gone = bob.publish(b, PostDraft.ofText("two"));
    Post dm = bob.publish(b, PostDraft.builder().text("for alice only").visibility(Visibility.DIRECT)
        .directRecipient(a.id()).build());
    bob.interact(b, new Interaction.Edit(kept.id(), PostDraft.ofText("one, edited")));
    bob.interact(b, new Interaction.Delete(gone.id()));
    Eventually.await("alice to see the edit and the delete", () -> {
      List<Post> home = alice.feed(FeedQuery.home(a.id()).limit(50)).items();
      return home.stream().anyMatch(p -> p.id().equals(kept.id()) && p.content().plainText().equals("one, edited"))
          && home.stream().noneMatch(p -> p.id().equals(gone.id()))
          && home.stream().anyMatch(p -> p.id().equals(dm.id()));
    });
    List<Post> before = alice.feed(FeedQuery.home(a.id()).limit(50)).items();
    alice.close();

    ApAdapter again = adapter("pa", "alice", new RecordingEventSink(), port);
    List<Post> after = again.feed(FeedQuery.home(a.id()).limit(50)).items();
    assertEquals(before.stream().map(Post::id).toList(), after.stream().map(Post::id).toList());
    Post edited = after.stream().filter(p -> p.id().equals(kept.id())).findFirst().orElseThrow();
    assertEquals("one, edited", edited.content().plainText());
    assertEquals(before.stream().filter(p -> p.id().equals(kept.id())).findFirst().orElseThrow().createdAt(),
        edited.createdAt());
    assertTrue(after.stream().noneMatch(p -> p.id().equals(gone.id())), "the deleted post stays deleted");
    List<Post> notes = again.feed(FeedQuery.notifications(a.id()).limit(50)).items();
    assertTrue(notes.stream().anyMatch(p -> p.id().equals(dm.id()) && p.visibility() == Visibility.DIRECT),
        "the DM is still a DM to alice");
    assertTrue(again.feed(FeedQuery.notifications(again.localIdentity("zed").id()).limit(50)).items().isEmpty(),
        "and nobody else's");
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

  // ------------------------------------------------------------------ media

  /** Every regular file under {@code dir}, relative. */
  private static List<String> files(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void anUploadedAttachmentIsServedPublishedAndReceivedWithItsAltTextAndSize() throws Exception {
    int port = freePort();
    ApAdapter alice = adapter("ma", "alice", new RecordingEventSink(), port);
    ApAdapter bob = adapter("mb", "bob", new RecordingEventSink());
    assertTrue(alice.capabilities().contains(Capability.ATTACHMENTS));
    LocalIdentity a = alice.localIdentity("alice");
    LocalIdentity b = bob.localIdentity("bob");
    bob.interact(b, new Interaction.Follow(a.id()));
    Eventually.await("alice to accept bob", () -> alice.follows().isAcceptedFollower("alice", bob.actorUrl("bob")));

    byte[] png = MediaSamples.png(64, 48, "a cat");
    Attachment att = alice.upload(png, "image/png", "a cat on a mat");
    String id = MediaSamples.sha256(png);
    assertEquals(Attachment.of(alice.urls().media(id), "image/png", "a cat on a mat").withSize(64, 48), att);
    assertEquals(att, alice.upload(new java.io.ByteArrayInputStream(png), "image/png", "a cat on a mat"),
        "the same bytes, the same URL");
    java.net.http.HttpResponse<byte[]> served = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(att.url()).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, served.statusCode());
    assertArrayEquals(png, served.body());
    assertEquals(java.util.Optional.of("image/png"), served.headers().firstValue("Content-Type"));
    assertEquals(java.util.Optional.of("nosniff"), served.headers().firstValue("X-Content-Type-Options"));

    Post post = alice.publish(a, PostDraft.builder().text("look").attachment(att).build());
    assertEquals(List.of(att), post.attachments());
    Eventually.await("bob to receive the post", () -> bob.feed(FeedQuery.home(b.id())).items().stream()
        .anyMatch(p -> p.id().equals(post.id())));
    Post received = bob.feed(FeedQuery.home(b.id())).items().stream().filter(p -> p.id().equals(post.id()))
        .findFirst().orElseThrow();
    assertEquals(List.of(att), received.attachments(), "url, media type, alt text and pixel size survive the trip");

    social.kith.activitypub.fetch.FetchedDocument fetched = bob.fetchMedia(received.attachments().get(0), 1 << 20);
    assertArrayEquals(png, fetched.body(), "bob reads the file from alice's server through his guarded fetcher");
    assertEquals("image/png", fetched.mediaType());
    assertArrayEquals(png, alice.fetchMedia(att, 1 << 20).body(), "alice reads her own from her store");

    alice.close();
    ApAdapter again = adapter("ma", "alice", new RecordingEventSink(), port);
    assertEquals(List.of(att), again.feed(FeedQuery.author(a.id())).items().get(0).attachments(),
        "the attachment survives a restart");
    assertEquals("image/png", again.media().find(id).orElseThrow().mediaType());
  }

  @Test
  void attachmentsThatAreNotOwnMediaAreRefusedAndNothingIsStoredOrQueued() throws Exception {
    ApAdapter alice = adapter("na", "alice", new RecordingEventSink());
    ApAdapter bob = adapter("nb", "bob", new RecordingEventSink());
    LocalIdentity a = alice.localIdentity("alice");
    LocalIdentity b = bob.localIdentity("bob");
    bob.interact(b, new Interaction.Follow(a.id())); // so that a post of alice's would be queued for bob
    Eventually.await("alice to accept bob", () -> alice.follows().isAcceptedFollower("alice", bob.actorUrl("bob")));
    Eventually.await("alice's Accept to leave her queue", () -> alice.deliveryQueue().pendingCount() == 0);
    Post mine = alice.publish(a, PostDraft.builder().text("with a picture")
        .attachment(alice.upload(MediaSamples.gif(2, 2), "image/gif", "")).build());
    Eventually.await("the post to leave alice's queue", () -> alice.deliveryQueue().pendingCount() == 0);

    Attachment bobs = bob.upload(MediaSamples.png("bob's"), "image/png", "");
    String unknownId = MediaSamples.sha256(new byte[] {1, 2, 3});
    Attachment own = alice.upload(MediaSamples.png("alice's"), "image/png", "");
    java.util.Map<String, Class<? extends Exception>> refused = new java.util.LinkedHashMap<>();
    java.util.Map<String, Attachment> cases = new java.util.LinkedHashMap<>();
    cases.put("a URL elsewhere", Attachment.of(URI.create("https://media.example/a.png"), "image/png", "x"));
    cases.put("another Kith server's media", bobs);
    cases.put("a media URL of this server with no file", Attachment.of(alice.urls().media(unknownId), "image/png", ""));
    cases.put("upper-case hex", Attachment.of(URI.create(alice.urls().base() + "/media/"
        + own.url().getPath().substring(7).toUpperCase(java.util.Locale.ROOT)), "image/png", ""));
    cases.put("a path around the media", Attachment.of(URI.create(alice.urls().base() + "/media/../users/alice"),
        "image/png", ""));
    cases.put("own media with another type", Attachment.of(own.url(), "image/jpeg", ""));
    refused.put("a media URL of this server with no file", social.kith.core.NotFoundException.class);

    List<Post> feedBefore = alice.feed(FeedQuery.author(a.id())).items();
    List<String> objectsBefore = files(dir.resolve("na/objects"));
    List<String> mediaBefore = files(dir.resolve("na/media"));
    long sentBefore = alice.stats().deliveriesSent();
    for (var c : cases.entrySet()) {
      Class<? extends Exception> expected = refused.getOrDefault(c.getKey(), InvalidInputException.class);
      PostDraft draft = PostDraft.builder().text("x").attachment(c.getValue()).build();
      assertThrows(expected, () -> alice.publish(a, draft), c.getKey());
      assertThrows(expected, () -> alice.interact(a, new Interaction.Edit(mine.id(), draft)), c.getKey() + " (edit)");
      assertThrows(expected, () -> alice.interact(a, new Interaction.Reply(mine.id(), draft)), c.getKey() + " (reply)");
      assertEquals(0, alice.deliveryQueue().pendingCount(), c.getKey() + ": nothing queued");
    }
    assertEquals(feedBefore, alice.feed(FeedQuery.author(a.id())).items(), "no post stored, none edited");
    assertEquals(objectsBefore, files(dir.resolve("na/objects")), "nothing served");
    assertEquals(mediaBefore, files(dir.resolve("na/media")), "no media stored");
    assertEquals(sentBefore, alice.stats().deliveriesSent());
    assertEquals(0, alice.deliveryQueue().deadLetters().size());
  }

  @Test
  void refusedUploadsStoreNothing() throws Exception {
    ApAdapter alice = ApAdapter.builder().dataDir(dir.resolve("ua")).actorName("alice").bind("127.0.0.1", 0)
        .fetchPolicy(ApProtocolAdapterContractTest.LOOPBACK).maxMediaBytes(1000).build();
    open.add(alice);
    byte[] html = "<html><script>alert(1)</script></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(MediaError.CONTENT_MISMATCH,
        assertThrows(MediaException.class, () -> alice.upload(html, "image/png", "")).code());
    assertEquals(MediaError.TYPE_NOT_ALLOWED,
        assertThrows(MediaException.class, () -> alice.upload(html, "text/html", "")).code());
    assertEquals(MediaError.TYPE_NOT_ALLOWED, assertThrows(MediaException.class,
        () -> alice.upload("<svg onload='alert(1)'/>".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "image/svg+xml", "")).code());
    assertEquals(MediaError.TOO_LARGE, assertThrows(MediaException.class,
        () -> alice.upload(java.util.Arrays.copyOf(MediaSamples.png("big"), 1001), "image/png", "")).code());
    assertThrows(InvalidInputException.class, () -> alice.upload(MediaSamples.png("alt"), "image/png",
        "x".repeat(Attachment.MAX_ALT_TEXT + 1)));
    assertEquals(List.of(), files(dir.resolve("ua/media")));
    assertThrows(IllegalArgumentException.class, () -> ApAdapter.builder().maxMediaBytes(0));
  }

  @Test
  void remoteMediaAreFetchedOnlyThroughTheSsrfGuard() {
    FakeResolver resolver = new FakeResolver().answer("media.test", "127.0.0.1").answer("lan.test", "10.0.0.5")
        .answer("metadata.test", "169.254.169.254");
    // the secure default policy: loopback is as private as any other special-use address
    ApAdapter guarded = ApAdapter.builder().dataDir(dir.resolve("ga")).actorName("gus").bind("127.0.0.1", 0)
        .fetchPolicy(social.kith.activitypub.fetch.FetchPolicy.defaults()).resolver(resolver).build();
    open.add(guarded);
    try (Tripwire wire = new Tripwire()) {
      for (String host : List.of("media.test", "lan.test", "metadata.test", "127.0.0.1")) {
        Attachment remote = Attachment.of(URI.create("https://" + host + ":" + wire.port() + "/files/a.png"),
            "image/png", "");
        FetchException e = assertThrows(FetchException.class, () -> guarded.fetchMedia(remote, 1 << 20), host);
        assertEquals(FetchError.BLOCKED_ADDRESS, e.error(), host);
      }
      assertEquals(FetchError.BLOCKED_SCHEME, assertThrows(FetchException.class,
          () -> guarded.fetchMedia(URI.create("file:///etc/passwd"), 1 << 20)).error());
      assertEquals(0, wire.connections(), "nothing connected");
    }
    assertEquals(List.of("media.test", "lan.test", "metadata.test"), resolver.lookups());
    assertThrows(IllegalArgumentException.class, () -> guarded.fetchMedia(URI.create("https://x.example/a.png"), 0));
  }
  @Test
  void anExternallyServedAdapterFederatesThroughTheHandlerTheApplicationMounts() throws Exception {
    // the application's own HTTP stack: here the JDK server of ApServer, bound first so the base URL is known
    java.util.concurrent.atomic.AtomicReference<ApHandler> mounted = new java.util.concurrent.atomic.AtomicReference<>();
    try (ApServer stack = ApServer.builder().handler(r -> mounted.get() == null ? ApResponse.text(503, "not mounted")
        : mounted.get().handle(r)).build().start()) {
      ApAdapter alice = ApAdapter.builder().dataDir(dir.resolve("xa")).actorName("alice").externalServer(stack.uri())
          .fetchPolicy(ApProtocolAdapterContractTest.LOOPBACK).build();
      open.add(alice);
      assertEquals(URI.create(stack.uri() + "/users/alice"), alice.actorUrl("alice"));
      assertEquals("alice@" + stack.uri().getRawAuthority(), alice.handle("alice"));
      IllegalStateException noServer = assertThrows(IllegalStateException.class, alice::serverUri);
      assertTrue(noServer.getMessage().contains("externalServer"), noServer.getMessage());
      mounted.set(alice.handler());
      RecordingEventSink aliceEvents = new RecordingEventSink();
      alice.start(new AdapterContext(aliceEvents, Clock.systemUTC(), pool, "social.kith.test.xa", Duration.ofSeconds(30)));

      ApAdapter bob = adapter("xb", "bob", new RecordingEventSink());
      LocalIdentity b = bob.localIdentity("bob");
      URI aliceId = alice.actorUrl("alice");
      bob.interact(b, new Interaction.Follow(IdentityId.of(Protocol.ACTIVITYPUB, aliceId.toString())));
      // the Follow reaches alice's inbox through the mounted handler; her Accept goes out through her queue
      Eventually.await("bob's follow to be accepted", () -> bob.follows().get("bob", Direction.FOLLOWING, aliceId)
          .map(r -> r.state() == FollowState.ACCEPTED).orElse(false));
      Post post = alice.publish(alice.localIdentity("alice"), PostDraft.ofText("served by another stack"));
      Eventually.await("bob to receive alice's post", () -> bob.feed(FeedQuery.home()).items().stream()
          .anyMatch(p -> p.id().equals(post.id())));
      Eventually.await("alice's worker to record the Accept and the Create", () -> alice.stats().deliveriesSent() == 2);
      assertEquals(new ApAdapter.Stats(1, 0, 1, 2, 0), alice.stats());

      alice.close();
      ApResponse after = alice.handler().handle(social.kith.activitypub.server.ApRequest.get(aliceId,
          social.kith.activitypub.signature.Headers.of("Accept", ApResponse.ACTIVITY_JSON)));
      assertEquals(503, after.status(), "a closed adapter serves nothing");
    }
  }

  @Test
  void externalServerAnswersThroughItsHandlerAndRefusesConflictingOptionsBeforeOpeningAnything() {
    URI base = URI.create("https://Social.Example");
    ApAdapter ext = ApAdapter.builder().dataDir(dir.resolve("ex")).actorName("ann").externalServer(base).build();
    open.add(ext);
    URI ann = URI.create("https://social.example/users/ann");
    assertEquals(ann, ext.actorUrl("ann"));
    var headers = social.kith.activitypub.signature.Headers.of("Accept", ApResponse.ACTIVITY_JSON);
    ApResponse actor = ext.handler().handle(social.kith.activitypub.server.ApRequest.get(ann, headers));
    assertEquals(200, actor.status());
    assertTrue(actor.bodyText().contains("\"inbox\":\"" + ann + "/inbox\""), actor.bodyText());
    ApResponse wf = ext.handler().handle(social.kith.activitypub.server.ApRequest.get(
        URI.create("https://social.example/.well-known/webfinger?resource=acct:ann@social.example"), headers));
    assertEquals(200, wf.status());
    assertTrue(wf.bodyText().contains("\"href\":\"" + ann + "\""), wf.bodyText());
    ApResponse early = ext.handler().handle(social.kith.activitypub.server.ApRequest.of("POST",
        URI.create(ann + "/inbox"), headers, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals(503, early.status(), "inbox POSTs wait for start()");
    ApResponse elsewhere = ext.handler().handle(social.kith.activitypub.server.ApRequest.get(
        URI.create("https://other.example/users/ann"), headers));
    assertEquals(421, elsewhere.status(), "another host is refused");

    Path never = dir.resolve("never");
    IllegalStateException withBind = assertThrows(IllegalStateException.class, () -> ApAdapter.builder()
        .dataDir(never).externalServer(base).bind("127.0.0.1", 0).build());
    assertTrue(withBind.getMessage().contains("bind"), withBind.getMessage());
    IllegalStateException withBase = assertThrows(IllegalStateException.class, () -> ApAdapter.builder()
        .dataDir(never).baseUrl(base).externalServer(base).build());
    assertTrue(withBase.getMessage().contains("baseUrl"), withBase.getMessage());
    assertTrue(Files.notExists(never), "nothing was opened");
    for (String bad : List.of("https://social.example/app", "ftp://social.example", "https://social.example?x=1",
        "/relative")) {
      assertThrows(IllegalArgumentException.class, () -> ApAdapter.builder().externalServer(URI.create(bad)), bad);
    }
    assertThrows(NullPointerException.class, () -> ApAdapter.builder().externalServer(null));
  }
}
