package social.kith.activitypub.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fetcher against a real HTTP server on 127.0.0.1: items 27, 28, 32, 42, 43 and 45. */
final class RemoteFetcherTest {
  static final String AS2 = "application/activity+json";

  private final RecordingServer server = new RecordingServer();
  private final RecordingServer other = new RecordingServer();
  private final FakeResolver resolver = new FakeResolver();

  @AfterEach
  void stop() {
    server.close();
    other.close();
  }

  static FetchPolicy.Builder testPolicy() {
    return FetchPolicy.builder().insecureAllowLoopbackForTesting()
        .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(1)).deadline(Duration.ofSeconds(2));
  }

  private RemoteFetcher fetcher() {
    return RemoteFetcher.builder().policy(testPolicy().build()).resolver(resolver).build();
  }

  private String note(RecordingServer s, String path) {
    return "{\"id\":\"" + s.base() + path + "\",\"type\":\"Note\",\"content\":\"hi\"}";
  }

  @Test
  void fetchesAnActivityWithTheActivityPubAcceptHeader() {
    server.serve("/notes/1", AS2 + "; charset=utf-8", note(server, "/notes/1"));
    JsonDocument d = fetcher().fetchActivity(server.url("/notes/1"));
    assertEquals(server.url("/notes/1"), d.finalUri());
    assertEquals("hi", d.json().get("content").asText());
    RecordingServer.Received r = server.received().get(0);
    assertTrue(r.headers().get("accept").contains("application/activity+json"));
    assertTrue(r.headers().get("accept").contains("profile=\"https://www.w3.org/ns/activitystreams\""));
    assertEquals(RemoteFetcher.DEFAULT_USER_AGENT, r.headers().get("user-agent"));
    assertNull(r.headers().get("signature"), "unsigned without a signer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"image/png", "text/html", "application/json", "application/octet-stream",
      "application/ld+json", "application/ld+json; profile=\"https://example.com/other\"", "text/plain",
      "application/activity+json-evil", "application/activity+json; \"broken", ""})
  void refusesSpoofedContentTypes(String contentType) {
    server.serve("/n", contentType.isEmpty() ? null : contentType, note(server, "/n"));
    FetchException e = assertThrows(FetchException.class, () -> fetcher().fetchActivity(server.url("/n")));
    assertEquals(FetchError.UNSUPPORTED_CONTENT_TYPE, e.error(), contentType);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/activity+json", "Application/Activity+JSON; charset=utf-8",
      "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
      "application/ld+json;profile=\"https://www.w3.org/ns/activitystreams https://w3id.org/security/v1\""})
  void acceptsActivityStreamsContentTypes(String contentType) {
    server.serve("/n", contentType, note(server, "/n"));
    assertEquals("Note", fetcher().fetchActivity(server.url("/n")).json().get("type").asText());
  }

  @Test
  void capsTheBodyWhileStreamingWhateverContentLengthSays() {
    byte[] big = new byte[300_000];
    java.util.Arrays.fill(big, (byte) ' ');
    server.route("/chunked", ex -> {
      ex.getResponseHeaders().set("Content-Type", AS2);
      ex.sendResponseHeaders(200, 0); // chunked: no Content-Length to trust
      try (OutputStream out = ex.getResponseBody()) {
        for (int i = 0; i < 20; i++) {
          out.write(big);
        }
      } catch (IOException clientHungUp) {
        // expected once the cap is hit
      }
    });
    server.route("/declared", ex -> {
      ex.getResponseHeaders().set("Content-Type", AS2);
      ex.sendResponseHeaders(200, 5_000_000);
    });
    RemoteFetcher f = RemoteFetcher.builder().policy(testPolicy().maxBodyBytes(1024 * 1024).build()).build();
    assertEquals(FetchError.BODY_TOO_LARGE,
        assertThrows(FetchException.class, () -> f.fetch(server.url("/chunked"), DocumentKind.ACTIVITY)).error());
    assertEquals(FetchError.BODY_TOO_LARGE,
        assertThrows(FetchException.class, () -> f.fetch(server.url("/declared"), DocumentKind.ACTIVITY)).error());
  }

  @Test
  void countsDecodedBytesOfAGzipBomb() throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 20; i++) {
        gz.write(zeros);
      }
    }
    byte[] bomb = zipped.toByteArray();
    assertTrue(bomb.length < 100_000, "20 MiB of zeros compress to " + bomb.length);
    server.route("/bomb", ex -> {
      ex.getResponseHeaders().set("Content-Type", AS2);
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
      ex.sendResponseHeaders(200, bomb.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bomb);
      } catch (IOException clientHungUp) {
        // expected
      }
    });
    assertEquals(FetchError.BODY_TOO_LARGE, assertThrows(FetchException.class,
        () -> fetcher().fetch(server.url("/bomb"), DocumentKind.ACTIVITY)).error());
  }

  @Test
  void aTricklingBodyIsCutOffByTheTotalDeadline() {
    server.route("/trickle", ex -> {
      ex.getResponseHeaders().set("Content-Type", AS2);
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        out.write('{');
        out.flush();
        // one byte every 100 ms, forever (until the test ends): never idle long enough for the read timeout
        while (!server.release.await(100, TimeUnit.MILLISECONDS)) {
          out.write(' ');
          out.flush();
        }
      } catch (IOException | InterruptedException clientHungUp) {
        // the client gave up: that is the point
      }
    });
    RemoteFetcher f = RemoteFetcher.builder().policy(testPolicy()
        .readTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(1)).build()).build();
    long start = System.nanoTime();
    FetchException e = assertThrows(FetchException.class, () -> f.fetch(server.url("/trickle"), DocumentKind.ACTIVITY));
    assertEquals(FetchError.DEADLINE_EXCEEDED, e.error(), e.getMessage());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "safety net against a hang");
  }

  @Test
  void aServerThatAcceptsAndNeverAnswersHitsTheDeadline() throws IOException {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 10, java.net.InetAddress.getByName("127.0.0.1"))) {
      RemoteFetcher f = RemoteFetcher.builder().policy(testPolicy()
          .readTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(1)).build()).build();
      FetchException e = assertThrows(FetchException.class, () -> f.fetch(
          URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"), DocumentKind.ACTIVITY));
      assertEquals(FetchError.DEADLINE_EXCEEDED, e.error(), e.getMessage());
      assertTrue(e.error().isNetworkFailure());
    }
  }

  @Test
  void followsUpToFiveRedirectsAndRefusesTheSixth() {
    for (int i = 0; i < 7; i++) {
      server.redirect("/hop" + i, 302, "/hop" + (i + 1));
    }
    server.serve("/hop7", AS2, note(server, "/hop7"));
    server.redirect("/five0", 301, "/hop3"); // five0 -> hop3 -> 4 -> 5 -> 6 -> 7: five redirects
    JsonDocument d = fetcher().fetchActivity(server.url("/five0"));
    assertEquals(server.url("/hop7"), d.finalUri());
    FetchException e = assertThrows(FetchException.class, () -> fetcher().fetchActivity(server.url("/hop0")));
    assertEquals(FetchError.TOO_MANY_REDIRECTS, e.error());
    assertEquals(2, server.hits("/hop5"));
    assertEquals(1, server.hits("/hop6"), "the sixth redirect of the hop0 chain was never followed");
  }

  @Test
  void refusesRedirectLoops() {
    server.redirect("/a", 302, other.base() + "/b");
    other.redirect("/b", 307, server.base() + "/a");
    assertEquals(FetchError.REDIRECT_LOOP,
        assertThrows(FetchException.class, () -> fetcher().fetchActivity(server.url("/a"))).error());
    assertEquals(1, server.hits("/a"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:///etc/passwd", "data:application/activity+json,{}", "ftp://example.com/",
      "gopher://example.com/", "jar:file:/x.jar!/y"})
  void refusesRedirectsToOtherSchemes(String location) {
    server.redirect("/r", 302, location);
    assertEquals(FetchError.BLOCKED_SCHEME,
        assertThrows(FetchException.class, () -> fetcher().fetch(server.url("/r"), DocumentKind.ACTIVITY)).error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[fd00::1]/",
      "http://0x7f.1/", "http://2130706433/", "http://user@example.com/", "http://internal.onion/"})
  void reChecksEveryRedirectTarget(String location) {
    server.redirect("/r", 302, location);
    FetchException e = assertThrows(FetchException.class, () -> fetcher().fetch(server.url("/r"), DocumentKind.ACTIVITY));
    assertTrue(e.error() == FetchError.BLOCKED_ADDRESS || e.error() == FetchError.BLOCKED_HOST, e.getMessage());
    assertEquals(server.url("/r"), e.uri(), "errors name the requested URL");
  }

  @Test
  void redirectToAPrivateHostNameIsRefusedAtDnsAndNeverConnects() {
    try (Tripwire wire = new Tripwire()) {
      resolver.answer("metadata.test", "10.0.0.7");
      server.redirect("/r", 302, "http://metadata.test:" + wire.port() + "/");
      assertEquals(FetchError.BLOCKED_ADDRESS,
          assertThrows(FetchException.class, () -> fetcher().fetch(server.url("/r"), DocumentKind.ACTIVITY)).error());
      assertEquals(List.of("metadata.test"), resolver.lookups());
      assertEquals(0, wire.connections());
    }
  }

  @Test
  void signsOnlyHopsOnTheRequestedOrigin() {
    List<String> signed = new CopyOnWriteArrayList<>();
    RequestSigner signer = (method, uri, headers, body) -> {
      signed.add(method + " " + uri + " host=" + headers.get("host") + " date=" + headers.get("date"));
      return Map.of("Signature", "keyId=\"k\",signature=\"s\"");
    };
    server.redirect("/start", 307, "/moved");
    server.redirect("/moved", 307, other.base() + "/elsewhere");
    other.serve("/elsewhere", AS2, note(other, "/elsewhere"));
    RemoteFetcher f = RemoteFetcher.builder().policy(testPolicy().build()).signer(signer)
        .clock(InstantSource.fixed(Instant.parse("2024-01-02T03:04:05Z"))).build();
    f.fetchActivity(server.url("/start"));
    assertEquals(List.of(
        "GET " + server.url("/start") + " host=127.0.0.1:" + server.port() + " date=Tue, 02 Jan 2024 03:04:05 GMT",
        "GET " + server.url("/moved") + " host=127.0.0.1:" + server.port() + " date=Tue, 02 Jan 2024 03:04:05 GMT"),
        signed);
    assertNotNull(server.received().get(0).headers().get("signature"));
    assertNotNull(server.received().get(1).headers().get("signature"), "same-origin hop is signed again");
    assertNull(other.received().get(0).headers().get("signature"), "no signature leaks to another origin");
    assertEquals("Tue, 02 Jan 2024 03:04:05 GMT", server.received().get(0).headers().get("date"));
  }

  @Test
  void aSignedRequestRedirectedToAPrivateAddressIsRefused() {
    List<URI> signed = new CopyOnWriteArrayList<>();
    server.redirect("/s", 307, "http://192.168.0.10/secret");
    RemoteFetcher f = RemoteFetcher.builder().policy(testPolicy().build())
        .signer((m, u, h, b) -> {
          signed.add(u);
          return Map.of("signature", "x");
        }).build();
    assertEquals(FetchError.BLOCKED_ADDRESS,
        assertThrows(FetchException.class, () -> f.fetch(server.url("/s"), DocumentKind.ACTIVITY)).error());
    assertEquals(List.of(server.url("/s")), signed);
  }

  @Test
  void reportsHttpStatus() {
    server.route("/gone", ex -> RecordingServer.respond(ex, 410, "text/plain", "gone"));
    FetchException e = assertThrows(FetchException.class, () -> fetcher().fetchActivity(server.url("/gone")));
    assertEquals(FetchError.HTTP_STATUS, e.error());
    assertEquals(410, e.status());
  }

  @Test
  void sameOriginIdIsRefetchedOnceFromItsId() {
    server.serve("/n/1", AS2, note(server, "/n/2"));
    server.serve("/n/2", AS2, note(server, "/n/2"));
    JsonDocument d = fetcher().fetchActivity(server.url("/n/1"));
    assertEquals(server.url("/n/2"), d.finalUri());
    assertEquals(server.url("/n/1"), d.requestedUri());
    assertEquals(1, server.hits("/n/2"));
  }

  @Test
  void aRefetchThatChangesIdAgainIsRefused() {
    server.serve("/n/1", AS2, note(server, "/n/2"));
    server.serve("/n/2", AS2, note(server, "/n/3"));
    assertEquals(FetchError.ORIGIN_MISMATCH,
        assertThrows(FetchException.class, () -> fetcher().fetchActivity(server.url("/n/1"))).error());
    assertEquals(0, server.hits("/n/3"), "no second refetch");
  }

  @Test
  void anIdOnAnotherOriginIsRefused() {
    server.serve("/n/1", AS2, "{\"id\":\"https://b.example/n/1\",\"type\":\"Note\"}");
    assertEquals(FetchError.ORIGIN_MISMATCH,
        assertThrows(FetchException.class, () -> fetcher().fetchActivity(server.url("/n/1"))).error());
  }

  @Test
  void theIdIsCheckedAgainstTheFinalUrlAfterRedirects() {
    server.redirect("/n/1", 302, other.base() + "/n/1");
    other.serve("/n/1", AS2, note(server, "/n/1")); // claims to be the original
    assertEquals(FetchError.ORIGIN_MISMATCH,
        assertThrows(FetchException.class, () -> fetcher().fetchActivity(server.url("/n/1"))).error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"type\":\"Note\"}", "{\"id\":42}", "{\"id\":\"urn:uuid:1\"}", "{\"id\":{\"id\":\"x\"}}"})
  void documentsWithoutAnHttpIdAreRefused(String body) {
    server.serve("/x", AS2, body);
    assertEquals(FetchError.MISSING_ID,
        assertThrows(FetchException.class, () -> fetcher().fetchActivity(server.url("/x"))).error());
  }

  @Test
  void malformedAndHostileJsonIsRefused() {
    String deep = "[".repeat(100_000);
    server.serve("/deep", AS2, "{\"id\":\"" + server.base() + "/deep\",\"a\":" + deep + "}");
    server.serve("/dup", AS2, "{\"id\":\"" + server.base() + "/dup\",\"id\":\"https://evil.example/\"}");
    server.serve("/num", AS2, "{\"id\":\"" + server.base() + "/num\",\"n\":" + "9".repeat(10_000) + "}");
    server.serve("/array", AS2, "[1,2]");
    server.serve("/trailing", AS2, "{\"id\":\"" + server.base() + "/trailing\"} {}");
    for (String p : List.of("/deep", "/dup", "/num", "/array", "/trailing")) {
      FetchException e = assertThrows(FetchException.class, () -> fetcher().fetchActivity(server.url(p)));
      assertEquals(FetchError.INVALID_JSON, e.error(), p);
    }
  }

  @Test
  void dnsIsCheckedOnEveryAddressAndRefusalMeansNoConnection() {
    try (Tripwire wire = new Tripwire()) {
      FetchPolicy docs = FetchPolicy.builder().insecureAllowDocumentationRangesForTesting().build();
      RemoteFetcher f = RemoteFetcher.builder().policy(docs).resolver(resolver).build();
      resolver.answer("mixed.test", "203.0.113.9", "127.0.0.1");
      resolver.answer("private.test", "10.0.0.5");
      for (String host : List.of("mixed.test", "private.test")) {
        FetchException e = assertThrows(FetchException.class,
            () -> f.fetch(URI.create("https://" + host + ":" + wire.port() + "/"), DocumentKind.ACTIVITY));
        assertEquals(FetchError.BLOCKED_ADDRESS, e.error(), host);
      }
      assertEquals(0, wire.connections());
    }
  }

  @Test
  void aRebindingResolverCannotSwapInAPrivateAddressAfterACheck() {
    try (Tripwire wire = new Tripwire()) {
      FetchPolicy docs = FetchPolicy.builder().insecureAllowDocumentationRangesForTesting().build();
      RemoteFetcher f = RemoteFetcher.builder().policy(docs).resolver(resolver).build();
      resolver.answer("rebind.test", "198.51.100.7").answer("rebind.test", "127.0.0.1");
      assertEquals(1, f.guard().resolve("rebind.test").size(), "the application's own check sees a public address");
      FetchException e = assertThrows(FetchException.class,
          () -> f.fetch(URI.create("https://rebind.test:" + wire.port() + "/"), DocumentKind.ACTIVITY));
      assertEquals(FetchError.BLOCKED_ADDRESS, e.error());
      assertEquals(List.of("rebind.test", "rebind.test"), resolver.lookups(), "the connection used its own checked answer");
      assertEquals(0, wire.connections());
    }
  }

  @Test
  void theSocketItselfRefusesASpecialUseAddress() {
    try (Tripwire wire = new Tripwire()) {
      RemoteFetcher f = RemoteFetcher.builder().policy(FetchPolicy.defaults()).resolver(resolver).build();
      // bypass the URL check on purpose: only the socket-level guard stands between OkHttp and 127.0.0.1
      Request raw = new Request.Builder().url("http://127.0.0.1:" + wire.port() + "/").build();
      IOException e = assertThrows(IOException.class, () -> f.guardedClient().newCall(raw).execute().close());
      assertTrue(hasRefusal(e), "refused by the guard: " + e);
      assertEquals(0, wire.connections());
    }
  }

  private static boolean hasRefusal(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SsrfGuard.GuardRefusal) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        if (hasRefusal(s)) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void reusesTheCallersClientButNotItsRedirectOrDnsSettings() {
    okhttp3.OkHttpClient mine = new okhttp3.OkHttpClient.Builder().followRedirects(true).build();
    RemoteFetcher f = RemoteFetcher.builder().client(mine).policy(testPolicy().build()).build();
    assertFalse(f.guardedClient().followRedirects());
    assertTrue(f.guardedClient().connectionPool() == mine.connectionPool(), "the pool is shared");
    assertTrue(f.guardedClient().dispatcher() == mine.dispatcher());
    server.redirect("/r", 302, "http://10.1.2.3/");
    assertEquals(FetchError.BLOCKED_ADDRESS,
        assertThrows(FetchException.class, () -> f.fetch(server.url("/r"), DocumentKind.ACTIVITY)).error());
  }

  @Test
  void plainHttpNeedsTheTestSwitch() {
    server.serve("/n", AS2, note(server, "/n"));
    RemoteFetcher strict = RemoteFetcher.builder().build();
    assertEquals(FetchError.BLOCKED_SCHEME,
        assertThrows(FetchException.class, () -> strict.fetch(server.url("/n"), DocumentKind.ACTIVITY)).error());
    assertTrue(server.received().isEmpty());
  }

  @Test
  void bodyTextUsesTheDeclaredCharset() {
    server.route("/latin", ex -> {
      ex.getResponseHeaders().set("Content-Type", "text/html; charset=ISO-8859-1");
      byte[] b = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
    });
    FetchedDocument d = fetcher().fetch(server.url("/latin"), DocumentKind.ACTIVITY_OR_HTML);
    assertTrue(d.isHtml());
    assertEquals("caf\u00e9", d.text());
  }
}
