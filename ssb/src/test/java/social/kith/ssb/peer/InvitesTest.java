package social.kith.ssb.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.ssb.peer.PeerFixtures.keys;
import static social.kith.ssb.peer.PeerFixtures.store;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import social.kith.crypto.Ed25519;
import social.kith.ssb.FeedId;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.MultiserverAddress;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.muxrpc.Body;
import social.kith.ssb.muxrpc.Call;
import social.kith.ssb.muxrpc.Registry;
import social.kith.ssb.muxrpc.Type;
import social.kith.ssb.net.SsbListener;
import social.kith.ssb.net.SsbTransport;
import social.kith.ssb.store.SsbStore;

/**
 * {@link Invites} against a fake pub (Kith's own transport serving {@code invite.use}): the wire path,
 * what the user publishes, and every refusal with nothing published. The real pub is in
 * {@link InvitesInteropTest}.
 */
class InvitesTest {
  private final SsbKeyPair pubKeys = keys();
  private final byte[] seed = new byte[32];
  private final AtomicReference<java.util.function.Function<FeedId, JsonValue>> answer = new AtomicReference<>();
  private final AtomicReference<String> askedFor = new AtomicReference<>();
  private final AtomicReference<String> failWith = new AtomicReference<>("invite has expired");
  private FeedId inviteKey;
  private SsbTransport pub;
  private SsbListener listener;
  private Path dir;
  private SsbStore store;
  private SsbPeer peer;

  @BeforeEach
  void setUp() throws Exception {
    new SecureRandom().nextBytes(seed);
    inviteKey = SsbKeyPair.ofSecretKey(Ed25519.fromSeed(seed).toSodiumSecretKey()).id();
    Registry registry = new Registry();
    registry.register("invite.use", Type.ASYNC, this::inviteUse);
    // like ssb-invite's auth hook: only the invite key may complete the handshake
    pub = SsbTransport.builder(pubKeys).registry(registry).authorizer(inviteKey::equals).build();
    listener = pub.listen("127.0.0.1", 0, c -> { });
    dir = Files.createTempDirectory("kith-invites");
    store = store(dir.resolve("store"));
    peer = SsbPeer.builder(keys(), store, BlobStore.open(dir.resolve("blobs"))).autoReplicate(false)
        .timeouts(social.kith.ssb.net.NetTimeouts.DEFAULT).build().start();
  }

  @AfterEach
  void tearDown() throws Exception {
    peer.close();
    pub.close();
    store.close();
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void inviteUse(Call call) {
    JsonObject req = (JsonObject) call.args().get(0);
    askedFor.set(((JsonString) req.get("feed").orElseThrow()).value());
    assertEquals(inviteKey, call.session().peer().orElseThrow(), "the pub sees the invite key, not the user's");
    JsonValue a = answer.get().apply(FeedId.parse(askedFor.get()));
    if (a == null) {
      call.fail(failWith.get());
    } else {
      call.respond(Body.json(a));
    }
  }

  private String code() {
    return new MultiserverAddress.ShsAddress("127.0.0.1", listener.port(), pubKeys.id()).toMultiserver() + ":"
        + Base64.getEncoder().encodeToString(seed);
  }

  private String legacyCode() {
    return "127.0.0.1:" + listener.port() + ":" + pubKeys.id() + "~" + Base64.getEncoder().encodeToString(seed);
  }

  /** What ssb-invite answers: the pub's published message {key, value, timestamp}. */
  private JsonValue pubMessage(JsonObject content) {
    SsbMessage m = FeedPublisher.builder().signer(pubKeys.signer()).build().publish(content);
    return JsonObject.builder().put("key", m.id().toString()).put("value", m.value()).put("timestamp", 1.0).build();
  }

  private JsonValue followOf(FeedId who) {
    return pubMessage(JsonObject.builder().put("type", "contact").put("contact", who.toString())
        .put("following", true).put("pub", true).build());
  }

  private void assertNothingPublished() {
    assertTrue(store.feedState(peer.id()).isEmpty(), "nothing may be published after a failed invite");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void usesAnInviteThenFollowsAnnouncesAndKeepsThePubConnected(boolean legacy) {
    answer.set(this::followOf);
    Invites.Accepted accepted = peer.useInvite(legacy ? legacyCode() : code());
    assertEquals(peer.id().toString(), askedFor.get());
    assertEquals(pubKeys.id(), accepted.pub());
    assertEquals("net:127.0.0.1:" + listener.port() + "~shs:" + pubKeys.id().toString().substring(1, 45),
        accepted.address());
    JsonObject follow = (JsonObject) accepted.follow().value().get("content").orElseThrow();
    assertEquals(JsonObject.builder().put("type", "contact").put("following", true).put("autofollow", true)
        .put("contact", pubKeys.id().toString()).build(), follow);
    JsonObject pubMsg = (JsonObject) accepted.announcement().value().get("content").orElseThrow();
    assertEquals(JsonObject.builder().put("type", "pub").put("address", JsonObject.builder().put("host", "127.0.0.1")
        .put("port", listener.port()).put("key", pubKeys.id().toString()).build()).build(), pubMsg);
    assertEquals(2, store.feedState(peer.id()).orElseThrow().sequence());
  }

  @Test
  void anExpiredInviteIsNotAcceptedAndNothingIsPublished() {
    answer.set(who -> null);
    InvitesException e = assertThrows(InvitesException.class, () -> peer.useInvite(code()));
    assertEquals(InvitesError.NOT_ACCEPTED, e.error());
    assertTrue(e.getMessage().contains("invite has expired"), e.getMessage());
    assertNothingPublished();
  }

  @Test
  void aUsedUpInviteKeyWithNoMethodAllowedIsRefused() {
    answer.set(who -> null);
    failWith.set("method:invite,use is not in list of allowed methods"); // secret-stack's words, as ssb-server sends them
    InvitesException e = assertThrows(InvitesException.class, () -> peer.useInvite(code()));
    assertEquals(InvitesError.REFUSED, e.error());
    assertNothingPublished();
  }

  @Test
  void anUnknownInviteKeyIsRefusedInTheHandshake() {
    answer.set(this::followOf);
    byte[] other = new byte[32];
    new SecureRandom().nextBytes(other);
    String code = new MultiserverAddress.ShsAddress("127.0.0.1", listener.port(), pubKeys.id()).toMultiserver() + ":"
        + Base64.getEncoder().encodeToString(other);
    InvitesException e = assertThrows(InvitesException.class, () -> peer.useInvite(code));
    assertEquals(InvitesError.REFUSED, e.error());
    assertEquals(null, askedFor.get(), "invite.use was never reached");
    assertNothingPublished();
  }

  @Test
  void answersThatAreNotThePubsFollowOfUsAreRefused() {
    SsbKeyPair stranger = keys();
    var badAnswers = new java.util.ArrayList<java.util.function.Function<FeedId, JsonValue>>();
    badAnswers.add(who -> new JsonString("ok"));
    badAnswers.add(who -> followOf(stranger.id())); // follows someone else
    badAnswers.add(who -> pubMessage(JsonObject.builder().put("type", "post").put("text", who.toString()).build()));
    badAnswers.add(who -> { // signed by another feed
      SsbMessage m = FeedPublisher.builder().signer(stranger.signer()).build().publish(JsonObject.builder()
          .put("type", "contact").put("contact", who.toString()).put("following", true).build());
      return JsonObject.builder().put("key", m.id().toString()).put("value", m.value()).build();
    });
    badAnswers.add(who -> { // a key that is not the value's id
      JsonObject real = (JsonObject) followOf(who);
      JsonObject other = (JsonObject) followOf(stranger.id());
      return real.with("key", other.get("key").orElseThrow());
    });
    badAnswers.add(who -> ((JsonObject) followOf(who)).with("key", new JsonString("%not-a-key")));
    for (int i = 0; i < badAnswers.size(); i++) {
      answer.set(badAnswers.get(i));
      InvitesException e = assertThrows(InvitesException.class, () -> peer.useInvite(code()), "bad answer " + i);
      assertEquals(InvitesError.BAD_ANSWER, e.error(), e.getMessage());
      assertNothingPublished();
    }
  }

  @Test
  void aPubThatNeverAnswersTimesOut() {
    answer.set(who -> {
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(5).toNanos()); // the pub stalls
      return followOf(who);
    });
    InvitesException e = assertThrows(InvitesException.class, () -> peer.useInvite(code(), Duration.ofMillis(300)));
    assertEquals(InvitesError.TIMEOUT, e.error());
    assertNothingPublished();
  }

  @Test
  void anUnreachablePubIsReported() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String code = new MultiserverAddress.ShsAddress("127.0.0.1", closedPort, pubKeys.id()).toMultiserver() + ":"
        + Base64.getEncoder().encodeToString(seed);
    InvitesException e = assertThrows(InvitesException.class, () -> peer.useInvite(code));
    assertEquals(InvitesError.UNREACHABLE, e.error());
    assertNothingPublished();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hello", "net:127.0.0.1:8008~shs:AAAA", "127.0.0.1:8008:@x.ed25519~seed",
      "net:127.0.0.1:8008~shs:Gp17pEoQ2A32SVobsWjWLD2hMA7zfyM+JhGVnlI9Uik=:AAAA",
      "net:127.0.0.1:8008~shs:Gp17pEoQ2A32SVobsWjWLD2hMA7zfyM+JhGVnlI9Uik=:!!notbase64!!",
      "net:127.0.0.1:0~shs:Gp17pEoQ2A32SVobsWjWLD2hMA7zfyM+JhGVnlI9Uik=:DI7rSXd3TTLxrgbUiwO2/d/LnYij5PxrUY2WdOuU4V4="})
  void malformedCodesAreRefusedWithoutDialling(String code) {
    InvitesException e = assertThrows(InvitesException.class, () -> peer.useInvite(code));
    assertEquals(InvitesError.INVALID_CODE, e.error(), e.getMessage());
    assertEquals(null, askedFor.get());
    assertNothingPublished();
  }

  @Test
  void anOversizedCodeIsRefusedAndTheSeedNeverShows() {
    String huge = "net:127.0.0.1:8008~shs:" + "A".repeat(100_000);
    assertEquals(InvitesError.INVALID_CODE, assertThrows(InvitesException.class, () -> peer.useInvite(huge)).error());
    String secret = Base64.getEncoder().encodeToString(seed);
    assertTrue(!Invites.parse(code()).toString().contains(secret));
    assertNothingPublished();
  }
}
