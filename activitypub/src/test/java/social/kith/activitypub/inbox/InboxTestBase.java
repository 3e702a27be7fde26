package social.kith.activitypub.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import social.kith.activitypub.fetch.FakeClock;
import social.kith.activitypub.server.ActorUrls;
import social.kith.activitypub.server.ApRequest;
import social.kith.activitypub.server.ApResponse;
import social.kith.activitypub.server.FakeKeys;
import social.kith.activitypub.server.FakeRemote;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.activitypub.server.InMemoryFollowerStore;
import social.kith.activitypub.server.LocalActor;
import social.kith.activitypub.server.LocalActors;
import social.kith.activitypub.server.RequestAuthenticator;
import social.kith.activitypub.signature.HttpSignatureVerifier;
import social.kith.activitypub.vocab.AsObject;
import social.kith.core.testing.RecordingEventSink;

/** A local server with alice (open) and carol (locked), remote actors, and spies on every output. */
abstract class InboxTestBase {
  static final URI BASE = URI.create("https://kith.example");
  static final ActorUrls URLS = new ActorUrls(BASE);
  static final FakeRemote BOB = FakeRemote.at("https://remote.example/users/bob");
  static final FakeRemote EVE = FakeRemote.at("https://evil.example/users/eve");
  static final FakeRemote DAN = FakeRemote.at("https://other.example/users/dan");
  static final URI ALICE = URLS.actor("alice");
  static final URI CAROL = URLS.actor("carol");

  /** What {@link Outgoing} was asked to send. */
  record Sent(String local, AsObject activity, URI recipient) {}

  FakeClock clock;
  LocalActors.InMemory actors;
  InMemoryFollowerStore store;
  RecordingEventSink events;
  List<ReceivedActivity> heard;
  List<Sent> sent;
  FakeKeys keys;
  Moderation moderation;

  @BeforeEach
  void setUpBase() {
    clock = new FakeClock();
    actors = LocalActors.inMemory().put(LocalActor.person("alice", "Alice", BOB.publicKeyPem()))
        .put(LocalActor.person("carol", "Carol", BOB.publicKeyPem()).locked(true));
    store = new InMemoryFollowerStore();
    events = new RecordingEventSink();
    heard = new CopyOnWriteArrayList<>();
    sent = new CopyOnWriteArrayList<>();
    keys = new FakeKeys().add(BOB).add(EVE).add(DAN);
    moderation = new Moderation();
  }

  Inbox inbox() {
    return inbox(b -> { });
  }

  Inbox inbox(Consumer<Inbox.Builder> tweak) {
    Inbox.Builder b = Inbox.builder().urls(URLS).actors(actors).followers(store)
        .authenticator(RequestAuthenticator.of(HttpSignatureVerifier.builder().clock(clock).build(), keys))
        .events(events).outgoing((l, a, r) -> sent.add(new Sent(l, a, r))).moderation(moderation).clock(clock);
    for (String type : Inbox.TYPES) {
      b.on(type, heard::add);
    }
    tweak.accept(b);
    return b.build();
  }

  ApRequest post(FakeRemote from, String json) {
    return from.post(URLS.sharedInbox(), json, clock);
  }

  static String follow(String id, URI actor, URI object) {
    return "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"" + id + "\",\"type\":\"Follow\","
        + "\"actor\":\"" + actor + "\",\"object\":\"" + object + "\"}";
  }

  static String activity(String type, String id, URI actor, String objectJson) {
    return "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"" + id + "\",\"type\":\"" + type
        + "\",\"actor\":\"" + actor + "\",\"object\":" + objectJson + "}";
  }

  static String note(String id, URI author, String extra) {
    return "{\"id\":\"" + id + "\",\"type\":\"Note\",\"attributedTo\":\"" + author + "\",\"content\":\"<p>hi</p>\","
        + "\"published\":\"2025-01-01T00:00:00Z\",\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"]"
        + extra + "}";
  }

  static String quoted(Object s) {
    return "\"" + s + "\"";
  }

  /** The follower store's whole content, to compare before and after a refused delivery. */
  List<Object> storeSnapshot() {
    List<Object> all = new ArrayList<>();
    for (String name : List.of("alice", "carol")) {
      for (Direction d : Direction.values()) {
        all.add(store.list(name, d));
      }
    }
    return all;
  }

  /** A refused delivery: the status, and nothing ran, was stored, sent or remembered. */
  void assertRefused(Inbox inbox, ApRequest request, int status, InboxError reason) {
    List<Object> before = storeSnapshot();
    int heardBefore = heard.size();
    int eventsBefore = events.events().size();
    int sentBefore = sent.size();
    long remembered = inbox.rememberedActivities();
    ApResponse r = inbox.receive(request, java.util.Optional.empty());
    assertEquals(status, r.status(), r.bodyText());
    assertTrue(r.bodyText().startsWith(reason.name()), r.bodyText());
    assertEquals(heardBefore, heard.size(), "no listener ran");
    assertEquals(eventsBefore, events.events().size(), "no event was raised");
    assertEquals(sentBefore, sent.size(), "nothing was sent");
    assertEquals(before, storeSnapshot(), "nothing was stored");
    assertEquals(remembered, inbox.rememberedActivities(), "the activity id was not remembered");
  }
}
