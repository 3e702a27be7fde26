package social.kith.activitypub.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
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
import social.kith.activitypub.signature.Headers;
import social.kith.activitypub.signature.HttpSignatureVerifier;
import social.kith.core.testing.RecordingEventSink;

/** Hostile headers and documents never escape the inbox as exceptions, and only the actor's own signature counts. */
final class InboxProperties {
  static final ActorUrls URLS = new ActorUrls(URI.create("https://kith.example"));
  static final FakeRemote BOB = FakeRemote.at("https://remote.example/users/bob");
  static final FakeRemote EVE = FakeRemote.at("https://evil.example/users/eve");

  final FakeClock clock = new FakeClock();
  final InMemoryFollowerStore store = new InMemoryFollowerStore();
  final RecordingEventSink events = new RecordingEventSink();
  final List<ReceivedActivity> heard = new CopyOnWriteArrayList<>();
  final Inbox inbox;

  InboxProperties() {
    Inbox.Builder b = Inbox.builder().urls(URLS)
        .actors(LocalActors.inMemory().put(LocalActor.person("alice", "Alice", BOB.publicKeyPem())))
        .followers(store).events(events).clock(clock).outgoing((l, a, r) -> { })
        .rateLimit(new RateLimit(1_000_000, java.time.Duration.ofSeconds(1), 100))
        .authenticator(RequestAuthenticator.of(HttpSignatureVerifier.builder().clock(clock).build(),
            new FakeKeys().add(BOB).add(EVE)));
    for (String t : Inbox.TYPES) {
      b.on(t, heard::add);
    }
    inbox = b.build();
  }

  @Provide
  Arbitrary<String> headerValues() {
    Arbitrary<String> pieces = Arbitraries.of("keyId=", "\"", ",", "signature=", "headers=", "algorithm=",
        "\"(request-target) host date digest\"", "\"hs2019\"", "\"https://remote.example/users/bob#main-key\"",
        "=", " ", "\\\"", "Signature ", "sig1=", ":AAAA:", "\u00e9");
    return pieces.list().ofMaxSize(40).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Arbitraries.strings().ofMaxLength(2000).map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  // Shrinking off: samples are small already, and shrinking these mapped lists trips jqwik's shrinker.
  @Property(tries = 300, shrinking = ShrinkingMode.OFF)
  void garbageSignaturesAreRefusedWithNothingDone(@ForAll("headerValues") String signature,
      @ForAll("headerValues") String input, @ForAll("bodies") byte[] body) {
    Headers.Builder h = Headers.builder().add("Host", "kith.example").add("Signature", signature);
    if (!input.isEmpty()) {
      h.add("Signature-Input", input);
    }
    ApResponse r = inbox.receive(ApRequest.of("POST", URLS.sharedInbox(), h.build(), body), Optional.empty());
    assertTrue(Set.of(400, 401, 413).contains(r.status()), r.status() + " " + r.bodyText());
    assertTrue(heard.isEmpty());
    assertTrue(events.events().isEmpty());
    assertTrue(store.list("alice", Direction.FOLLOWERS).isEmpty());
  }

  @Provide
  Arbitrary<String> activities() {
    Arbitrary<String> type = Arbitraries.of("Follow", "Undo", "Create", "Update", "Delete", "Like", "EmojiReact",
        "Announce", "Block", "Move", "Flag", "Accept", "Reject", "Note", "Person", "Bogus");
    Arbitrary<String> actor = Arbitraries.of("\"https://remote.example/users/bob\"", "\"https://evil.example/users/eve\"",
        "\"https://kith.example/users/alice\"", "[]", "42", "{\"id\":\"https://remote.example/users/bob\"}",
        "[\"https://remote.example/users/bob\",\"https://evil.example/users/eve\"]");
    Arbitrary<String> id = Arbitraries.of("\"https://remote.example/a/1\"", "\"https://evil.example/a/1\"",
        "\"https://kith.example/a/1\"", "null", "\"urn:x\"", "7");
    Arbitrary<String> object = Arbitraries.of("\"https://kith.example/users/alice\"", "\"https://remote.example/n/1\"",
        "{\"id\":\"https://remote.example/n/1\",\"type\":\"Note\",\"attributedTo\":\"https://remote.example/users/bob\","
            + "\"content\":\"hi\"}",
        "{\"id\":\"https://victim.example/n/1\",\"type\":\"Note\",\"attributedTo\":\"https://remote.example/users/bob\"}",
        "{\"type\":\"Follow\",\"actor\":\"https://remote.example/users/bob\",\"object\":\"https://kith.example/users/alice\"}",
        "[]", "null", "{\"id\":\"https://kith.example/users/alice/statuses/1\",\"type\":\"Note\"}");
    return Combinators.combine(type, actor, id, object).as((t, a, i, o) ->
        "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"type\":\"" + t + "\",\"actor\":" + a + ",\"id\":" + i
            + ",\"object\":" + o + "}");
  }

  // Shrinking off: samples are small already, and shrinking these mapped lists trips jqwik's shrinker.
  @Property(tries = 300, shrinking = ShrinkingMode.OFF)
  void signedDocumentsGetAStatusNeverAnExceptionAndOnlyBobActsAsBob(@ForAll("activities") String json) {
    int before = heard.size();
    ApResponse r = inbox.receive(BOB.post(URLS.sharedInbox(), json, clock), Optional.empty());
    assertTrue(Set.of(202, 400, 401, 403).contains(r.status()), r.status() + " " + r.bodyText() + " for " + json);
    if (r.status() != 202) {
      assertEquals(before, heard.size(), "a refused delivery ran a listener");
    }
    heard.stream().skip(before).forEach(a -> assertEquals(BOB.actor(), a.actor()));
    ApResponse forged = inbox.receive(EVE.post(URLS.sharedInbox(), json.replace("evil.example", "remote.example"), clock),
        Optional.empty());
    assertTrue(Set.of(400, 401).contains(forged.status()), forged.status() + " for " + json);
  }
}
