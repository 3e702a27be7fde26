package social.kith.activitypub.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The guarded POST: same checks as fetching, no redirects, never a silent second send. */
class RemotePosterTest {
  static final byte[] BODY = "{\"id\":\"https://kith.test/a/1\"}".getBytes(StandardCharsets.UTF_8);

  static FetchPolicy loopback() {
    return FetchPolicy.builder().insecureAllowLoopbackForTesting().readTimeout(Duration.ofMillis(500)).build();
  }

  @Test
  void postsTheBodyAndReturnsStatusRetryAfterAndDate() {
    try (RecordingServer server = new RecordingServer()) {
      server.route("/inbox", ex -> {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("Retry-After", "120");
        ex.sendResponseHeaders(503, -1);
      });
      RemotePoster poster = RemotePoster.builder().policy(loopback()).build();
      RemotePoster.Response r = poster.post(server.url("/inbox"),
          Map.of("Content-Type", "application/activity+json", "Signature", "keyId=\"k\""), BODY);
      assertEquals(503, r.status());
      assertEquals(Optional.of("120"), r.retryAfter());
      assertTrue(r.date().isPresent());
      RecordingServer.Received got = server.received().get(0);
      assertEquals("POST", got.method());
      assertEquals("keyId=\"k\"", got.headers().get("signature"));
      assertEquals("127.0.0.1:" + server.port(), got.headers().get("host"));
      assertEquals(RemoteFetcher.DEFAULT_USER_AGENT, got.headers().get("user-agent"));
    }
  }

  @Test
  void redirectsAreNeverFollowed() {
    try (RecordingServer server = new RecordingServer(); Tripwire wire = new Tripwire()) {
      server.redirect("/inbox", 307, "http://127.0.0.1:" + wire.port() + "/elsewhere");
      RemotePoster poster = RemotePoster.builder().policy(loopback()).build();
      assertEquals(307, poster.post(server.url("/inbox"), Map.of(), BODY).status());
      assertEquals(1, server.received().size());
      assertEquals(0, wire.connections());
    }
  }

  @Test
  void privateTargetsAreRefusedBeforeConnecting() {
    try (Tripwire wire = new Tripwire()) {
      FakeResolver dns = new FakeResolver().answer("rebind.example", "127.0.0.1");
      RemotePoster poster = RemotePoster.builder().resolver(dns).build();
      FetchException byName = assertThrows(FetchException.class,
          () -> poster.post(URI.create("https://rebind.example:" + wire.port() + "/inbox"), Map.of(), BODY));
      assertEquals(FetchError.BLOCKED_ADDRESS, byName.error());
      assertFalse(byName instanceof PostException, "a refusal is not a network failure");
      FetchException literal = assertThrows(FetchException.class,
          () -> poster.post(URI.create("https://192.168.0.10/inbox"), Map.of(), BODY));
      assertEquals(FetchError.BLOCKED_ADDRESS, literal.error());
      FetchException plain = assertThrows(FetchException.class,
          () -> poster.post(URI.create("http://127.0.0.1:" + wire.port() + "/inbox"), Map.of(), BODY));
      assertEquals(FetchError.BLOCKED_SCHEME, plain.error());
      assertEquals(0, wire.connections(), "nothing connected");
    }
  }

  @Test
  void aDroppedConnectionAfterTheBodyIsAnAmbiguousFailureSentOnce() {
    try (RecordingServer server = new RecordingServer()) {
      server.route("/inbox", ex -> ex.getRequestBody().readAllBytes());
      RemotePoster poster = RemotePoster.builder().policy(loopback()).build();
      PostException e = assertThrows(PostException.class, () -> poster.post(server.url("/inbox"), Map.of(), BODY));
      assertTrue(e.requestMayHaveBeenSent(), e.getMessage());
      assertTrue(e.error().isNetworkFailure());
      assertEquals(1, server.received().size(), "OkHttp did not retry the POST by itself");
    }
  }

  @Test
  void aRefusedConnectionWasNotSent() {
    Tripwire closed = new Tripwire();
    int port = closed.port();
    closed.close();
    RemotePoster poster = RemotePoster.builder().policy(loopback()).build();
    PostException e = assertThrows(PostException.class,
        () -> poster.post(URI.create("http://127.0.0.1:" + port + "/inbox"), Map.of(), BODY));
    assertFalse(e.requestMayHaveBeenSent());
    assertEquals(FetchError.CONNECTION_FAILED, e.error());
  }

  @Test
  void aKeepAliveConnectionThePeerClosedWhileIdleIsRetriedOnceOnANewConnection() {
    try (KeepAliveSink sink = new KeepAliveSink(n -> KeepAliveSink.Behaviour.ANSWER_THEN_CLOSE)) {
      RemotePoster poster = RemotePoster.builder().policy(loopback()).build();
      for (int i = 0; i < 3; i++) {
        assertEquals(202, poster.post(sink.url("/inbox"), Map.of(), BODY).status(), "post " + i);
      }
      assertEquals(3, sink.posts().size(), "each POST reached the peer exactly once");
      assertEquals(3, sink.requestLines(), "the request on the closed connection never reached the peer's HTTP layer");
      assertEquals(3, sink.connections(), "first, the new one after the stale failure, and a new pooled one");
    }
  }

  @Test
  void aResetInTheMiddleOfARequestOnAReusedConnectionIsRetriedOnce() {
    try (KeepAliveSink sink = new KeepAliveSink(n -> n == 0
        ? KeepAliveSink.Behaviour.ANSWER_THEN_RESET_MID_REQUEST : KeepAliveSink.Behaviour.ANSWER)) {
      RemotePoster poster = RemotePoster.builder().policy(loopback()).build();
      assertEquals(202, poster.post(sink.url("/inbox"), Map.of(), BODY).status());
      assertEquals(202, poster.post(sink.url("/inbox"), Map.of(), BODY).status());
      assertEquals(2, sink.posts().size());
      assertEquals(3, sink.requestLines(), "the second POST was cut off once and sent again");
      assertEquals(2, sink.connections());
    }
  }

  @Test
  void theRetryAfterAStaleConnectionIsNeverRepeated() {
    try (KeepAliveSink sink = new KeepAliveSink(n -> n == 0
        ? KeepAliveSink.Behaviour.ANSWER_THEN_CLOSE : KeepAliveSink.Behaviour.DROP)) {
      RemotePoster poster = RemotePoster.builder().policy(loopback()).build();
      assertEquals(202, poster.post(sink.url("/inbox"), Map.of(), BODY).status());
      PostException e = assertThrows(PostException.class, () -> poster.post(sink.url("/inbox"), Map.of(), BODY));
      assertTrue(e.requestMayHaveBeenSent(), e.getMessage());
      assertEquals(FetchError.CONNECTION_FAILED, e.error());
      assertEquals(2, sink.posts().size(), "the first POST and the one retry, which the peer dropped");
      assertEquals(2, sink.connections());
    }
  }

  @Test
  void aDropOnANewConnectionIsNotRetriedEvenAfterEarlierKeepAliveUse() {
    try (KeepAliveSink sink = new KeepAliveSink(n -> KeepAliveSink.Behaviour.DROP)) {
      RemotePoster poster = RemotePoster.builder().policy(loopback()).build();
      for (int i = 0; i < 2; i++) {
        PostException e = assertThrows(PostException.class, () -> poster.post(sink.url("/inbox"), Map.of(), BODY));
        assertTrue(e.requestMayHaveBeenSent());
      }
      assertEquals(2, sink.posts().size(), "one POST per call (checklist item 66)");
      assertEquals(2, sink.connections());
    }
  }

  @Test
  void aTimeoutOnAReusedConnectionIsNotRetried() {
    try (KeepAliveSink sink = new KeepAliveSink(n -> KeepAliveSink.Behaviour.ANSWER_THEN_HANG)) {
      RemotePoster poster = RemotePoster.builder().policy(loopback()).build();
      assertEquals(202, poster.post(sink.url("/inbox"), Map.of(), BODY).status());
      PostException e = assertThrows(PostException.class, () -> poster.post(sink.url("/inbox"), Map.of(), BODY));
      assertEquals(FetchError.TIMEOUT, e.error());
      assertEquals(2, sink.posts().size(), "a slow peer may be processing the POST: it is not sent again");
      assertEquals(1, sink.connections());
    }
  }
}
