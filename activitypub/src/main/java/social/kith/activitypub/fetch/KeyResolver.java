package social.kith.activitypub.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import social.kith.activitypub.fetch.internal.Json;

/**
 * Finds the key behind an HTTP signature's {@code keyId} and proves who owns it (checklist items
 * 11 and 68). The document at the keyId may be:
 * <ul>
 *   <li>the actor itself ({@code https://host/users/a#main-key}, Mastodon and Fedify): the actor
 *       must list exactly that key id;
 *   <li>an actor served from the key's URL ({@code https://host/users/a/main-key}, GoToSocial): the
 *       actor is then fetched from its own id and must list the key id;
 *   <li>a standalone {@code Key}: its {@code id} must equal the keyId, and its {@code owner}'s
 *       actor document, fetched from the owner's id, must list the key id.
 * </ul>
 * Otherwise the answer is {@link FetchError#KEY_NOT_OWNED}. Key ids are compared as parsed URLs
 * with percent-decoded fragments, never as strings. Only proven keys are cached; a failure is
 * cached briefly under the requested keyId so that a flood of bad signatures does not become a
 * flood of fetches, and a cached failure is never a key.
 */
public final class KeyResolver {
  private static final Set<String> KEY_TYPES = Set.of("Key", "CryptographicKey");

  private final RemoteFetcher fetcher;
  private final ActorResolver actors;
  private final Cache<URI, ResolvedKey> keys;
  private final Cache<URI, FetchException> failures;

  private KeyResolver(RemoteFetcher fetcher, ActorResolver actors, CacheSettings settings) {
    this.fetcher = fetcher;
    this.actors = actors;
    this.keys = settings.positive();
    this.failures = settings.negative();
  }

  public static KeyResolver create(RemoteFetcher fetcher, ActorResolver actors) {
    return create(fetcher, actors, CacheSettings.defaults());
  }

  public static KeyResolver create(RemoteFetcher fetcher, ActorResolver actors, CacheSettings settings) {
    return new KeyResolver(Objects.requireNonNull(fetcher, "fetcher"), Objects.requireNonNull(actors, "actors"),
        Objects.requireNonNull(settings, "settings"));
  }

  /**
   * The proven key for {@code keyId}.
   *
   * @throws FetchException {@link FetchError#KEY_NOT_OWNED}, {@link FetchError#INVALID_ACTOR}, a
   *     guard refusal (a keyId on a private address is refused before connecting) or a fetch error
   */
  public ResolvedKey resolve(URI keyId) {
    Objects.requireNonNull(keyId, "keyId");
    fetcher.guard().checkUrl(keyId);
    ResolvedKey hit = keys.getIfPresent(keyId);
    if (hit != null) {
      return hit;
    }
    FetchException failed = failures.getIfPresent(keyId);
    if (failed != null) {
      throw failed.asCached();
    }
    try {
      return keys.get(keyId, this::load);
    } catch (FetchException e) {
      failures.put(keyId, e);
      throw e;
    }
  }

  /** The cached proven key, if any; never fetches. */
  public Optional<ResolvedKey> cached(URI keyId) {
    return Optional.ofNullable(keys.getIfPresent(keyId));
  }

  /** True if a recent failure for {@code keyId} is cached. */
  public boolean hasCachedFailure(URI keyId) {
    return failures.getIfPresent(keyId) != null;
  }

  /** Forgets a key (and its failure), for example after a signature failed with the cached key. */
  public void invalidate(URI keyId) {
    keys.invalidate(keyId);
    failures.invalidate(keyId);
  }

  public long cachedKeys() {
    keys.cleanUp();
    return keys.estimatedSize();
  }

  private ResolvedKey load(URI keyId) {
    URI document = Urls.withoutFragment(keyId);
    JsonDocument doc = fetcher.fetchActivitySameOrigin(document);
    URI docId = doc.id().orElseThrow();
    if (doc.hasType(ActorResolver.ACTOR_TYPES)) {
      RemoteActor actor = Urls.sameResource(docId, doc.finalUri()) && docId.getRawFragment() == null
          ? actors.validateAndCache(doc, doc.finalUri())
          : actors.resolve(docId);
      return owned(actor, keyId, null);
    }
    if (doc.hasType(KEY_TYPES) || doc.json().has("publicKeyPem")) {
      if (!Urls.sameWithFragment(docId, keyId)) {
        throw notOwned(keyId, "the key document's id " + docId + " is not the keyId");
      }
      JsonNode ownerNode = doc.json().has("owner") ? doc.json().get("owner") : doc.json().get("controller");
      URI owner = Json.idOf(ownerNode).orElseThrow(() -> notOwned(keyId, "the key names no owner"));
      RemoteActor actor = actors.resolve(owner);
      return owned(actor, keyId, Json.text(doc.json(), "publicKeyPem").orElse(null));
    }
    throw notOwned(keyId, "the document at the keyId is neither an actor nor a key");
  }

  private static ResolvedKey owned(RemoteActor actor, URI keyId, String standalonePem) {
    ActorKey listed = actor.key(keyId).orElseThrow(() -> notOwned(keyId,
        "actor " + actor.id() + " does not list key " + keyId + " (it lists " + actor.publicKeys().size() + ")"));
    if (standalonePem != null && !standalonePem.strip().equals(listed.publicKeyPem().strip())) { // not secret: public keys
      throw notOwned(keyId, "the key document and actor " + actor.id() + " publish different keys");
    }
    return new ResolvedKey(actor.id(), keyId, listed.publicKeyPem(), listed.key());
  }

  private static FetchException notOwned(URI keyId, String why) {
    return new FetchException(FetchError.KEY_NOT_OWNED, keyId, why);
  }
}
