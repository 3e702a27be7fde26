package social.kith.activitypub.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Item 11 (key ownership), item 21 (keyId as an attack vector) and item 68 (only proven keys cached). */
final class KeyResolverTest {
  private final RecordingServer server = new RecordingServer();
  private final FakeClock clock = new FakeClock();
  private final RemoteFetcher fetcher = RemoteFetcher.builder().policy(RemoteFetcherTest.testPolicy().build()).build();
  private final CacheSettings settings = new CacheSettings(100, Duration.ofHours(1), Duration.ofMinutes(1), clock);
  private final ActorResolver actors = ActorResolver.create(fetcher, settings);
  private final KeyResolver keys = KeyResolver.create(fetcher, actors, settings);

  @AfterEach
  void stop() {
    server.close();
  }

  private void serve(String path, ObjectNode doc) {
    server.serve(path, "application/activity+json", doc.toString());
  }

  private URI url(String pathAndFragment) {
    return URI.create(server.base() + pathAndFragment);
  }

  @Test
  void resolvesAKeyInTheActorDocumentAndItVerifies() {
    serve("/users/alice", Actors.person(server.base(), "/users/alice"));
    ResolvedKey k = keys.resolve(url("/users/alice#main-key"));
    assertEquals(url("/users/alice"), k.actorId());
    assertEquals(url("/users/alice#main-key"), k.keyId());
    byte[] msg = "(request-target): get /".getBytes(StandardCharsets.UTF_8);
    assertTrue(k.key().verify(msg, Actors.KEY.sign(msg)));
    keys.resolve(url("/users/alice#main-key"));
    assertEquals(1, server.hits("/users/alice"));
    assertTrue(actors.cached(url("/users/alice")).isPresent(), "the actor, fetched from its id, is cached too");
  }

  @Test
  void fragmentsAreComparedAfterPercentDecoding() {
    serve("/users/alice", Actors.person(server.base(), "/users/alice"));
    assertEquals(url("/users/alice"), keys.resolve(url("/users/alice#main%2Dkey")).actorId());
  }

  @Test
  void resolvesAGoToSocialStyleKeyUrlThroughTheActorsOwnId() {
    ObjectNode actor = Actors.person(server.base(), "/users/gts");
    actor.set("publicKey", Actors.key(server.base() + "/users/gts/main-key", server.base() + "/users/gts", Actors.PEM));
    serve("/users/gts/main-key", actor);
    serve("/users/gts", actor);
    ResolvedKey k = keys.resolve(url("/users/gts/main-key"));
    assertEquals(url("/users/gts"), k.actorId());
    assertEquals(1, server.hits("/users/gts"), "ownership proven by the actor's own document");
  }

  @Test
  void resolvesAStandaloneKeyWhoseOwnerListsIt() {
    ObjectNode actor = Actors.person(server.base(), "/users/bob");
    actor.set("publicKey", Actors.key(server.base() + "/keys/bob", server.base() + "/users/bob", Actors.PEM));
    serve("/users/bob", actor);
    ObjectNode key = Actors.key(server.base() + "/keys/bob", server.base() + "/users/bob", Actors.PEM);
    key.put("type", "Key");
    serve("/keys/bob", key);
    assertEquals(url("/users/bob"), keys.resolve(url("/keys/bob")).actorId());
  }

  @Test
  void aStandaloneKeyWhoseIdIsNotTheKeyIdIsNotOwned() {
    ObjectNode actor = Actors.person(server.base(), "/users/carol");
    actor.set("publicKey", Actors.key(server.base() + "/keys/real", server.base() + "/users/carol", Actors.PEM));
    serve("/users/carol", actor);
    ObjectNode key = Actors.key(server.base() + "/keys/real", server.base() + "/users/carol", Actors.PEM);
    key.put("type", "Key");
    serve("/keys/alias", key);
    assertNotOwned(url("/keys/alias"));
  }

  @Test
  void aKeyClaimingAnOwnerThatDoesNotListItIsNotOwned() {
    serve("/users/victim", Actors.person(server.base(), "/users/victim"));
    ObjectNode key = Actors.key(server.base() + "/keys/evil", server.base() + "/users/victim", Actors.OTHER_PEM);
    key.put("type", "Key");
    serve("/keys/evil", key);
    assertNotOwned(url("/keys/evil"));
    assertEquals(url("/users/victim#main-key"), actors.cached(url("/users/victim")).orElseThrow().publicKeys().get(0).id(),
        "the victim's own key is unchanged");
  }

  @Test
  void aKeyDocumentAndItsOwnerPublishingDifferentKeysIsNotOwned() {
    ObjectNode actor = Actors.person(server.base(), "/users/dan");
    actor.set("publicKey", Actors.key(server.base() + "/keys/dan", server.base() + "/users/dan", Actors.PEM));
    serve("/users/dan", actor);
    ObjectNode key = Actors.key(server.base() + "/keys/dan", server.base() + "/users/dan", Actors.OTHER_PEM);
    key.put("type", "Key");
    serve("/keys/dan", key);
    assertNotOwned(url("/keys/dan"));
  }

  @Test
  void anActorListingOtherKeysDoesNotOwnTheKeyId() {
    ObjectNode actor = Actors.person(server.base(), "/users/erin");
    actor.set("publicKey", Actors.array(
        Actors.key(server.base() + "/users/erin#main-key", server.base() + "/users/erin", Actors.PEM),
        Actors.key(server.base() + "/users/erin#ed-key", server.base() + "/users/erin", Actors.OTHER_PEM)));
    serve("/users/erin", actor);
    assertNotOwned(url("/users/erin#other-key"));
    assertNotOwned(url("/users/erin"));
    assertEquals(url("/users/erin"), keys.resolve(url("/users/erin#ed-key")).actorId());
  }

  @Test
  void aDocumentThatIsNeitherActorNorKeyIsNotOwned() {
    server.serve("/notes/1", "application/activity+json",
        "{\"id\":\"" + server.base() + "/notes/1\",\"type\":\"Note\"}");
    assertNotOwned(url("/notes/1#main-key"));
  }

  private void assertNotOwned(URI keyId) {
    FetchException e = assertThrows(FetchException.class, () -> keys.resolve(keyId));
    assertEquals(FetchError.KEY_NOT_OWNED, e.error(), e.getMessage());
    assertTrue(keys.cached(keyId).isEmpty(), "nothing cached for " + keyId);
    assertTrue(keys.hasCachedFailure(keyId), "negative entry under the requested keyId");
    FetchException again = assertThrows(FetchException.class, () -> keys.resolve(keyId));
    assertTrue(again.isCached());
    assertEquals(0, keys.cachedKeys(), "no proven key was stored");
  }

  @Test
  void keyIdsOnPrivateAddressesOrOtherSchemesAreRefusedBeforeConnecting() {
    try (Tripwire wire = new Tripwire()) {
      KeyResolver strict = KeyResolver.create(RemoteFetcher.builder().build(),
          ActorResolver.create(RemoteFetcher.builder().build()));
      assertEquals(FetchError.BLOCKED_ADDRESS, assertThrows(FetchException.class,
          () -> strict.resolve(URI.create("https://127.0.0.1:" + wire.port() + "/"))).error());
      assertEquals(FetchError.BLOCKED_SCHEME, assertThrows(FetchException.class,
          () -> strict.resolve(URI.create("file:///etc/passwd"))).error());
      assertEquals(FetchError.BLOCKED_SCHEME, assertThrows(FetchException.class,
          () -> strict.resolve(URI.create("http://127.0.0.1:" + wire.port() + "/"))).error());
      assertEquals(0, wire.connections());
      assertEquals(0, strict.cachedKeys());
    }
  }

  @Test
  void aHugeKeyDocumentIsCutOffByTheBodyCap() {
    RemoteFetcher capped = RemoteFetcher.builder().policy(RemoteFetcherTest.testPolicy().maxBodyBytes(64 * 1024).build()).build();
    KeyResolver k = KeyResolver.create(capped, ActorResolver.create(capped));
    server.serve("/big", "application/activity+json", "{\"id\":\"" + server.base() + "/big\",\"x\":\"" + "a".repeat(200_000) + "\"}");
    assertEquals(FetchError.BODY_TOO_LARGE, assertThrows(FetchException.class, () -> k.resolve(url("/big#k"))).error());
    assertTrue(k.hasCachedFailure(url("/big#k")));
  }
}
