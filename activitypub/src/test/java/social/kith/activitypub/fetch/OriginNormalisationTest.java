package social.kith.activitypub.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import social.kith.activitypub.discovery.DiscoveryError;
import social.kith.activitypub.discovery.DiscoveryException;
import social.kith.activitypub.discovery.Handle;
import social.kith.activitypub.discovery.WebFingerClient;

/** Item 37: one canonical origin function; spoofed spellings are either the same origin or refused. */
final class OriginNormalisationTest {
  private static final Origin VICTIM = new Origin("https", "victim.example", 443);

  @ParameterizedTest
  @ValueSource(strings = {
      "https://victim.example/",
      "https://VICTIM.example/",
      "https://Victim.Example./users/a",
      "https://victim.example:443/",
      "https://victim.example.:443/x?y#z",
      "HTTPS://victim.example/",
      "https://\uff56\uff49\uff43\uff54\uff49\uff4d.example/", // fullwidth letters: IDNA maps them to ASCII
  })
  void spellingsOfTheSameServerHaveOneCanonicalOrigin(String url) {
    Origin o = Origin.parse(url).orElseThrow(() -> new AssertionError("no origin for " + url));
    assertEquals(VICTIM, o, url);
    assertEquals("https://victim.example", o.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://victim.example.evil.com/",
      "https://evil.com/victim.example",
      "https://evil.com/?https://victim.example/",
      "https://victim.example:8443/",
      "http://victim.example/",
      "https://v\u0456ctim.example/", // Cyrillic i: a homograph is another name
      "https://victim.example-evil.com/",
      "https://evilvictim.example/",
  })
  void lookAlikesAreOtherOrigins(String url) {
    Origin o = Origin.parse(url).orElseThrow(() -> new AssertionError("no origin for " + url));
    assertNotEquals(VICTIM, o, url);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://victim.example@evil.com/",
      "https://victim.example:443@evil.com/",
      "https://user:pass@victim.example/",
      "https://victim.example\\@evil.com/",
      "ftp://victim.example/",
      "acct:alice@victim.example",
      "//victim.example/",
      "https:///",
      "",
  })
  void userinfoAndNonHttpUrlsHaveNoOrigin(String url) {
    assertEquals(Optional.empty(), Origin.parse(url), url);
  }

  @Test
  void originOfRefusesWhatParseRefuses() {
    assertThrows(IllegalArgumentException.class, () -> Origin.of(URI.create("https://victim.example@evil.com/")));
    assertEquals(VICTIM, Origin.of(URI.create("https://VICTIM.example.:443/a")));
  }

  @Test
  void punycodeAndUnicodeSpellingsAreOneOrigin() {
    Origin unicode = Origin.parse("https://b\u00fccher.example/").orElseThrow();
    assertEquals(unicode, Origin.parse("https://xn--bcher-kva.example/").orElseThrow());
    assertEquals(unicode, Origin.parse("https://B\u00dcCHER.example./").orElseThrow());
    assertEquals("xn--bcher-kva.example", unicode.host());
  }

  @Test
  void theFetcherComparesIdsByCanonicalOrigin() {
    ObjectNode doc = Actors.JSON.createObjectNode();
    doc.put("id", "https://VICTIM.example.:443/notes/1");
    assertEquals(URI.create("https://VICTIM.example.:443/notes/1"), RemoteFetcher.checkedActivity(
        URI.create("https://victim.example/notes/1"), URI.create("https://victim.example/notes/1"), doc).id().orElseThrow());
    for (String spoof : new String[] {"https://victim.example@evil.com/notes/1", "https://victim.example.evil.com/notes/1"}) {
      doc.put("id", spoof);
      FetchException e = assertThrows(FetchException.class, () -> RemoteFetcher.checkedActivity(
          URI.create("https://victim.example/notes/1"), URI.create("https://victim.example/notes/1"), doc));
      assertEquals(FetchError.ORIGIN_MISMATCH, e.error(), spoof);
    }
    doc.put("id", "https://victim.example@evil.com/notes/1");
    assertEquals(FetchError.ORIGIN_MISMATCH, assertThrows(FetchException.class, () -> RemoteFetcher.checkedActivity(
        URI.create("https://evil.com/notes/1"), URI.create("https://evil.com/notes/1"), doc)).error(),
        "an id with userinfo is refused even where its host matches");
  }

  @ParameterizedTest
  @ValueSource(strings = {"acct:a@b@c", "@a@b@c", "a@victim.example@evil.com", "a@victim.example/evil", "a@", "@victim.example",
      "a@victim.example#x", "a@victim.example?x", "a@victim%2eexample", "a b@victim.example"})
  void malformedHandlesAreRefused(String text) {
    assertEquals(DiscoveryError.INVALID_HANDLE, assertThrows(DiscoveryException.class, () -> Handle.parse(text)).error(), text);
  }

  @Test
  void handleSpellingsOfOneAccountAreOneHandle() {
    Handle h = Handle.parse("acct:alice@victim.example");
    assertEquals(h, Handle.parse("@alice@VICTIM.example."));
    assertEquals(h, Handle.parse("alice@victim.example:443"));
    assertTrue(h.isNamedBy("acct:ALICE@Victim.Example."));
    assertTrue(!h.isNamedBy("acct:alice@victim.example.evil.com"));
    assertTrue(!h.isNamedBy("acct:alice@victim.example@evil.com"));
  }

  /** WebFinger: victim.test and evil.test both resolve to this local server, which answers by Host header. */
  private final RecordingServer server = new RecordingServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private WebFingerClient webFinger(String victimSubject, String evilSubject) {
    server.route("/.well-known/webfinger", ex -> {
      String host = ex.getRequestHeaders().getFirst("Host");
      String subject = host.startsWith("victim.test") ? victimSubject : evilSubject;
      ObjectNode jrd = Actors.JSON.createObjectNode();
      jrd.put("subject", subject);
      ObjectNode link = jrd.putArray("links").addObject();
      link.put("rel", "self").put("type", "application/activity+json")
          .put("href", "http://" + host + "/users/alice");
      RecordingServer.respond(ex, 200, "application/jrd+json", jrd.toString());
    });
    FakeResolver dns = new FakeResolver().answer("victim.test", "127.0.0.1").answer("evil.test", "127.0.0.1");
    return WebFingerClient.insecurePlainHttpForTesting(RemoteFetcher.builder()
        .policy(RemoteFetcherTest.testPolicy().build()).resolver(dns).build());
  }

  private String victimHost() {
    return "victim.test:" + server.port();
  }

  private String evilHost() {
    return "evil.test:" + server.port();
  }

  @Test
  void aWebFingerSubjectInAnotherSpellingOfTheSameHostIsAccepted() {
    WebFingerClient wf = webFinger("acct:alice@VICTIM.test.:" + server.port(), "unused");
    WebFingerClient.Result r = wf.lookup(Handle.parse("alice@" + victimHost()));
    assertEquals(r.requested(), r.canonical());
    assertEquals(1, server.received().size(), "no confirmation round-trip for the same host");
  }

  @Test
  void aWebFingerSubjectNamingAnotherHostThatDoesNotConfirmIsRefused() {
    WebFingerClient wf = webFinger("acct:alice@" + evilHost(), "acct:mallory@" + evilHost());
    assertEquals(DiscoveryError.SUBJECT_MISMATCH,
        assertThrows(DiscoveryException.class, () -> wf.lookup(Handle.parse("alice@" + victimHost()))).error());
    assertEquals(2, server.received().size());
    assertTrue(server.received().stream().noneMatch(r -> r.pathAndQuery().startsWith("/users/")), "no actor fetched");
  }

  @Test
  void aWebFingerSubjectThatIsNotOneHandleIsRefusedWithoutFollowingIt() {
    WebFingerClient wf = webFinger("acct:alice@" + victimHost() + "@" + evilHost(), "acct:alice@" + evilHost());
    assertEquals(DiscoveryError.SUBJECT_MISMATCH,
        assertThrows(DiscoveryException.class, () -> wf.lookup(Handle.parse("alice@" + victimHost()))).error());
    assertEquals(1, server.received().size(), "the evil host was never asked");
  }

  @Test
  void aConfirmedDelegationNamesTheOtherHostNotTheVictim() {
    WebFingerClient wf = webFinger("acct:alice@" + evilHost(), "acct:alice@" + evilHost());
    WebFingerClient.Result r = wf.lookup(Handle.parse("alice@" + victimHost()));
    assertEquals("evil.test", r.canonical().hostName(), "the canonical handle shows where the account really is");
    assertEquals("evil.test", Origin.of(r.actorId()).host());
    String second = URLDecoder.decode(server.received().get(1).pathAndQuery(), StandardCharsets.UTF_8);
    assertTrue(second.endsWith("resource=acct:alice@" + evilHost()), second);
  }
}
