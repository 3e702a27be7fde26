package social.kith.activitypub.inbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import social.kith.activitypub.fetch.ActorResolver;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.activitypub.fetch.KeyResolver;
import social.kith.activitypub.fetch.RemoteFetcher;
import social.kith.activitypub.interop.FedifyServer;
import social.kith.activitypub.server.ActorServer;
import social.kith.activitypub.server.ActorUrls;
import social.kith.activitypub.server.ApHandler;
import social.kith.activitypub.server.ApServer;
import social.kith.activitypub.server.FollowState;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.activitypub.server.InMemoryFollowerStore;
import social.kith.activitypub.server.InMemoryObjectStore;
import social.kith.activitypub.server.KeyLookup;
import social.kith.activitypub.server.LocalActor;
import social.kith.activitypub.server.LocalActors;
import social.kith.activitypub.server.RequestAuthenticator;
import social.kith.activitypub.signature.Headers;
import social.kith.activitypub.signature.HttpMessage;
import social.kith.activitypub.signature.HttpSignatureVerifier;
import social.kith.activitypub.signature.HttpSigner;
import social.kith.activitypub.signature.SignatureGeneration;
import social.kith.activitypub.signature.SigningCredential;
import social.kith.activitypub.vocab.AsObject;
import social.kith.core.event.Event;
import social.kith.core.model.Visibility;
import social.kith.core.testing.Eventually;
import social.kith.core.testing.RecordingEventSink;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaKeys;
import social.kith.crypto.RsaPrivateKey;

/**
 * Kith's actor server and inbox against a real Fedify 2.3.6 on loopback: Fedify follows, replies,
 * likes, boosts, edits, deletes and sends a DM to a Kith actor; Kith verifies Fedify's signatures
 * (RFC 9421 from one peer, draft-cavage from the other), records and surfaces each, and answers the
 * follow with an Accept (a direct signed POST here: delivery is the outbox module's job) that
 * Fedify verifies in turn.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class FedifyInboxInteropTest {
  private static final RsaPrivateKey KEY = RsaKeys.generate(2048);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static FedifyServer rfc;
  private static FedifyServer cavage;
  private static ApServer server;
  private static ActorUrls urls;
  private static InMemoryFollowerStore follows;
  private static RecordingEventSink events;
  private static final List<ReceivedActivity> heard = new CopyOnWriteArrayList<>();
  private static final List<String> generations = new CopyOnWriteArrayList<>();
  private static final List<Integer> acceptStatuses = new CopyOnWriteArrayList<>();
  private static ExecutorService outgoingPool;

  @BeforeAll
  static void start() throws Exception {
    rfc = FedifyServer.start("--first-knock", "rfc9421");
    cavage = FedifyServer.start("--first-knock", "draft-cavage-http-signatures-12");
    AtomicReference<ApHandler> handler = new AtomicReference<>();
    server = ApServer.builder().handler(r -> handler.get().handle(r)).bind("127.0.0.1", 0).build().start();
    urls = new ActorUrls(server.uri());
    LocalActors.InMemory actors = LocalActors.inMemory()
        .put(LocalActor.person("alice", "Kith Alice", Pem.writeSpki(KEY.verifyingKey())));
    follows = new InMemoryFollowerStore();
    events = new RecordingEventSink();
    RemoteFetcher fetcher = RemoteFetcher.builder().policy(FetchPolicy.builder().insecureAllowLoopbackForTesting()
        .connectTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(20)).build()).build();
    ActorResolver actorResolver = ActorResolver.create(fetcher);
    RequestAuthenticator auth = RequestAuthenticator.of(HttpSignatureVerifier.builder().build(),
        KeyLookup.of(KeyResolver.create(fetcher, actorResolver)));
    outgoingPool = Executors.newSingleThreadExecutor();
    Inbox.Builder ib = Inbox.builder().urls(urls).actors(actors).followers(follows).authenticator(auth).events(events)
        .fetcher(DocumentFetcher.of(fetcher))
        .outgoing((local, activity, recipient) -> outgoingPool.execute(() -> deliver(activity,
            actorResolver.resolve(recipient).inbox())));
    for (String t : Inbox.TYPES) {
      ib.on(t, heard::add);
    }
    Inbox inbox = ib.build();
    handler.set(ActorServer.builder().base(server.uri()).actors(actors).followers(follows)
        .objects(new InMemoryObjectStore()).authenticator(auth).inbox((req, local) -> {
          generations.add(req.headers().contains("signature-input") ? "rfc9421" : "cavage");
          return inbox.receive(req, local);
        }).build());
  }

  /** Kith's Accept, signed with alice's key, straight to the follower's inbox. */
  private static void deliver(AsObject activity, URI inbox) {
    try {
      byte[] body = activity.toJson().getBytes(UTF_8);
      HttpMessage.Request r = HttpMessage.Request.of("POST", inbox, Headers.of("Host", inbox.getRawAuthority(),
          "Content-Type", "application/activity+json", "Accept", "application/activity+json"), body);
      HttpSigner signer = HttpSigner.builder()
          .credential(SigningCredential.of(urls.keyId("alice").toString(), KEY)).build();
      Headers signed = signer.signed(r, SignatureGeneration.CAVAGE_12).headers();
      HttpRequest.Builder b = HttpRequest.newBuilder(inbox).timeout(Duration.ofSeconds(20))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      for (String name : signed.names()) {
        if (!name.equalsIgnoreCase("host")) {
          signed.all(name).forEach(v -> b.header(name, v));
        }
      }
      acceptStatuses.add(HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    } catch (Exception e) {
      acceptStatuses.add(-1);
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (outgoingPool != null) {
      outgoingPool.shutdownNow();
    }
    for (FedifyServer p : new FedifyServer[] {rfc, cavage}) {
      if (p != null) {
        p.close();
      }
    }
  }

  private static JsonNode send(FedifyServer peer, String type, Map<String, String> extra) {
    JsonNode reply = peer.send("alice", type, urls.actor("alice"), urls.inbox("alice"), extra);
    assertTrue(reply.get("ok").asBoolean(), "Fedify could not deliver " + type + ": " + reply);
    return reply;
  }

  @Test
  void fedifyFollowsWithEitherSignatureGenerationAndKithAccepts() {
    for (FedifyServer peer : List.of(rfc, cavage)) {
      int before = generations.size();
      JsonNode reply = send(peer, "Follow", Map.of());
      assertEquals(FollowState.ACCEPTED, follows.get("alice", Direction.FOLLOWERS, peer.actor()).orElseThrow().state());
      assertEquals(Optional.of(URI.create(reply.get("id").asText())),
          follows.get("alice", Direction.FOLLOWERS, peer.actor()).orElseThrow().activityId());
      assertEquals(peer == rfc ? "rfc9421" : "cavage", generations.get(before),
          "Fedify's first knock was verified as is");
      // Kith's Accept reaches Fedify, which verifies Kith's signature and hands it to its listener.
      Eventually.await("Fedify to receive the Accept", Duration.ofSeconds(30), () -> peer.latestEvents().stream()
          .anyMatch(e -> "activity".equals(e.path("event").asText()) && "Accept".equals(e.path("type").asText())));
    }
    assertTrue(events.events(Event.Followed.class).size() >= 2);
    assertTrue(acceptStatuses.stream().allMatch(s -> s >= 200 && s < 300), "Accept statuses: " + acceptStatuses);
  }

  @Test
  void fedifyUnfollows() {
    JsonNode follow = send(cavage, "Follow", Map.of());
    assertTrue(follows.get("alice", Direction.FOLLOWERS, cavage.actor()).isPresent());
    send(cavage, "Undo", Map.of("followId", follow.get("id").asText()));
    assertTrue(follows.get("alice", Direction.FOLLOWERS, cavage.actor()).isEmpty());
    assertTrue(events.events(Event.Unfollowed.class).stream()
        .anyMatch(e -> e.follower().value().equals(cavage.actor().toString())));
  }

  @Test
  void repliesLikesBoostsEditsDeletesAndDirectMessagesReachListeners() {
    URI localPost = urls.object("alice", "statuses", "1");
    JsonNode created = send(rfc, "Create", Map.of("inReplyTo", localPost.toString(),
        "mentionName", "@alice@" + urls.authority()));
    String noteId = created.get("object").asText();
    send(rfc, "Like", Map.of("object", localPost.toString()));
    send(cavage, "Announce", Map.of("object", localPost.toString()));
    send(rfc, "Update", Map.of("noteId", noteId, "content", "<p>edited</p>"));
    send(rfc, "Delete", Map.of("noteId", noteId));
    send(cavage, "DM", Map.of("content", "<p>psst</p>"));

    assertTrue(events.events(Event.Replied.class).stream().anyMatch(e -> e.reply().id().value().equals(noteId)));
    assertTrue(events.events(Event.Mentioned.class).stream()
        .anyMatch(e -> e.mentioned().value().equals(urls.actor("alice").toString())));
    assertTrue(events.events(Event.Liked.class).stream().anyMatch(e -> e.post().value().equals(localPost.toString())
        && e.actor().value().equals(rfc.actor().toString())));
    assertTrue(events.events(Event.Shared.class).stream().anyMatch(e -> e.actor().value()
        .equals(cavage.actor().toString())));
    assertTrue(events.events(Event.Edited.class).stream().anyMatch(e -> e.post().id().value().equals(noteId)));
    assertTrue(events.events(Event.Deleted.class).stream().anyMatch(e -> e.post().value().equals(noteId)));
    assertTrue(events.events(Event.PostReceived.class).stream().anyMatch(e -> e.post().visibility() == Visibility.DIRECT
        && e.post().author().value().equals(cavage.actor().toString())));
    for (String type : List.of("Create", "Like", "Announce", "Update", "Delete")) {
      assertTrue(heard.stream().anyMatch(a -> a.type().equals(type)), "a listener saw " + type);
    }
  }

  @Test
  void unsignedAndWronglySignedPostsAreRefusedWithNothingStored() throws Exception {
    int heardBefore = heard.size();
    int eventsBefore = events.events().size();
    List<?> followersBefore = follows.list("alice", Direction.FOLLOWERS);
    String follow = "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"" + rfc.actor()
        + "/forged/1\",\"type\":\"Follow\",\"actor\":\"" + rfc.actor() + "\",\"object\":\"" + urls.actor("alice")
        + "\"}";
    HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(urls.inbox("alice"))
        .header("Content-Type", "application/activity+json").POST(HttpRequest.BodyPublishers.ofString(follow))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, unsigned.statusCode());

    // Signed with a real, resolvable key (Kith's own alice), but claiming to be Fedify's actor.
    byte[] body = follow.getBytes(UTF_8);
    URI inbox = urls.inbox("alice");
    HttpMessage.Request r = HttpMessage.Request.of("POST", inbox, Headers.of("Host", inbox.getRawAuthority(),
        "Content-Type", "application/activity+json"), body);
    Headers signed = HttpSigner.builder().credential(SigningCredential.of(urls.keyId("alice").toString(), KEY))
        .build().signed(r, SignatureGeneration.CAVAGE_12).headers();
    HttpRequest.Builder b = HttpRequest.newBuilder(inbox).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (String name : signed.names()) {
      if (!name.equalsIgnoreCase("host")) {
        signed.all(name).forEach(v -> b.header(name, v));
      }
    }
    HttpResponse<String> forged = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, forged.statusCode());
    assertEquals("SIGNER_NOT_ACTOR", forged.body());

    assertEquals(heardBefore, heard.size());
    assertEquals(eventsBefore, events.events().size());
    assertEquals(followersBefore, follows.list("alice", Direction.FOLLOWERS));
  }
}
