package social.kith.activitypub.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Item 20: key-rotation refetch amplification is bounded per actor and per host. */
final class KeyRefetchLimitTest {
  private static final String AS2 = "application/activity+json";
  private static final byte[] MESSAGE = "(request-target): post /inbox".getBytes(StandardCharsets.UTF_8);

  private final RecordingServer server = new RecordingServer();
  private final FakeClock clock = new FakeClock();
  private final RemoteFetcher fetcher = RemoteFetcher.builder().policy(RemoteFetcherTest.testPolicy().build()).build();
  private final CacheSettings settings = new CacheSettings(10_000, Duration.ofHours(1), Duration.ofMinutes(1), clock);
  private final ActorResolver actors = ActorResolver.create(fetcher, settings);
  private final AtomicReference<String> alice = new AtomicReference<>();

  @AfterEach
  void stop() {
    server.close();
  }

  private KeyResolver resolver(KeyFetchLimits limits) {
    return KeyResolver.create(fetcher, actors, settings, limits);
  }

  private URI aliceKey() {
    return URI.create(server.base() + "/users/alice#main-key");
  }

  private void serveAlice(String pem) {
    ObjectNode a = Actors.person(server.base(), "/users/alice");
    a.set("publicKey", Actors.key(server.base() + "/users/alice#main-key", server.base() + "/users/alice", pem));
    alice.set(a.toString());
  }

  private void routeAlice() {
    server.route("/users/alice", ex -> RecordingServer.respond(ex, 200, AS2, alice.get()));
  }

  @Test
  void aThousandBadSignaturesCauseAtMostOneRefetchPerCoolOff() {
    serveAlice(Actors.PEM);
    routeAlice();
    KeyResolver keys = resolver(KeyFetchLimits.DEFAULTS);
    byte[] forged = Actors.OTHER_KEY.sign(MESSAGE);
    int refetched = 0;
    int limited = 0;
    for (int i = 0; i < 1000; i++) {
      ResolvedKey k = keys.resolve(aliceKey());
      assertFalse(k.key().verify(MESSAGE, forged));
      try {
        ResolvedKey again = keys.refreshAfterSignatureFailure(aliceKey());
        assertFalse(again.key().verify(MESSAGE, forged));
        refetched++;
      } catch (FetchException e) {
        assertEquals(FetchError.RATE_LIMITED, e.error());
        limited++;
      }
    }
    assertEquals(1, refetched);
    assertEquals(999, limited);
    assertEquals(2, server.hits("/users/alice"), "one fetch, one refetch");
    assertTrue(keys.cached(aliceKey()).isPresent(), "the proven key stays cached");

    clock.advance(Duration.ofMinutes(4));
    assertEquals(FetchError.RATE_LIMITED,
        assertThrows(FetchException.class, () -> keys.refreshAfterSignatureFailure(aliceKey())).error());
    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    keys.refreshAfterSignatureFailure(aliceKey());
    assertEquals(FetchError.RATE_LIMITED,
        assertThrows(FetchException.class, () -> keys.refreshAfterSignatureFailure(aliceKey())).error());
    assertEquals(3, server.hits("/users/alice"), "one more refetch after the cool-off");
  }

  @Test
  void aRotatedKeyIsPickedUpByTheRefetch() {
    serveAlice(Actors.PEM);
    routeAlice();
    KeyResolver keys = resolver(KeyFetchLimits.DEFAULTS);
    keys.resolve(aliceKey());
    serveAlice(Actors.OTHER_PEM);
    byte[] signedWithNewKey = Actors.OTHER_KEY.sign(MESSAGE);
    assertFalse(keys.resolve(aliceKey()).key().verify(MESSAGE, signedWithNewKey));
    assertTrue(keys.refreshAfterSignatureFailure(aliceKey()).key().verify(MESSAGE, signedWithNewKey));
    assertTrue(keys.resolve(aliceKey()).key().verify(MESSAGE, signedWithNewKey), "the new key is cached");
  }

  @Test
  void aNetworkFailureDuringRefetchKeepsTheOldKeyAndALostKeyDropsIt() {
    serveAlice(Actors.PEM);
    AtomicInteger status = new AtomicInteger(200);
    server.route("/users/alice", ex -> {
      if (status.get() == 200) {
        RecordingServer.respond(ex, 200, AS2, alice.get());
      } else {
        RecordingServer.respond(ex, status.get(), "text/plain", "down");
      }
    });
    KeyResolver keys = resolver(KeyFetchLimits.DEFAULTS);
    keys.resolve(aliceKey());
    status.set(503);
    assertEquals(503, assertThrows(FetchException.class, () -> keys.refreshAfterSignatureFailure(aliceKey())).status());
    assertTrue(keys.cached(aliceKey()).isPresent(), "a failed refetch does not evict the proven key");

    clock.advance(Duration.ofMinutes(6));
    keys.resolve(aliceKey()); // still cached: the positive TTL is an hour
    status.set(200);
    ObjectNode rotated = Actors.person(server.base(), "/users/alice");
    rotated.set("publicKey", Actors.key(server.base() + "/users/alice#new-key", server.base() + "/users/alice",
        Actors.OTHER_PEM));
    alice.set(rotated.toString());
    assertEquals(FetchError.KEY_NOT_OWNED,
        assertThrows(FetchException.class, () -> keys.refreshAfterSignatureFailure(aliceKey())).error());
    assertTrue(keys.cached(aliceKey()).isEmpty(), "a key the actor no longer lists is dropped");
    assertTrue(keys.hasCachedFailure(aliceKey()));
  }

  @Test
  void aThousandRandomKeyIdsOnOneHostCostABoundedNumberOfFetches() {
    server.route("/users/", ex -> RecordingServer.respond(ex, 404, "text/plain", "no such user"));
    KeyResolver keys = resolver(KeyFetchLimits.DEFAULTS);
    int limited = 0;
    for (int i = 0; i < 1000; i++) {
      URI keyId = URI.create(server.base() + "/users/r" + i + "x" + Integer.toHexString(i * 7919) + "#main-key");
      FetchException e = assertThrows(FetchException.class, () -> keys.resolve(keyId));
      if (e.error() == FetchError.RATE_LIMITED) {
        limited++;
        assertFalse(keys.hasCachedFailure(keyId), "a rate-limited key id is not negatively cached");
      } else {
        assertEquals(404, e.status());
      }
    }
    int allowance = KeyFetchLimits.DEFAULTS.maxNewKeysPerHost();
    assertEquals(allowance, server.received().size());
    assertEquals(1000 - allowance, limited);
    assertEquals(0, keys.cachedKeys());

    clock.advance(KeyFetchLimits.DEFAULTS.hostWindow().plusSeconds(1));
    assertEquals(404, assertThrows(FetchException.class,
        () -> keys.resolve(URI.create(server.base() + "/users/later#main-key"))).status());
    assertEquals(allowance + 1, server.received().size(), "the window reopens");
  }

  @Test
  void oneHostsAllowanceDoesNotStarveAnother() {
    server.route("/users/", ex -> RecordingServer.respond(ex, 404, "text/plain", "no"));
    try (RecordingServer good = new RecordingServer()) {
      RemoteFetcher named = RemoteFetcher.builder().policy(RemoteFetcherTest.testPolicy().build())
          .resolver(new FakeResolver().answer("attacker.test", "127.0.0.1")).build();
      KeyResolver keys = KeyResolver.create(named, ActorResolver.create(named, settings), settings,
          new KeyFetchLimits(Duration.ofMinutes(5), 3, Duration.ofMinutes(1), 100));
      for (int i = 0; i < 10; i++) {
        URI keyId = URI.create("http://attacker.test:" + server.port() + "/users/r" + i + "#k");
        assertThrows(FetchException.class, () -> keys.resolve(keyId));
      }
      assertEquals(3, server.received().size());
      ObjectNode bob = Actors.person(good.base(), "/users/bob");
      good.serve("/users/bob", AS2, bob.toString());
      assertEquals(URI.create(good.base() + "/users/bob"),
          keys.resolve(URI.create(good.base() + "/users/bob#main-key")).actorId());
    }
  }

  @Test
  void limitsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new KeyFetchLimits(Duration.ZERO, 1, Duration.ofMinutes(1), 1));
    assertThrows(IllegalArgumentException.class, () -> new KeyFetchLimits(Duration.ofMinutes(1), 0, Duration.ofMinutes(1), 1));
    assertThrows(IllegalArgumentException.class, () -> new KeyFetchLimits(Duration.ofMinutes(1), 1, Duration.ofMinutes(-1), 1));
    assertThrows(IllegalArgumentException.class, () -> new KeyFetchLimits(Duration.ofMinutes(1), 1, Duration.ofMinutes(1), 0));
  }
}
