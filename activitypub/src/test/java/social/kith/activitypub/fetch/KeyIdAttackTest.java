package social.kith.activitypub.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Item 21: a keyId is attacker-chosen. Each row is refused before any connection (the tripwire
 * counts connections) with its typed error, through both {@link KeyResolver#resolve} and
 * {@link KeyResolver#refreshAfterSignatureFailure}, and leaves every cache empty.
 */
final class KeyIdAttackTest {
  private static final String AS2 = "application/activity+json";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "http://127.0.0.1:6379/                 | BLOCKED_SCHEME",
      "http://127.0.0.1:PORT/#main-key        | BLOCKED_SCHEME",
      "https://127.0.0.1:PORT/#main-key       | BLOCKED_ADDRESS",
      "https://127.0.0.1:6379/                | BLOCKED_ADDRESS",
      "https://[::1]:PORT/                    | BLOCKED_ADDRESS",
      "https://[::ffff:127.0.0.1]:PORT/       | BLOCKED_ADDRESS",
      "https://169.254.169.254/latest/meta-data/ | BLOCKED_ADDRESS",
      "https://10.0.0.1/actor#key             | BLOCKED_ADDRESS",
      "https://localhost:PORT/                | BLOCKED_HOST",
      "https://2130706433:PORT/               | BLOCKED_HOST",
      "https://0x7f.1:PORT/                   | BLOCKED_HOST",
      "https://0177.0.0.1:PORT/               | BLOCKED_HOST",
      "https://redis.onion/key                | BLOCKED_HOST",
      "https://victim.example@127.0.0.1:PORT/ | BLOCKED_HOST",
      "https://rebind.test:PORT/users/a#k     | BLOCKED_ADDRESS",
      "file:///etc/passwd                     | BLOCKED_SCHEME",
      "gopher://127.0.0.1:PORT/_INFO%0d%0a    | BLOCKED_SCHEME",
      "ftp://127.0.0.1:PORT/key               | BLOCKED_SCHEME",
      "acct:alice@blocked.example             | BLOCKED_SCHEME",
      "data:application/activity+json,%7B%7D  | BLOCKED_SCHEME",
      "jar:file:///tmp/x.jar!/key             | BLOCKED_SCHEME",
      "/users/alice#main-key                  | INVALID_URL",
  })
  void aHostileKeyIdIsRefusedBeforeConnecting(String template, FetchError expected) {
    try (Tripwire wire = new Tripwire()) {
      URI keyId = URI.create(template.replace("PORT", Integer.toString(wire.port())));
      // the secure defaults; the resolver maps one name to loopback, as a rebinding attacker's DNS would
      RemoteFetcher strict = RemoteFetcher.builder()
          .resolver(new FakeResolver().answer("rebind.test", "127.0.0.1")).build();
      ActorResolver actors = ActorResolver.create(strict);
      KeyResolver keys = KeyResolver.create(strict, actors);
      assertEquals(expected, assertThrows(FetchException.class, () -> keys.resolve(keyId)).error());
      assertEquals(expected, assertThrows(FetchException.class, () -> keys.refreshAfterSignatureFailure(keyId)).error());
      assertEquals(0, wire.connections(), "nothing connected");
      assertEquals(0, keys.cachedKeys());
      assertEquals(0, actors.cachedActors());
      assertTrue(keys.cached(keyId).isEmpty());
    }
  }

  @Test
  void aFiftyMegabyteKeyDocumentIsCutOffAtTheCap() {
    try (RecordingServer server = new RecordingServer()) {
      AtomicLong written = new AtomicLong();
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) ' ');
      server.route("/key", ex -> {
        ex.getResponseHeaders().set("Content-Type", AS2);
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
          out.write('{');
          while (written.get() < 50L * 1024 * 1024) {
            out.write(chunk);
            written.addAndGet(chunk.length);
          }
        } catch (IOException clientHungUp) {
          // expected once the cap is hit
        }
      });
      server.route("/declared", ex -> {
        ex.getResponseHeaders().set("Content-Type", AS2);
        ex.sendResponseHeaders(200, 50L * 1024 * 1024);
      });
      RemoteFetcher f = RemoteFetcher.builder().policy(RemoteFetcherTest.testPolicy().build()).build();
      KeyResolver keys = KeyResolver.create(f, ActorResolver.create(f));
      URI streamed = server.url("/key#main-key");
      URI declared = server.url("/declared#main-key");
      // the body is refused once 1 MiB was read (OkHttp may still drain the rest of the stream
      // briefly to reuse the connection, but nothing beyond the cap is kept)
      assertEquals(FetchError.BODY_TOO_LARGE, assertThrows(FetchException.class, () -> keys.resolve(streamed)).error());
      assertEquals(FetchError.BODY_TOO_LARGE, assertThrows(FetchException.class, () -> keys.resolve(declared)).error());
      assertEquals(0, keys.cachedKeys());
      assertTrue(keys.hasCachedFailure(streamed), "a short negative entry, never a key");
      FetchException again = assertThrows(FetchException.class, () -> keys.resolve(streamed));
      assertTrue(again.isCached());
      assertEquals(1, server.hits("/key"));
    }
  }

  @Test
  void aTricklingKeyDocumentIsCutOffByTheDeadline() {
    try (RecordingServer server = new RecordingServer()) {
      server.route("/slow", ex -> {
        ex.getResponseHeaders().set("Content-Type", AS2);
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
          out.write('{');
          out.flush();
          while (!server.release.await(100, TimeUnit.MILLISECONDS)) {
            out.write(' ');
            out.flush();
          }
        } catch (IOException | InterruptedException clientHungUp) {
          // the client gave up: that is the point
        }
      });
      RemoteFetcher f = RemoteFetcher.builder().policy(RemoteFetcherTest.testPolicy()
          .readTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(1)).build()).build();
      KeyResolver keys = KeyResolver.create(f, ActorResolver.create(f));
      URI keyId = server.url("/slow#main-key");
      FetchException e = assertThrows(FetchException.class, () -> keys.resolve(keyId));
      assertEquals(FetchError.DEADLINE_EXCEEDED, e.error(), e.getMessage());
      assertEquals(0, keys.cachedKeys());
      assertFalse(keys.cached(keyId).isPresent());
      assertTrue(keys.hasCachedFailure(keyId));
    }
  }
}
