package social.kith.activitypub.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import social.kith.activitypub.fetch.internal.Json;
import social.kith.crypto.CryptoException;
import social.kith.crypto.KeyAlgorithm;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaKeys;
import social.kith.crypto.VerifyingKey;

/**
 * Fetches, checks and caches remote actors (checklist items 40 and 68). An actor is accepted only
 * if its document, fetched from its own id, has an actor type, an id equal to that URL, an inbox
 * (and other endpoints) that the SSRF guard's URL rules accept, and {@code publicKey} entries
 * that each have an id on the actor's origin, no other owner, and a {@code publicKeyPem} that
 * parses under {@code RsaKeys.strict()} (Ed25519 and P-256 keys are accepted too). Anything else
 * is {@link FetchError#INVALID_ACTOR} and nothing is cached but a short negative entry under the
 * requested URL, which only makes the next attempt fail fast.
 */
public final class ActorResolver {
  /** The ActivityStreams actor types. */
  public static final Set<String> ACTOR_TYPES = Set.of("Person", "Service", "Application", "Group", "Organization");
  /** The most {@code publicKey} entries an actor may list. */
  public static final int MAX_KEYS = 16;

  private final RemoteFetcher fetcher;
  private final Cache<URI, RemoteActor> actors;
  private final Cache<URI, FetchException> failures;

  private ActorResolver(RemoteFetcher fetcher, CacheSettings settings) {
    this.fetcher = fetcher;
    this.actors = settings.positive();
    this.failures = settings.negative();
  }

  /** A resolver with {@link CacheSettings#defaults()}. */
  public static ActorResolver create(RemoteFetcher fetcher) {
    return create(fetcher, CacheSettings.defaults());
  }

  public static ActorResolver create(RemoteFetcher fetcher, CacheSettings settings) {
    return new ActorResolver(Objects.requireNonNull(fetcher, "fetcher"), Objects.requireNonNull(settings, "settings"));
  }

  /**
   * The actor with id {@code actorId} (any fragment is dropped), from the cache or fetched.
   *
   * @throws FetchException with {@link FetchError#INVALID_ACTOR} for a malformed actor, or the
   *     fetch's error; a cached failure has {@link FetchException#isCached()}
   */
  public RemoteActor resolve(URI actorId) {
    URI key = Urls.withoutFragment(fetcher.guard().checkUrl(Objects.requireNonNull(actorId, "actorId")));
    RemoteActor hit = actors.getIfPresent(key);
    if (hit != null) {
      return hit;
    }
    return load(key);
  }

  /**
   * As {@link #resolve(URI)}, charging a fetch to {@code budget} (checklist item 34): a cached
   * actor or a cached failure is free, anything else costs one unit, so that an inbound request
   * naming ever new actors (wildcard DNS, a reply chain with a new author per post) causes a bounded
   * number of actor fetches.
   *
   * @throws FetchException as {@link #resolve(URI)}, and {@link FetchError#FETCH_BUDGET_EXCEEDED}
   */
  public RemoteActor resolve(URI actorId, FetchBudget budget) {
    Objects.requireNonNull(budget, "budget");
    URI key = Urls.withoutFragment(fetcher.guard().checkUrl(Objects.requireNonNull(actorId, "actorId")));
    RemoteActor hit = actors.getIfPresent(key);
    if (hit != null) {
      return hit;
    }
    FetchException failed = failures.getIfPresent(key);
    if (failed != null) {
      throw failed.asCached();
    }
    budget.charge(key);
    return load(key);
  }

  /** As {@link #resolve}, but always fetches (after a key rotation, say). */
  public RemoteActor refresh(URI actorId) {
    URI key = Urls.withoutFragment(fetcher.guard().checkUrl(Objects.requireNonNull(actorId, "actorId")));
    actors.invalidate(key);
    failures.invalidate(key);
    return load(key);
  }

  private RemoteActor load(URI key) {
    FetchException failed = failures.getIfPresent(key);
    if (failed != null) {
      throw failed.asCached();
    }
    try {
      return actors.get(key, k -> validate(fetcher.fetchActivitySameOrigin(k), k));
    } catch (FetchException e) {
      failures.put(key, e);
      throw e;
    }
  }

  /** The cached actor, if any; never fetches. */
  public Optional<RemoteActor> cached(URI actorId) {
    return Optional.ofNullable(actors.getIfPresent(Urls.withoutFragment(actorId)));
  }

  /** True if a recent failure for {@code url} is cached. */
  public boolean hasCachedFailure(URI url) {
    return failures.getIfPresent(Urls.withoutFragment(url)) != null;
  }

  /** Forgets the actor and any cached failure for it. */
  public void invalidate(URI actorId) {
    actors.invalidate(Urls.withoutFragment(actorId));
    failures.invalidate(Urls.withoutFragment(actorId));
  }

  /** The number of cached actors (approximate, as Caffeine counts). */
  public long cachedActors() {
    actors.cleanUp();
    return actors.estimatedSize();
  }

  /**
   * Checks a document fetched by {@link RemoteFetcher#fetchActivity} as an actor, without caching
   * it (the caller vouches for where it came from, so it does not enter the trusted cache).
   */
  public RemoteActor validate(JsonDocument doc) {
    return validate(doc, doc.id().orElse(doc.finalUri()));
  }

  /** Stores an actor checked from a document that was fetched from its own id. */
  RemoteActor validateAndCache(JsonDocument doc, URI fetchedFrom) {
    RemoteActor actor = validate(doc, fetchedFrom);
    actors.put(actor.id(), actor);
    return actor;
  }

  private RemoteActor validate(JsonDocument doc, URI expectedId) {
    ObjectNode json = doc.json();
    URI requested = doc.requestedUri();
    if (!doc.hasType(ACTOR_TYPES)) {
      JsonNode t = json.get("type");
      throw invalid(requested, "type " + (t == null ? "(none)" : t.toString()) + " is not an actor type");
    }
    URI id = doc.id().orElseThrow(() -> invalid(requested, "the actor has no id"));
    if (!Urls.sameResource(id, expectedId) || id.getRawFragment() != null) {
      throw invalid(requested, "the actor's id " + id + " is not the URL it was fetched from (" + expectedId + ")");
    }
    URI inbox = endpoint(json.get("inbox"), "inbox", requested)
        .orElseThrow(() -> invalid(requested, "the actor has no inbox"));
    JsonNode endpoints = json.get("endpoints");
    Optional<URI> sharedInbox = endpoints != null && endpoints.isObject()
        ? endpoint(endpoints.get("sharedInbox"), "sharedInbox", requested) : Optional.empty();
    Optional<URI> outbox = endpoint(json.get("outbox"), "outbox", requested);
    Optional<URI> followers = endpoint(json.get("followers"), "followers", requested);
    Optional<URI> following = endpoint(json.get("following"), "following", requested);
    String type = firstActorType(json.get("type"));
    List<ActorKey> keys = keys(json.get("publicKey"), id, requested);
    return new RemoteActor(id, type, inbox, sharedInbox, outbox, followers, following,
        Json.text(json, "preferredUsername"), Json.text(json, "name"), keys, json);
  }

  private static String firstActorType(JsonNode t) {
    if (t.isTextual()) {
      return t.asText();
    }
    for (JsonNode e : t) {
      if (e.isTextual() && ACTOR_TYPES.contains(e.asText())) {
        return e.asText();
      }
    }
    throw new IllegalStateException("checked before");
  }

  private Optional<URI> endpoint(JsonNode value, String name, URI requested) {
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    URI u = Json.idOf(value).orElseThrow(() -> invalid(requested, name + " is not an http(s) URL"));
    try {
      fetcher.guard().checkUrl(u);
    } catch (FetchException e) {
      throw invalid(requested, name + " " + u + " is refused: " + e.getMessage());
    }
    return Optional.of(u);
  }

  private List<ActorKey> keys(JsonNode publicKey, URI actorId, URI requested) {
    if (publicKey == null || publicKey.isNull()) {
      return List.of();
    }
    List<JsonNode> entries = new ArrayList<>();
    if (publicKey.isArray()) {
      publicKey.forEach(entries::add);
    } else {
      entries.add(publicKey);
    }
    if (entries.size() > MAX_KEYS) {
      throw invalid(requested, "more than " + MAX_KEYS + " public keys");
    }
    Origin actorOrigin = Origin.of(actorId);
    List<ActorKey> keys = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode e : entries) {
      if (!e.isObject()) {
        throw invalid(requested, "a publicKey entry is not an object (embedded keys are required)");
      }
      URI keyId = Json.text(e, "id").flatMap(Json::httpUri)
          .orElseThrow(() -> invalid(requested, "a publicKey entry has no http(s) id"));
      if (!Origin.of(keyId).equals(actorOrigin)) {
        throw invalid(requested, "key " + keyId + " is not on the actor's origin " + actorOrigin);
      }
      if (!seen.add(Urls.withoutFragment(keyId) + "#" + keyId.getFragment())) {
        throw invalid(requested, "key id " + keyId + " is listed twice");
      }
      JsonNode owner = e.get("owner");
      if (owner != null && !(owner.isTextual() && Json.httpUri(owner.asText())
          .map(o -> Urls.sameResource(o, actorId) && o.getRawFragment() == null).orElse(false))) {
        throw invalid(requested, "key " + keyId + " names another owner: " + owner);
      }
      String pem = Json.text(e, "publicKeyPem")
          .orElseThrow(() -> invalid(requested, "key " + keyId + " has no publicKeyPem"));
      keys.add(new ActorKey(keyId, actorId, pem, parseKey(pem, keyId, requested)));
    }
    return keys;
  }

  private static VerifyingKey parseKey(String pem, URI keyId, URI requested) {
    try {
      KeyAlgorithm alg = Pem.keyAlgorithm(pem);
      switch (alg) {
        case RSA:
          return Pem.rsaPublicKey(pem, RsaKeys.strict());
        case ED25519:
          return social.kith.crypto.Ed25519.publicKey(Pem.ed25519PublicKey(pem));
        case ECDSA_P256:
          return Pem.ecdsaPublicKey(pem);
        default:
          throw invalid(requested, "key " + keyId + " has an unsupported algorithm " + alg);
      }
    } catch (CryptoException e) {
      throw invalid(requested, "key " + keyId + " is not acceptable: " + e.getMessage());
    }
  }

  private static FetchException invalid(URI requested, String why) {
    return new FetchException(FetchError.INVALID_ACTOR, requested, why);
  }
}
