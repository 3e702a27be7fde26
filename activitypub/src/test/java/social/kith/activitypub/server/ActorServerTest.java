package social.kith.activitypub.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import social.kith.activitypub.discovery.NodeInfo;
import social.kith.activitypub.discovery.WebFingerDocument;
import social.kith.activitypub.fetch.FakeClock;
import social.kith.activitypub.media.MediaSamples;
import social.kith.activitypub.media.MediaStore;
import social.kith.activitypub.media.StoredMedia;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.activitypub.signature.Headers;
import social.kith.activitypub.signature.HttpSignatureVerifier;
import social.kith.activitypub.vocab.AsParser;
import social.kith.core.model.Visibility;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaKeys;

/** The router: WebFinger, NodeInfo, actors, negotiation, collections, access to objects, authorized fetch, media. */
final class ActorServerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final URI BASE = URI.create("https://kith.example");
  static final ActorUrls URLS = new ActorUrls(BASE);
  static final String PEM = Pem.writeSpki(RsaKeys.generate(2048).verifyingKey());
  static final FakeRemote FOLLOWER = FakeRemote.at("https://remote.example/users/bob");
  static final FakeRemote STRANGER = FakeRemote.at("https://other.example/users/dan");

  @TempDir
  java.nio.file.Path dir;

  FakeClock clock;
  LocalActors.InMemory actors;
  InMemoryFollowerStore follows;
  InMemoryObjectStore objects;
  FakeKeys keys;

  @BeforeEach
  void setUp() {
    clock = new FakeClock();
    actors = LocalActors.inMemory().put(LocalActor.person("alice", "Alice <3", PEM))
        .put(LocalActor.person("carol", "Carol", PEM).locked(true));
    follows = new InMemoryFollowerStore();
    objects = new InMemoryObjectStore();
    keys = new FakeKeys().add(FOLLOWER).add(STRANGER);
    follows.put("alice", Direction.FOLLOWERS, new FollowRecord(FOLLOWER.actor(), Optional.empty(),
        FollowState.ACCEPTED, clock.instant()));
    follows.put("alice", Direction.FOLLOWERS, new FollowRecord(URI.create("https://p.example/u/pending"),
        Optional.empty(), FollowState.PENDING, clock.instant()));
  }

  ActorServer server(boolean authorizedFetch) {
    return ActorServer.builder().base(BASE).actors(actors).followers(follows).objects(objects)
        .authenticator(RequestAuthenticator.of(HttpSignatureVerifier.builder().clock(clock).build(), keys))
        .authorizedFetch(authorizedFetch).pageSize(2).build();
  }

  static ApRequest get(String pathAndQuery, String accept) {
    return ApRequest.get(URI.create(BASE + pathAndQuery), accept == null ? Headers.of("Host", "kith.example")
        : Headers.of("Host", "kith.example", "Accept", accept));
  }

  static JsonNode json(ApResponse r) throws Exception {
    return JSON.readTree(r.body());
  }

  StoredObject note(String localId, Visibility v, Set<URI> recipients) {
    URI id = URLS.object("alice", "statuses", localId);
    String doc = "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"" + id + "\",\"type\":\"Note\","
        + "\"attributedTo\":\"" + URLS.actor("alice") + "\",\"content\":\"secret " + localId + "\"}";
    StoredObject o = new StoredObject(id, "alice", v, recipients, AsParser.DEFAULT.parse(doc), false, clock.instant());
    objects.put(o);
    return o;
  }

  // ------------------------------------------------------------------ discovery

  @Test
  void webFingerFindsLocalActorsByAcctAndUrl() {
    ActorServer s = server(false);
    ApResponse r = s.handle(get("/.well-known/webfinger?resource=acct:alice@kith.example", null));
    assertEquals(200, r.status());
    assertEquals(Optional.of(ApResponse.JRD_JSON), r.header("Content-Type"));
    WebFingerDocument wf = WebFingerDocument.parse(r.body());
    assertEquals(Optional.of("acct:alice@kith.example"), wf.subject());
    assertTrue(wf.links().stream().anyMatch(l -> l.rel().equals("self")
        && l.href().equals(Optional.of(URLS.actor("alice").toString()))));
    assertEquals(200, s.handle(get("/.well-known/webfinger?resource=" + URLS.actor("alice"), null)).status());
    assertEquals(404, s.handle(get("/.well-known/webfinger?resource=acct:alice@elsewhere.example", null)).status());
    assertEquals(404, s.handle(get("/.well-known/webfinger?resource=acct:nobody@kith.example", null)).status());
    assertEquals(400, s.handle(get("/.well-known/webfinger", null)).status());
  }

  @Test
  void nodeInfoIsDiscoverable() throws Exception {
    ActorServer s = server(false);
    JsonNode links = json(s.handle(get("/.well-known/nodeinfo", null)));
    assertEquals(BASE + "/nodeinfo/2.1", NodeInfo.pickLink((com.fasterxml.jackson.databind.node.ObjectNode) links)
        .orElseThrow());
    NodeInfo info = NodeInfo.parse(s.handle(get("/nodeinfo/2.1", null)).body());
    assertEquals("2.1", info.version());
    assertTrue(info.speaksActivityPub());
    assertEquals("kith", info.softwareName());
  }

  // ------------------------------------------------------------------ actors and negotiation

  @Test
  void theActorDocumentHasEverythingPeersNeed() throws Exception {
    ApResponse r = server(false).handle(get("/users/alice", "application/activity+json"));
    assertEquals(200, r.status());
    assertTrue(r.header("Content-Type").orElseThrow().startsWith("application/activity+json"));
    JsonNode a = json(r);
    assertEquals(URLS.actor("alice").toString(), a.get("id").asText());
    assertEquals(URLS.inbox("alice").toString(), a.get("inbox").asText());
    assertEquals(URLS.sharedInbox().toString(), a.get("endpoints").get("sharedInbox").asText());
    assertEquals(URLS.outbox("alice").toString(), a.get("outbox").asText());
    assertEquals(URLS.followers("alice").toString(), a.get("followers").asText());
    assertEquals(URLS.following("alice").toString(), a.get("following").asText());
    assertEquals(URLS.featured("alice").toString(), a.get("featured").asText());
    assertFalse(a.get("manuallyApprovesFollowers").asBoolean());
    assertEquals(URLS.keyId("alice").toString(), a.get("publicKey").get("id").asText());
    assertEquals(PEM, a.get("publicKey").get("publicKeyPem").asText());
    assertTrue(json(server(false).handle(get("/users/carol", "application/ld+json; "
        + "profile=\"https://www.w3.org/ns/activitystreams\""))).get("manuallyApprovesFollowers").asBoolean());
    // Kith's own parser reads it as an actor.
    assertTrue(AsParser.DEFAULT.parse(r.body()).isActor());
  }

  @Test
  void browsersGetAnEscapedHtmlPage() {
    ApResponse r = server(false).handle(get("/users/alice", "text/html,application/xhtml+xml,*/*;q=0.8"));
    assertEquals(200, r.status());
    assertTrue(r.header("Content-Type").orElseThrow().startsWith("text/html"));
    assertTrue(r.bodyText().contains("Alice &lt;3"));
    assertFalse(r.bodyText().contains("Alice <3"));
    assertEquals(Optional.of("Accept"), r.header("Vary"));
  }

  @Test
  void headAnswersLikeGet() {
    ApRequest head = ApRequest.of("HEAD", URI.create(BASE + "/users/alice"), Headers.of("Host", "kith.example",
        "Accept", "application/activity+json"), new byte[0]);
    ApResponse r = server(false).handle(head);
    assertEquals(200, r.status());
    assertTrue(r.header("Content-Type").orElseThrow().startsWith("application/activity+json"));
  }

  @Test
  void unknownActorsAndWrongHostsAreRefused() {
    ActorServer s = server(false);
    assertEquals(404, s.handle(get("/users/nobody", null)).status());
    ApRequest misdirected = ApRequest.get(URI.create("https://evil.example/users/alice"),
        Headers.of("Host", "evil.example"));
    assertEquals(421, s.handle(misdirected).status());
    assertEquals(405, s.handle(ApRequest.of("DELETE", URI.create(BASE + "/users/alice"), Headers.empty(),
        new byte[0])).status());
  }

  // ------------------------------------------------------------------ collections

  @Test
  void followersArePagedAndOnlyAcceptedOnesCount() throws Exception {
    for (int i = 0; i < 2; i++) {
      follows.put("alice", Direction.FOLLOWERS, new FollowRecord(URI.create("https://f.example/u/" + i),
          Optional.empty(), FollowState.ACCEPTED, clock.instant()));
    }
    ActorServer s = server(false);
    JsonNode c = json(s.handle(get("/users/alice/followers", null)));
    assertEquals("OrderedCollection", c.get("type").asText());
    assertEquals(3, c.get("totalItems").asInt());
    JsonNode p1 = json(s.handle(get("/users/alice/followers?page=1", null)));
    assertEquals("OrderedCollectionPage", p1.get("type").asText());
    assertEquals(2, p1.get("orderedItems").size());
    assertEquals(FOLLOWER.actor().toString(), p1.get("orderedItems").get(0).asText());
    assertEquals(URLS.followers("alice") + "?page=2", p1.get("next").asText());
    JsonNode p2 = json(s.handle(get("/users/alice/followers?page=2", null)));
    assertEquals(1, p2.get("orderedItems").size());
    assertFalse(p2.has("next"));
    assertEquals(400, s.handle(get("/users/alice/followers?page=0", null)).status());
    assertEquals(400, s.handle(get("/users/alice/followers?page=99999999999", null)).status());
    assertEquals(0, json(s.handle(get("/users/alice/following", null))).get("totalItems").asInt());
  }

  @Test
  void theOutboxListsOnlyPublicActivitiesNewestFirst() throws Exception {
    for (int i = 0; i < 3; i++) {
      Visibility v = i == 1 ? Visibility.DIRECT : Visibility.PUBLIC;
      URI id = URLS.object("alice", "activities", "a" + i);
      objects.put(new StoredObject(id, "alice", v, Set.of(), AsParser.DEFAULT.parse("{\"id\":\"" + id
          + "\",\"type\":\"Create\",\"actor\":\"" + URLS.actor("alice") + "\"}"), true, Instant.EPOCH.plusSeconds(i)));
    }
    ActorServer s = server(false);
    assertEquals(2, json(s.handle(get("/users/alice/outbox", null))).get("totalItems").asInt());
    JsonNode page = json(s.handle(get("/users/alice/outbox?page=1", null)));
    JsonNode items = page.get("orderedItems");
    assertEquals(URLS.object("alice", "activities", "a2").toString(), items.get(0).get("id").asText());
    assertEquals(URLS.object("alice", "activities", "a0").toString(), items.get(1).get("id").asText());
  }

  @Test
  void featuredListsPinnedVisibleObjects() throws Exception {
    StoredObject pub = note("1", Visibility.PUBLIC, Set.of());
    StoredObject priv = note("2", Visibility.FOLLOWERS, Set.of());
    objects.setFeatured("alice", List.of(pub.id(), priv.id()));
    JsonNode c = json(server(false).handle(get("/users/alice/collections/featured", null)));
    assertEquals(1, c.get("totalItems").asInt());
    assertEquals(pub.id().toString(), c.get("orderedItems").get(0).get("id").asText());
  }

  // ------------------------------------------------------------------ objects and access

  @Test
  void publicObjectsAreServedToAnyone() {
    StoredObject o = note("1", Visibility.PUBLIC, Set.of());
    ApResponse r = server(false).handle(get(o.id().getRawPath(), "application/activity+json"));
    assertEquals(200, r.status());
    assertTrue(r.bodyText().contains("secret 1"));
    assertEquals(404, server(false).handle(get("/users/alice/statuses/nope", null)).status());
  }

  @Test
  void followersOnlyObjectsNeedASignedFetchByAnAcceptedFollower() {
    StoredObject o = note("2", Visibility.FOLLOWERS, Set.of());
    ActorServer s = server(false);
    assertEquals(404, s.handle(get(o.id().getRawPath(), "application/activity+json")).status());
    assertEquals(404, s.handle(STRANGER.get(o.id(), clock)).status());
    ApResponse r = s.handle(FOLLOWER.get(o.id(), clock));
    assertEquals(200, r.status());
    assertEquals(Optional.of("private, no-store"), r.header("Cache-Control"));
    // A pending follower does not count.
    follows.put("alice", Direction.FOLLOWERS, new FollowRecord(STRANGER.actor(), Optional.empty(),
        FollowState.PENDING, clock.instant()));
    assertEquals(404, s.handle(STRANGER.get(o.id(), clock)).status());
  }

  @Test
  void directObjectsAreServedOnlyToTheirRecipients() {
    StoredObject o = note("3", Visibility.DIRECT, Set.of(STRANGER.actor()));
    ActorServer s = server(false);
    assertEquals(404, s.handle(FOLLOWER.get(o.id(), clock)).status(), "being a follower is not enough");
    assertEquals(200, s.handle(STRANGER.get(o.id(), clock)).status());
  }

  @Test
  void aBadSignatureOnAFetchIs401() {
    StoredObject o = note("4", Visibility.PUBLIC, Set.of());
    FakeRemote unknown = FakeRemote.at("https://unknown.example/users/u");
    assertEquals(401, server(false).handle(unknown.get(o.id(), clock)).status());
  }

  @Test
  void authorizedFetchRequiresSignaturesExceptForActorAndWebFinger() {
    StoredObject o = note("5", Visibility.PUBLIC, Set.of());
    ActorServer s = server(true);
    assertEquals(401, s.handle(get(o.id().getRawPath(), "application/activity+json")).status());
    assertEquals(401, s.handle(get("/users/alice/outbox", null)).status());
    assertEquals(401, s.handle(get("/users/alice/followers", null)).status());
    assertEquals(200, s.handle(get("/users/alice", "application/activity+json")).status());
    assertEquals(200, s.handle(get("/.well-known/webfinger?resource=acct:alice@kith.example", null)).status());
    assertEquals(200, s.handle(STRANGER.get(o.id(), clock)).status());
    assertEquals(200, s.handle(STRANGER.get(URLS.outbox("alice"), clock)).status());
  }

  @Test
  void refusedFetchersGet403() {
    StoredObject o = note("6", Visibility.PUBLIC, Set.of());
    ActorServer s = ActorServer.builder().base(BASE).actors(actors).followers(follows).objects(objects)
        .authenticator(RequestAuthenticator.of(HttpSignatureVerifier.builder().clock(clock).build(), keys))
        .refuseFetchesFrom(a -> a.getHost().equals("other.example")).build();
    assertEquals(403, s.handle(STRANGER.get(o.id(), clock)).status());
    assertEquals(200, s.handle(FOLLOWER.get(o.id(), clock)).status());
  }

  // ------------------------------------------------------------------ inbox routing

  @Test
  void inboxPostsGoToTheEndpointWithTheirScope() {
    AtomicInteger calls = new AtomicInteger();
    List<Optional<String>> scopes = new java.util.concurrent.CopyOnWriteArrayList<>();
    ActorServer s = ActorServer.builder().base(BASE).actors(actors).followers(follows).objects(objects)
        .inbox((req, local) -> {
          calls.incrementAndGet();
          scopes.add(local);
          return ApResponse.empty(202);
        }).build();
    ApRequest shared = ApRequest.of("POST", URLS.sharedInbox(), Headers.of("Host", "kith.example"), new byte[1]);
    assertEquals(202, s.handle(shared).status());
    ApRequest personal = ApRequest.of("POST", URLS.inbox("alice"), Headers.of("Host", "kith.example"), new byte[1]);
    assertEquals(202, s.handle(personal).status());
    ApRequest unknown = ApRequest.of("POST", URLS.inbox("nobody"), Headers.of("Host", "kith.example"), new byte[1]);
    assertEquals(404, s.handle(unknown).status());
    assertEquals(List.of(Optional.empty(), Optional.of("alice")), scopes);
    assertEquals(2, calls.get());
  }

  @Test
  void theBuilderFailsFast() {
    assertThrows(IllegalStateException.class, () -> ActorServer.builder().base(BASE).build());
    assertThrows(IllegalArgumentException.class, () -> ActorServer.builder().base(URI.create("https://x.example/p")));
    assertThrows(IllegalArgumentException.class, () -> ActorServer.builder().base(URI.create("ftp://x.example")));
    assertThrows(IllegalStateException.class, () -> ActorServer.builder().base(BASE).actors(actors)
        .followers(follows).objects(objects).authorizedFetch(true).build());
    assertThrows(IllegalArgumentException.class, () -> LocalActor.person("Bad Name", null, PEM));
  }

  // ------------------------------------------------------------------ media

  ActorServer mediaServer(MediaStore media, boolean authorizedFetch) {
    return ActorServer.builder().base(BASE).actors(actors).followers(follows).objects(objects).media(media)
        .authenticator(RequestAuthenticator.of(HttpSignatureVerifier.builder().clock(clock).build(), keys))
        .authorizedFetch(authorizedFetch).build();
  }

  static ApRequest request(String method, String path, String... headers) {
    Headers.Builder h = Headers.builder().add("Host", "kith.example");
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1]);
    }
    return ApRequest.of(method, URI.create(BASE + path), h.build(), new byte[0]);
  }

  @Test
  void mediaIsServedStreamedWithItsStoredTypeAndDefensiveHeaders() {
    MediaStore media = MediaStore.open(dir.resolve("media"));
    byte[] png = MediaSamples.png("served");
    StoredMedia m = media.put(png, "image/png");
    ApResponse r = mediaServer(media, false).handle(get("/media/" + m.id(), "text/html"));
    assertEquals(200, r.status());
    assertTrue(r.source().isPresent(), "streamed from the file, not held in memory");
    assertEquals(png.length, r.bodyLength());
    assertTrue(java.util.Arrays.equals(png, r.body()));
    assertEquals(Optional.of("image/png"), r.header("Content-Type"));
    assertEquals(Optional.of(Integer.toString(png.length)), r.header("Content-Length"));
    assertEquals(Optional.of("public, max-age=31536000, immutable"), r.header("Cache-Control"));
    assertEquals(Optional.of("nosniff"), r.header("X-Content-Type-Options"));
    assertEquals(Optional.of("default-src 'none'; sandbox"), r.header("Content-Security-Policy"));
    assertEquals(Optional.of("\"" + m.id() + "\""), r.header("ETag"));
    assertEquals(URLS.media(m.id()), URI.create(BASE + "/media/" + m.id()));
    assertEquals(Optional.of(m.id()), URLS.mediaId(URLS.media(m.id())));

    ApResponse head = mediaServer(media, false).handle(request("HEAD", "/media/" + m.id()));
    assertEquals(200, head.status());
    assertEquals(Optional.of(Integer.toString(png.length)), head.header("Content-Length"));
    assertEquals(Optional.of("image/png"), head.header("Content-Type"));
    assertEquals(405, mediaServer(media, false).handle(request("POST", "/media/" + m.id())).status());
  }

  @Test
  void mediaArePublicByUnguessableUrlEvenInAuthorizedFetchMode() {
    MediaStore media = MediaStore.open(dir.resolve("media"));
    StoredMedia m = media.put(MediaSamples.gif(4, 4), "image/gif");
    ActorServer s = mediaServer(media, true);
    assertEquals(401, s.handle(get("/users/alice/outbox", null)).status(), "authorized fetch is on");
    assertEquals(200, s.handle(get("/media/" + m.id(), null)).status(), "no signature is asked for");
    ApRequest badlySigned = request("GET", "/media/" + m.id(), "Signature",
        "keyId=\"https://remote.example/users/bob#main-key\",headers=\"date\",signature=\"AAAA\"");
    assertEquals(200, s.handle(badlySigned).status(), "and none is checked");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/media/../users/alice", "/media/%2e%2e/users/alice", "/media/%2E%2E%2Fetc%2Fpasswd",
      "/media/..%2f..%2fetc%2fpasswd", "/media/", "/media/ID/", "/media/ID.png", "/media/ID%00",
      "/media/UPPER", "/media/SHORT", "/media/0000000000000000000000000000000000000000000000000000000000000000",
      "/media/ID/../ID", "/media//ID"})
  void unknownMalformedAndTraversingMediaPathsAre404(String pattern) throws Exception {
    MediaStore media = MediaStore.open(dir.resolve("media"));
    StoredMedia m = media.put(MediaSamples.png("real"), "image/png");
    List<java.nio.file.Path> before;
    try (var files = java.nio.file.Files.walk(dir)) {
      before = files.toList();
    }
    String path = pattern.replace("UPPER", m.id().toUpperCase(java.util.Locale.ROOT))
        .replace("SHORT", m.id().substring(1)).replace("ID", m.id());
    ApResponse r = mediaServer(media, false).handle(get(path, null));
    assertEquals(404, r.status(), path);
    assertFalse(r.header("Content-Type").orElseThrow().startsWith("image/"), path);
    assertFalse(r.bodyText().contains("PNG"), path);
    try (var files = java.nio.file.Files.walk(dir)) {
      assertEquals(before, files.toList(), "nothing was written");
    }
    // a router without a media store serves none
    assertEquals(404, server(false).handle(get("/media/" + m.id(), null)).status());
  }

  @Test
  void conditionalAndRangeRequests() {
    MediaStore media = MediaStore.open(dir.resolve("media"));
    byte[] mp4 = java.util.Arrays.copyOf(MediaSamples.oneOfEach().get("video/mp4"), 1000);
    StoredMedia m = media.put(mp4, "video/mp4");
    ActorServer s = mediaServer(media, false);
    String path = "/media/" + m.id();
    String etag = "\"" + m.id() + "\"";

    ApResponse notModified = s.handle(request("GET", path, "If-None-Match", "\"other\", " + etag));
    assertEquals(304, notModified.status());
    assertEquals(0, notModified.bodyLength());

    ApResponse first = s.handle(request("GET", path, "Range", "bytes=0-7"));
    assertEquals(206, first.status());
    assertEquals(Optional.of("bytes 0-7/1000"), first.header("Content-Range"));
    assertEquals(Optional.of("8"), first.header("Content-Length"));
    assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOfRange(mp4, 0, 8), first.body()));

    ApResponse tail = s.handle(request("GET", path, "Range", "bytes=-10"));
    assertEquals(Optional.of("bytes 990-999/1000"), tail.header("Content-Range"));
    assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOfRange(mp4, 990, 1000), tail.body()));
    ApResponse open = s.handle(request("GET", path, "Range", "bytes=995-5000"));
    assertEquals(Optional.of("bytes 995-999/1000"), open.header("Content-Range"));
    assertEquals(5, open.body().length);

    ApResponse beyond = s.handle(request("GET", path, "Range", "bytes=1000-"));
    assertEquals(416, beyond.status());
    assertEquals(Optional.of("bytes */1000"), beyond.header("Content-Range"));
    assertEquals(416, s.handle(request("GET", path, "Range", "bytes=-0")).status());

    for (String ignored : List.of("bytes=0-1,4-5", "items=0-1", "bytes=5-1", "bytes=x-y", "bytes=-")) {
      ApResponse whole = s.handle(request("GET", path, "Range", ignored));
      assertEquals(200, whole.status(), ignored);
      assertEquals(1000, whole.body().length, ignored);
    }
    ApResponse changed = s.handle(request("GET", path, "Range", "bytes=0-7", "If-Range", "\"other\""));
    assertEquals(200, changed.status(), "If-Range with another validator: the whole file");
  }

  @Test
  void acceptHeaderNegotiation() {
    assertTrue(ActorServer.wantsActivityJson(get("/", null)));
    assertTrue(ActorServer.wantsActivityJson(get("/", "application/activity+json")));
    assertTrue(ActorServer.wantsActivityJson(get("/", "text/html, application/ld+json")));
    assertTrue(ActorServer.wantsActivityJson(get("/", "application/json")));
    assertFalse(ActorServer.wantsActivityJson(get("/", "text/html")));
    assertFalse(ActorServer.wantsActivityJson(get("/", "text/html, application/activity+json;q=0")));
  }
}
