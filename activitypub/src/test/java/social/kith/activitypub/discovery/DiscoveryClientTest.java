package social.kith.activitypub.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.fetch.ActorResolver;
import social.kith.activitypub.fetch.FetchError;
import social.kith.activitypub.fetch.FetchException;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.activitypub.fetch.RecordingServer;
import social.kith.activitypub.fetch.RemoteFetcher;

/** WebFinger, NodeInfo and lookup against HTTP servers on 127.0.0.1, including item 44's indirect URLs. */
final class DiscoveryClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RecordingServer server = new RecordingServer();
  private final RecordingServer other = new RecordingServer();
  private final RemoteFetcher fetcher = RemoteFetcher.builder().policy(FetchPolicy.builder()
      .insecureAllowLoopbackForTesting().connectTimeout(Duration.ofSeconds(1)).deadline(Duration.ofSeconds(2)).build())
      .build();
  private final WebFingerClient webFinger = WebFingerClient.insecurePlainHttpForTesting(fetcher);
  private final ActorResolver actors = ActorResolver.create(fetcher);
  private final ActorLookup lookup = ActorLookup.create(fetcher, actors, webFinger);

  @AfterEach
  void stop() {
    server.close();
    other.close();
  }

  private String host(RecordingServer s) {
    return "127.0.0.1:" + s.port();
  }

  private void serveJrd(RecordingServer s, String subject, String actorHref) {
    ObjectNode jrd = JSON.createObjectNode();
    jrd.put("subject", subject);
    ObjectNode link = jrd.putArray("links").addObject();
    link.put("rel", "self");
    link.put("type", "application/activity+json");
    link.put("href", actorHref);
    s.serve("/.well-known/webfinger", "application/jrd+json", jrd.toString());
  }

  private URI serveActor(RecordingServer s, String path) {
    String id = s.base() + path;
    ObjectNode a = JSON.createObjectNode();
    a.put("id", id);
    a.put("type", "Person");
    a.put("preferredUsername", "alice");
    a.put("inbox", id + "/inbox");
    s.serve(path, "application/activity+json", a.toString());
    return URI.create(id);
  }

  @Test
  void resolvesAHandleThroughWebFinger() {
    URI actor = serveActor(server, "/users/alice");
    serveJrd(server, "acct:alice@" + host(server), actor.toString());
    ActorLookup.Result r = lookup.lookup("@alice@" + host(server));
    assertEquals(actor, r.id());
    assertEquals(Optional.of(Handle.parse("alice@" + host(server))), r.handle());
    assertEquals("Person", r.actor().orElseThrow().type());
    String query = server.received().get(0).pathAndQuery();
    assertEquals("/.well-known/webfinger?resource=acct:alice@" + host(server), java.net.URLDecoder.decode(query,
        java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(server.received().get(0).headers().get("accept").contains("application/jrd+json"));
  }

  @Test
  void aSubjectForSomeoneElseOnTheSameHostIsRefused() {
    serveJrd(server, "acct:mallory@" + host(server), server.base() + "/users/mallory");
    DiscoveryException e = assertThrows(DiscoveryException.class, () -> lookup.lookup("@alice@" + host(server)));
    assertEquals(DiscoveryError.SUBJECT_MISMATCH, e.error());
    assertEquals(0, server.hits("/users/mallory"), "the actor was never fetched");
  }

  @Test
  void aDelegatedSubjectMustBeConfirmedByItsOwnHost() {
    URI actor = serveActor(other, "/users/alice");
    serveJrd(server, "acct:alice@" + host(other), actor.toString());
    serveJrd(other, "acct:alice@" + host(other), actor.toString());
    ActorLookup.Result r = lookup.lookup("@alice@" + host(server));
    assertEquals(Optional.of(Handle.parse("@alice@" + host(other))), r.handle(), "the canonical handle");
    assertEquals(actor, r.id());
  }

  @Test
  void anUnconfirmedDelegationIsRefused() {
    serveJrd(server, "acct:alice@" + host(other), other.base() + "/users/alice");
    serveJrd(other, "acct:bob@" + host(other), other.base() + "/users/bob");
    assertEquals(DiscoveryError.SUBJECT_MISMATCH,
        assertThrows(DiscoveryException.class, () -> lookup.lookup("@alice@" + host(server))).error());
    assertEquals(0, other.hits("/users/alice"));
  }

  @Test
  void aJrdWithoutAnActivityStreamsSelfLinkHasNoActor() {
    server.serve("/.well-known/webfinger", "application/jrd+json", "{\"subject\":\"acct:alice@" + host(server)
        + "\",\"links\":[{\"rel\":\"self\",\"type\":\"text/html\",\"href\":\"" + server.base() + "/@alice\"}]}");
    assertEquals(DiscoveryError.NO_ACTOR_LINK,
        assertThrows(DiscoveryException.class, () -> lookup.lookup("alice@" + host(server))).error());
  }

  @Test
  void aBrokenJrdIsATypedError() {
    server.serve("/.well-known/webfinger", "application/jrd+json", "{\"links\":{\"rel\":\"self\"}}");
    assertEquals(DiscoveryError.INVALID_JRD,
        assertThrows(DiscoveryException.class, () -> lookup.lookup("alice@" + host(server))).error());
  }

  @Test
  void aWebFingerLinkToAPrivateAddressIsRefused() {
    serveJrd(server, "acct:alice@" + host(server), "http://10.0.0.1/users/alice");
    FetchException e = assertThrows(FetchException.class, () -> lookup.lookup("@alice@" + host(server)));
    assertEquals(FetchError.BLOCKED_ADDRESS, e.error());
    assertTrue(actors.cached(URI.create("http://10.0.0.1/users/alice")).isEmpty());
  }

  @Test
  void readsNodeInfoThroughTheWellKnownLink() {
    server.serve("/.well-known/nodeinfo", "application/json", "{\"links\":[{\"rel\":"
        + "\"http://nodeinfo.diaspora.software/ns/schema/2.0\",\"href\":\"" + server.base() + "/nodeinfo/2.0\"},"
        + "{\"rel\":\"http://nodeinfo.diaspora.software/ns/schema/2.1\",\"href\":\"" + server.base() + "/nodeinfo/2.1\"}]}");
    server.serve("/nodeinfo/2.1", "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"",
        "{\"version\":\"2.1\",\"software\":{\"name\":\"kithtest\",\"version\":\"1.0\"},\"protocols\":[\"activitypub\"],"
            + "\"services\":{\"inbound\":[],\"outbound\":[]},\"openRegistrations\":false,"
            + "\"usage\":{\"users\":{\"total\":3}},\"metadata\":{}}");
    NodeInfo info = NodeInfoClient.create(fetcher, webFinger).lookup(host(server));
    assertEquals("kithtest", info.softwareName());
    assertEquals("2.1", info.version());
    assertEquals(0, server.hits("/nodeinfo/2.0"));
  }

  @Test
  void aNodeInfoLinkToAPrivateAddressIsRefused() {
    server.serve("/.well-known/nodeinfo", "application/json", "{\"links\":[{\"rel\":"
        + "\"http://nodeinfo.diaspora.software/ns/schema/2.0\",\"href\":\"http://10.0.0.1/nodeinfo\"}]}");
    assertEquals(FetchError.BLOCKED_ADDRESS, assertThrows(FetchException.class,
        () -> NodeInfoClient.create(fetcher, webFinger).lookup(host(server))).error());
  }

  @Test
  void looksUpActorsAndObjectsByUrl() {
    URI actor = serveActor(server, "/users/alice");
    assertEquals("Person", lookup.lookup(actor.toString()).actor().orElseThrow().type());
    server.serve("/notes/1", "application/activity+json",
        "{\"id\":\"" + server.base() + "/notes/1\",\"type\":\"Note\",\"content\":\"hello\"}");
    ActorLookup.Result note = lookup.lookup(server.base() + "/notes/1");
    assertEquals(Optional.empty(), note.actor());
    assertEquals("hello", note.document().json().get("content").asText());
  }

  @Test
  void followsAnHtmlPagesAlternateLinkOnce() {
    URI actor = serveActor(server, "/users/alice");
    server.serve("/@alice", "text/html; charset=utf-8", "<!doctype html><html><head><title>alice</title>"
        + "<link rel=\"alternate\" type=\"application/activity+json\" href=\"/users/alice\"></head><body/></html>");
    assertEquals(actor, lookup.lookup(server.base() + "/@alice").id());
    server.serve("/@nolink", "text/html", "<html><head></head></html>");
    assertEquals(DiscoveryError.NO_ALTERNATE_LINK,
        assertThrows(DiscoveryException.class, () -> lookup.lookup(server.base() + "/@nolink")).error());
    server.serve("/@evil", "text/html",
        "<link rel=alternate type=application/activity+json href=\"http://169.254.169.254/latest/meta-data\">");
    assertEquals(FetchError.BLOCKED_ADDRESS,
        assertThrows(FetchException.class, () -> lookup.lookup(server.base() + "/@evil")).error());
    server.serve("/@loop", "text/html", "<link rel=alternate type=application/activity+json href=\"/@loop\">");
    assertEquals(FetchError.UNSUPPORTED_CONTENT_TYPE,
        assertThrows(FetchException.class, () -> lookup.lookup(server.base() + "/@loop")).error(),
        "the alternate link is fetched as ActivityStreams only: no HTML chains");
  }

  @Test
  void plainHttpWebFingerNeedsAFetcherThatAllowsIt() {
    assertThrows(IllegalStateException.class,
        () -> WebFingerClient.insecurePlainHttpForTesting(RemoteFetcher.builder().build()));
    assertEquals("https", WebFingerClient.create(RemoteFetcher.builder().build())
        .urlFor(Handle.parse("@a@example.com")).getScheme());
  }

  @Test
  void unrecognisedQueriesAreTypedErrors() {
    assertEquals(DiscoveryError.INVALID_HANDLE,
        assertThrows(DiscoveryException.class, () -> lookup.lookup("not a handle")).error());
    assertEquals(DiscoveryError.UNRECOGNISED_QUERY,
        assertThrows(DiscoveryException.class, () -> lookup.lookup("ftp://example.com/x")).error());
    assertTrue(server.received().isEmpty());
  }
}
