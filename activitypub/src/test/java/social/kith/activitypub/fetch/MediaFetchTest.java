package social.kith.activitypub.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import social.kith.activitypub.media.MediaSamples;

/**
 * Remote media go through the same guard as documents (checklist item 44: an attachment {@code url}
 * on a private address is refused before connecting), with the media allowlist, a caller's byte cap
 * while streaming, and a file-signature check. Only 127.0.0.1 is ever contacted.
 */
final class MediaFetchTest {
  private final RecordingServer server = new RecordingServer();
  private final FakeResolver resolver = new FakeResolver();

  @AfterEach
  void stop() {
    server.close();
  }

  private RemoteFetcher loopbackFetcher() {
    return RemoteFetcher.builder().policy(RemoteFetcherTest.testPolicy().build()).resolver(resolver)
        .signer((m, u, h, b) -> Map.of("Signature", "keyId=\"k\",signature=\"s\"")).build();
  }

  static void bytes(HttpExchange ex, String contentType, byte[] body) throws IOException {
    if (contentType != null) {
      ex.getResponseHeaders().set("Content-Type", contentType);
    }
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void fetchesAllowedMediaUnsignedWithAMediaAcceptHeader() {
    byte[] png = MediaSamples.png("remote");
    server.route("/a.png", ex -> bytes(ex, "image/png", png));
    FetchedDocument d = loopbackFetcher().fetchMedia(server.url("/a.png"), 1024);
    assertArrayEquals(png, d.body());
    assertEquals("image/png", d.mediaType());
    assertEquals(server.url("/a.png"), d.finalUri());
    RecordingServer.Received r = server.received().get(0);
    assertTrue(r.headers().get("accept").contains("image/png"), r.headers().get("accept"));
    assertFalse(r.headers().get("accept").contains("html"));
    assertNull(r.headers().get("signature"), "media requests are never signed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/html", "image/svg+xml", "application/octet-stream", "application/json",
      "application/activity+json", "text/plain", "image/*", "image/png-evil", ""})
  void refusesTypesOutsideTheAllowlistBeforeReadingTheBody(String contentType) {
    server.route("/m", ex -> bytes(ex, contentType.isEmpty() ? null : contentType, MediaSamples.png("x")));
    FetchException e = assertThrows(FetchException.class, () -> loopbackFetcher().fetchMedia(server.url("/m"), 1024));
    assertEquals(FetchError.UNSUPPORTED_CONTENT_TYPE, e.error(), contentType);
  }

  @Test
  void aBodyThatIsNotItsDeclaredTypeIsRefused() {
    byte[] html = "<!DOCTYPE html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
    server.route("/fake.png", ex -> bytes(ex, "image/png", html));
    server.route("/fake.mp4", ex -> bytes(ex, "video/mp4; codecs=avc1", MediaSamples.ftyp("avif", "mif1")));
    assertEquals(FetchError.MEDIA_MISMATCH, assertThrows(FetchException.class,
        () -> loopbackFetcher().fetchMedia(server.url("/fake.png"), 1024)).error());
    assertEquals(FetchError.MEDIA_MISMATCH, assertThrows(FetchException.class,
        () -> loopbackFetcher().fetchMedia(server.url("/fake.mp4"), 1024)).error());
  }

  @Test
  void theCallersCapCutsTheBodyOffWhileItStreams() {
    byte[] start = MediaSamples.png("endless");
    server.route("/endless.png", ex -> {
      ex.getResponseHeaders().set("Content-Type", "image/png");
      ex.sendResponseHeaders(200, 0); // chunked: no length to trust
      try (OutputStream out = ex.getResponseBody()) {
        out.write(start);
        for (int i = 0; i < 100; i++) {
          out.write(new byte[64 * 1024]);
        }
      } catch (IOException clientHungUp) {
        // expected once the cap is hit
      }
    });
    server.route("/declared.png", ex -> {
      ex.getResponseHeaders().set("Content-Type", "image/png");
      ex.sendResponseHeaders(200, 50_000_000);
    });
    RemoteFetcher f = loopbackFetcher();
    assertEquals(FetchError.BODY_TOO_LARGE, assertThrows(FetchException.class,
        () -> f.fetchMedia(server.url("/endless.png"), 100_000)).error());
    assertEquals(FetchError.BODY_TOO_LARGE, assertThrows(FetchException.class,
        () -> f.fetchMedia(server.url("/declared.png"), 1_000_000)).error());
    assertThrows(IllegalArgumentException.class, () -> f.fetchMedia(server.url("/a.png"), 0));
    assertThrows(IllegalArgumentException.class,
        () -> f.fetchMedia(server.url("/a.png"), RemoteFetcher.MAX_MEDIA_BYTES + 1));
  }

  @Test
  void anAttachmentHostResolvingToLoopbackOrAPrivateAddressIsRefusedBeforeConnecting() {
    try (Tripwire wire = new Tripwire()) {
      // the secure defaults: no loopback switch, a scripted resolver (no real DNS)
      RemoteFetcher f = RemoteFetcher.builder().policy(FetchPolicy.defaults()).resolver(resolver).build();
      resolver.answer("media.test", "127.0.0.1");
      resolver.answer("metadata.test", "169.254.169.254");
      resolver.answer("lan.test", "10.0.0.5");
      for (String host : List.of("media.test", "metadata.test", "lan.test")) {
        FetchException e = assertThrows(FetchException.class,
            () -> f.fetchMedia(URI.create("https://" + host + ":" + wire.port() + "/a.png"), 1024));
        assertEquals(FetchError.BLOCKED_ADDRESS, e.error(), host);
      }
      FetchException literal = assertThrows(FetchException.class,
          () -> f.fetchMedia(URI.create("https://127.0.0.1:" + wire.port() + "/a.png"), 1024));
      assertEquals(FetchError.BLOCKED_ADDRESS, literal.error());
      assertEquals(0, wire.connections(), "nothing connected");
    }
  }

  @Test
  void aRedirectToAPrivateAddressIsRefusedBeforeConnecting() {
    try (Tripwire wire = new Tripwire()) {
      resolver.answer("metadata.test", "169.254.169.254");
      server.redirect("/a.png", 302, "http://metadata.test:" + wire.port() + "/latest/meta-data");
      FetchException e = assertThrows(FetchException.class,
          () -> loopbackFetcher().fetchMedia(server.url("/a.png"), 1024));
      assertEquals(FetchError.BLOCKED_ADDRESS, e.error());
      assertEquals(List.of("metadata.test"), resolver.lookups());
      assertEquals(0, wire.connections());
    }
  }
}
