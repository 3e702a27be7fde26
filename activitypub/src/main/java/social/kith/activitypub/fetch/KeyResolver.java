package social.kith.activitypub.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>Fetches are rate-limited by {@link KeyFetchLimits} (checklist item 20): a key whose signature
 * failed is refetched through {@link #refreshAfterSignatureFailure(URI)} at most once per actor per
 * cool-off, and uncached key ids of one host are fetched at most a fixed number of times per
 * window; beyond that the answer is {@link FetchError#RATE_LIMITED} without contacting anyone.
 */
public final class KeyResolver {
  private static final Set<String> KEY_TYPES = Set.of("Key", "CryptographicKey");

  private final RemoteFetcher fetcher;
  private final ActorResolver actors;
  private final Cache<URI, ResolvedKey> keys;
  private final Cache<URI, FetchException> failures;
  private final KeyFetchLimits limits;
  private final Cache<String, Boolean> recentRefreshes;
  private final Cache<String, AtomicInteger> newKeysPerHost;

  private KeyResolver(RemoteFetcher fetcher, ActorResolver actors, CacheSettings settings, KeyFetchLimits limits) {
    this.fetcher = fetcher;
    this.actors = actors;
    this.keys = settings.positive();
    this.failures = settings.negative();
    this.limits = limits;
    this.recentRefreshes = settings.expiring(limits.refreshCoolOff(), settings.maxEntries());
    this.newKeysPerHost = settings.expiring(limits.hostWindow(), limits.maxTrackedHosts());
  }

  public static KeyResolver create(RemoteFetcher fetcher, ActorResolver actors) {
    return create(fetcher, actors, CacheSettings.defaults());
  }

  public static KeyResolver create(RemoteFetcher fetcher, ActorResolver actors, CacheSettings settings) {
    return create(fetcher, actors, settings, KeyFetchLimits.DEFAULTS);
  }

  /** A resolver with explicit fetch limits; the cool-off and host window run on {@code settings}' clock. */
  public static KeyResolver create(RemoteFetcher fetcher, ActorResolver actors, CacheSettings settings,
      KeyFetchLimits limits) {
    return new KeyResolver(Objects.requireNonNull(fetcher, "fetcher"), Objects.requireNonNull(actors, "actors"),
        Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(limits, "limits"));
  }

  /**
   * The proven key for {@code keyId}.
   *
   * @throws FetchException {@link FetchError#KEY_NOT_OWNED}, {@link FetchError#INVALID_ACTOR}, a
   *     guard refusal (a keyId on a private address is refused before connecting), a fetch error,
   *     or {@link FetchError#RATE_LIMITED} when the keyId's host used up its new-key allowance
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
    chargeHost(keyId);
    try {
      return keys.get(keyId, k -> load(k, false));
    } catch (FetchException e) {
      failures.put(keyId, e);
      throw e;
    }
  }

  /**
   * Refetches {@code keyId} after a signature failed with its cached key (the actor may have
   * rotated it), at most once per actor per {@link KeyFetchLimits#refreshCoolOff()}. The new key
   * replaces the cached one only once its ownership is proven again; if the actor no longer lists
   * the key ({@link FetchError#KEY_NOT_OWNED}, {@link FetchError#INVALID_ACTOR}) the old key is
   * dropped, and after a network failure it is kept. Without a cached key this is {@link #resolve}.
   *
   * @throws FetchException {@link FetchError#RATE_LIMITED} inside the cool-off (without contacting
   *     the remote), or as {@link #resolve}
   */
  public ResolvedKey refreshAfterSignatureFailure(URI keyId) {
    Objects.requireNonNull(keyId, "keyId");
    fetcher.guard().checkUrl(keyId);
    ResolvedKey old = keys.getIfPresent(keyId);
    if (old == null) {
      return resolve(keyId);
    }
    String actor = ReplyChainWalker.key(old.actorId()).orElseThrow();
    if (recentRefreshes.asMap().putIfAbsent(actor, Boolean.TRUE) != null) {
      throw new FetchException(FetchError.RATE_LIMITED, keyId, "the key of " + old.actorId()
          + " was refetched less than " + limits.refreshCoolOff().toSeconds() + " s ago");
    }
    try {
      ResolvedKey fresh = load(keyId, true);
      keys.put(keyId, fresh);
      failures.invalidate(keyId);
      return fresh;
    } catch (FetchException e) {
      if (e.error() == FetchError.KEY_NOT_OWNED || e.error() == FetchError.INVALID_ACTOR) {
        keys.invalidate(keyId);
        failures.put(keyId, e);
      }
      throw e;
    }
  }

  /** Counts one uncached key fetch against the keyId's host, refusing past the allowance. */
  private void chargeHost(URI keyId) {
    String host = Origin.of(keyId).host();
    int n = newKeysPerHost.get(host, h -> new AtomicInteger()).incrementAndGet();
    if (n > limits.maxNewKeysPerHost()) {
      throw new FetchException(FetchError.RATE_LIMITED, keyId, "more than " + limits.maxNewKeysPerHost()
          + " new key ids of " + host + " in " + limits.hostWindow().toSeconds() + " s");
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

  /**
   * Forgets a key and its failure, unconditionally (an administrator's action, say). Not for a
   * failed signature: that is {@link #refreshAfterSignatureFailure(URI)}, which is rate-limited.
   */
  public void invalidate(URI keyId) {
    keys.invalidate(keyId);
    failures.invalidate(keyId);
  }

  public long cachedKeys() {
    keys.cleanUp();
    return keys.estimatedSize();
  }

  private ResolvedKey load(URI keyId, boolean fresh) {
    URI document = Urls.withoutFragment(keyId);
    JsonDocument doc = fetcher.fetchActivitySameOrigin(document);
    URI docId = doc.id().orElseThrow();
    if (doc.hasType(ActorResolver.ACTOR_TYPES)) {
      RemoteActor actor = Urls.sameResource(docId, doc.finalUri()) && docId.getRawFragment() == null
          ? actors.validateAndCache(doc, doc.finalUri())
          : fresh ? actors.refresh(docId) : actors.resolve(docId);
      return owned(actor, keyId, null);
    }
    if (doc.hasType(KEY_TYPES) || doc.json().has("publicKeyPem")) {
      if (!Urls.sameWithFragment(docId, keyId)) {
        throw notOwned(keyId, "the key document's id " + docId + " is not the keyId");
      }
      JsonNode ownerNode = doc.json().has("owner") ? doc.json().get("owner") : doc.json().get("controller");
      URI owner = Json.idOf(ownerNode).orElseThrow(() -> notOwned(keyId, "the key names no owner"));
      RemoteActor actor = fresh ? actors.refresh(owner) : actors.resolve(owner);
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
