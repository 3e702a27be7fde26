package social.kith.activitypub.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import social.kith.crypto.RsaPublicKey;

/** Items 40 and 68: malformed actors are refused with nothing cached; caches are bounded and expire. */
final class ActorResolverTest {
  private final RecordingServer server = new RecordingServer();
  private final FakeClock clock = new FakeClock();
  private final RemoteFetcher fetcher = RemoteFetcher.builder().policy(RemoteFetcherTest.testPolicy().build()).build();
  private final ActorResolver actors = ActorResolver.create(fetcher,
      new CacheSettings(100, Duration.ofHours(1), Duration.ofMinutes(1), clock));

  @AfterEach
  void stop() {
    server.close();
  }

  private URI serveActor(String path, Consumer<ObjectNode> edit) {
    ObjectNode a = Actors.person(server.base(), path);
    edit.accept(a);
    server.serve(path, "application/activity+json", a.toString());
    return server.url(path);
  }

  @Test
  void resolvesAndCachesAValidActor() {
    URI id = serveActor("/users/alice", a -> { });
    RemoteActor actor = actors.resolve(id);
    assertEquals(id, actor.id());
    assertEquals("Person", actor.type());
    assertEquals(URI.create(id + "/inbox"), actor.inbox());
    assertEquals(Optional.of(server.url("/inbox")), actor.sharedInbox());
    assertEquals(Optional.of("alice"), actor.preferredUsername());
    assertEquals(1, actor.publicKeys().size());
    assertEquals(Actors.KEY.verifyingKey(), actor.publicKeys().get(0).key());
    assertTrue(actor.publicKeys().get(0).key() instanceof RsaPublicKey);
    actors.resolve(URI.create(id + "#ignored-fragment"));
    assertEquals(1, server.hits("/users/alice"), "served from the cache");
    assertEquals(1, actors.cachedActors());
    actor.document().put("inbox", "https://evil.example/");
    assertEquals(URI.create(id + "/inbox"), actors.cached(id).orElseThrow().inbox(), "callers cannot poison the cache");
  }

  @Test
  void refusesMalformedActorsAndCachesNothingButTheFailure() {
    URI note = serveActor("/note", a -> a.put("type", "Note"));
    URI noInbox = serveActor("/noinbox", a -> a.remove("inbox"));
    URI noPem = serveActor("/nopem", a -> ((ObjectNode) a.get("publicKey")).remove("publicKeyPem"));
    URI foreignKey = serveActor("/foreignkey", a -> a.set("publicKey", Actors.array(
        Actors.key(server.base() + "/foreignkey#main-key", server.base() + "/foreignkey", Actors.PEM),
        Actors.key("https://evil.example/k#1", server.base() + "/foreignkey", Actors.OTHER_PEM))));
    URI otherOwner = serveActor("/otherowner", a -> a.set("publicKey",
        Actors.key(server.base() + "/otherowner#main-key", server.base() + "/users/victim", Actors.PEM)));
    URI duplicate = serveActor("/dup", a -> a.set("publicKey", Actors.array(
        Actors.key(server.base() + "/dup#k", server.base() + "/dup", Actors.PEM),
        Actors.key(server.base() + "/dup#k", server.base() + "/dup", Actors.OTHER_PEM))));
    URI idMismatch = serveActor("/users/mallory", a -> a.put("id", server.base() + "/users/alice"));
    URI privateInbox = serveActor("/privinbox", a -> a.put("inbox", "http://10.0.0.1/inbox"));
    URI metadataInbox = serveActor("/metainbox", a -> a.put("inbox", "https://169.254.169.254/inbox"));
    URI badShared = serveActor("/badshared", a -> ((ObjectNode) a.get("endpoints")).put("sharedInbox", "file:///x"));
    URI weakKey = serveActor("/weakkey", a -> ((ObjectNode) a.get("publicKey")).put("publicKeyPem",
        social.kith.crypto.Pem.writeSpki(weakRsa())));
    URI twoPems = serveActor("/twopems", a -> ((ObjectNode) a.get("publicKey")).put("publicKeyPem",
        Actors.PEM + Actors.OTHER_PEM));
    URI stringKey = serveActor("/stringkey", a -> a.put("publicKey", server.base() + "/stringkey#main-key"));
    for (URI bad : new URI[] {note, noInbox, noPem, foreignKey, otherOwner, duplicate, idMismatch, privateInbox,
        metadataInbox, badShared, weakKey, twoPems, stringKey}) {
      FetchException e = assertThrows(FetchException.class, () -> actors.resolve(bad), bad.toString());
      assertEquals(FetchError.INVALID_ACTOR, e.error(), bad + ": " + e.getMessage());
      assertTrue(actors.cached(bad).isEmpty());
      assertTrue(actors.hasCachedFailure(bad), "negative entry under the requested URL");
    }
    assertEquals(0, actors.cachedActors(), "nothing was stored");
    assertTrue(actors.cached(server.url("/users/alice")).isEmpty(), "the impersonated actor was not cached");
  }

  private static RsaPublicKey weakRsa() {
    try {
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
      g.initialize(1024);
      java.security.interfaces.RSAPublicKey k = (java.security.interfaces.RSAPublicKey) g.generateKeyPair().getPublic();
      return social.kith.crypto.RsaKeys.allowingWeakKeysForTestVectorsOnly().publicKey(k.getModulus(), k.getPublicExponent());
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aFailureIsCachedBrieflyAndNeverBlocksALaterValidAnswer() {
    AtomicInteger calls = new AtomicInteger();
    String body = Actors.person(server.base(), "/users/flaky").toString();
    server.route("/users/flaky", ex -> {
      if (calls.incrementAndGet() == 1) {
        RecordingServer.respond(ex, 500, "text/plain", "oops");
      } else {
        RecordingServer.respond(ex, 200, "application/activity+json", body);
      }
    });
    URI id = server.url("/users/flaky");
    assertEquals(500, assertThrows(FetchException.class, () -> actors.resolve(id)).status());
    FetchException cached = assertThrows(FetchException.class, () -> actors.resolve(id));
    assertTrue(cached.isCached());
    assertEquals(FetchError.HTTP_STATUS, cached.error());
    assertEquals(1, calls.get(), "the cached failure did not contact the server");
    clock.advance(Duration.ofMinutes(2));
    assertEquals(id, actors.resolve(id).id());
    assertFalse(actors.hasCachedFailure(id));
    assertEquals(2, calls.get());
  }

  @Test
  void positiveEntriesExpireAndTheCacheIsBounded() {
    ActorResolver small = ActorResolver.create(fetcher, new CacheSettings(2, Duration.ofHours(1), Duration.ofMinutes(1), clock));
    for (String p : new String[] {"/users/a", "/users/b", "/users/c", "/users/d"}) {
      small.resolve(serveActor(p, x -> { }));
    }
    assertTrue(small.cachedActors() <= 2, "bounded: " + small.cachedActors());

    URI e = serveActor("/users/e", x -> { });
    actors.resolve(e);
    actors.resolve(e);
    assertEquals(1, server.hits("/users/e"));
    clock.advance(Duration.ofHours(2));
    assertTrue(actors.cached(e).isEmpty(), "expired after the TTL");
    actors.resolve(e);
    assertEquals(2, server.hits("/users/e"));
  }

  @Test
  void refreshBypassesTheCache() {
    URI id = serveActor("/users/r", x -> { });
    actors.resolve(id);
    actors.refresh(id);
    assertEquals(2, server.hits("/users/r"));
  }

  @Test
  void cacheSettingsFailFast() {
    assertThrows(IllegalArgumentException.class,
        () -> new CacheSettings(0, Duration.ofHours(1), Duration.ofMinutes(1), clock));
    assertThrows(IllegalArgumentException.class,
        () -> new CacheSettings(10, Duration.ofMinutes(1), Duration.ofHours(1), clock));
  }
}
