package social.kith.activitypub.inbox;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import social.kith.activitypub.fetch.FetchException;
import social.kith.activitypub.fetch.Origin;
import social.kith.activitypub.inbox.internal.TokenBuckets;
import social.kith.activitypub.server.ActorUrls;
import social.kith.activitypub.server.ApRequest;
import social.kith.activitypub.server.ApResponse;
import social.kith.activitypub.server.FollowRecord;
import social.kith.activitypub.server.FollowState;
import social.kith.activitypub.server.FollowerStore;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.activitypub.server.InboxEndpoint;
import social.kith.activitypub.server.LocalActor;
import social.kith.activitypub.server.LocalActors;
import social.kith.activitypub.server.RequestAuthenticator;
import social.kith.activitypub.server.SignedBy;
import social.kith.activitypub.signature.HttpSignatureVerifier;
import social.kith.activitypub.signature.SignatureError;
import social.kith.activitypub.signature.SignatureException;
import social.kith.activitypub.vocab.ApMapper;
import social.kith.activitypub.vocab.AsObject;
import social.kith.activitypub.vocab.AsParser;
import social.kith.activitypub.vocab.MappedActivity;
import social.kith.activitypub.vocab.MappedPost;
import social.kith.activitypub.vocab.Ref;
import social.kith.activitypub.vocab.VocabException;
import social.kith.core.KithException;
import social.kith.core.event.Event;
import social.kith.core.event.EventSink;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Mention;
import social.kith.core.model.Post;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;

/**
 * The inbox pipeline: every POST to a personal or the shared inbox passes, in this order,
 * <ol>
 *   <li>the size cap (413);
 *   <li>domain blocks on the key ids the signature claims (403, before the body is parsed or a key
 *       fetched) and the rate limit of that host, if its bucket is already empty (429);
 *   <li>signature verification with a key whose owner is proven (401; the one exception is an
 *       actor deleting itself after its key went 410, checklist item 22);
 *   <li>domain and actor blocks on the verified signer (403) and the signer's rate limit (429,
 *       with {@code Retry-After});
 *   <li>parsing (400), then <b>signer is actor</b>: the key's owner must be the activity's actor
 *       (401, checklist item 10) - before anything else looks at the activity;
 *   <li>origin checks: the activity id on the actor's origin, nothing claiming to be local (400/403);
 *   <li>idempotency by activity id (a duplicate answers 202 and does nothing; bounded, with TTL);
 *   <li>built-in handling by type (follows, accepts, ownership of updates and deletes, moves ...),
 *       which may still refuse (403 {@link InboxError#NOT_OWNER});
 *   <li>core events ({@link Event}) and the typed listeners.
 * </ol>
 * A refused delivery changes nothing: no store write, no event, no listener. The rate limit is
 * only spent by verified signers, so a forged keyId cannot throttle someone else's server; it is
 * checked before verification only when the claimed host is already out of tokens.
 *
 * <p>Idempotency is keyed by the activity id alone (not per inbox): the handling already addresses
 * every local recipient, so the same activity delivered to several inboxes acts once.
 */
public final class Inbox implements InboxEndpoint {
  private static final System.Logger LOG = System.getLogger(Inbox.class.getName());
  private static final String AS = "https://www.w3.org/ns/activitystreams";
  /** Longer authorities (no DNS name is) are not remembered, so the cache below stays small. */
  private static final int MAX_CACHED_AUTHORITY = 300;
  /** Whether {@code scheme://authority} has an origin at all (a pure function, so one cache serves every inbox). */
  private static final Cache<String, Boolean> HAS_ORIGIN = Caffeine.newBuilder().maximumSize(4096).build();
  /** The activity types with built-in handling and listeners. */
  public static final Set<String> TYPES = Set.of("Follow", "Accept", "Reject", "Undo", "Create", "Update",
      "Delete", "Like", "EmojiReact", "Announce", "Block", "Move", "Flag");

  /** What became of an accepted delivery. */
  public enum Outcome {
    /** Handled: state changed and/or events raised, listeners called. */
    PROCESSED,
    /** Seen before (same activity id): nothing done again. */
    DUPLICATE,
    /** Valid but nothing to do (e.g. an Accept for a follow Kith never sent, an unknown type). */
    IGNORED
  }

  private final ActorUrls urls;
  private final LocalActors actors;
  private final FollowerStore follows;
  private final RequestAuthenticator authenticator;
  private final EventSink events;
  private final Outgoing outgoing;
  private final Moderation moderation;
  private final TokenBuckets buckets;
  private final DocumentFetcher fetcher;
  private final boolean autoAccept;
  private final int maxBodyBytes;
  private final AsParser parser;
  private final ApMapper mapper;
  private final InstantSource clock;
  private final Cache<String, Boolean> seen;
  private final Cache<String, URI> postOwners;
  private final Map<String, List<ActivityListener>> listeners;
  private final AtomicLong listenerFailures = new AtomicLong();
  private final AtomicLong signaturesVerified = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private final Consumer<URI> actorGone;

  private Inbox(Builder b) {
    this.urls = b.urls;
    this.actors = b.actors;
    this.follows = b.follows;
    this.authenticator = b.authenticator;
    this.events = b.events;
    this.outgoing = b.outgoing;
    this.moderation = b.moderation;
    this.clock = b.clock;
    this.buckets = new TokenBuckets(b.rateLimit, b.clock);
    this.fetcher = b.fetcher;
    this.autoAccept = b.autoAccept;
    this.maxBodyBytes = b.maxBodyBytes;
    AsParser.Limits d = AsParser.Limits.DEFAULT;
    this.parser = AsParser.withLimits(new AsParser.Limits(b.maxBodyBytes, d.maxDepth(), d.maxStringChars(),
        d.maxNameChars(), d.maxNumberChars(), d.maxArrayElements(), d.maxObjectProperties(), d.maxTotalNodes()));
    this.mapper = ApMapper.withClock(b.clock);
    com.github.benmanes.caffeine.cache.Ticker ticker = () -> {
      Instant i = b.clock.instant();
      return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    };
    this.seen = Caffeine.newBuilder().maximumSize(b.seenEntries).expireAfterWrite(b.seenTtl).ticker(ticker).build();
    this.postOwners = Caffeine.newBuilder().maximumSize(b.ownerEntries).expireAfterWrite(Duration.ofDays(30))
        .ticker(ticker).build();
    Map<String, List<ActivityListener>> l = new HashMap<>();
    b.listeners.forEach((k, v) -> l.put(k, List.copyOf(v)));
    this.listeners = Map.copyOf(l);
    this.actorGone = b.actorGone;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The moderation lists (changeable at run time). */
  public Moderation moderation() {
    return moderation;
  }

  /** How many listener invocations threw (each was logged and isolated). */
  public long listenerFailures() {
    return listenerFailures.get();
  }

  /**
   * How many deliveries had their HTTP signature(s) verified by the authenticator (whatever became
   * of them afterwards). Read-only, since this inbox was built.
   */
  public long signaturesVerified() {
    return signaturesVerified.get();
  }

  /** How many deliveries {@link #receive} refused (bad or missing signature, blocked, malformed ...). */
  public long refusedDeliveries() {
    return refused.get();
  }

  /** How many deliveries ended {@link Outcome#PROCESSED} (not duplicates, not ignored). */
  public long processedActivities() {
    return processed.get();
  }

  /** How many activity ids are remembered for idempotency right now. */
  public long rememberedActivities() {
    seen.cleanUp();
    return seen.estimatedSize();
  }

  // ------------------------------------------------------------------ HTTP face

  @Override
  public ApResponse receive(ApRequest request, Optional<String> localActor) {
    try {
      process(request, localActor);
      return ApResponse.empty(202);
    } catch (InboxException e) {
      refused.incrementAndGet();
      LOG.log(Level.DEBUG, "inbox refused a delivery: " + e.getMessage());
      ApResponse r = ApResponse.text(e.reason().httpStatus(), e.reason().name()
          + e.signatureError().map(s -> ": " + s.name()).orElse(""));
      if (e.retryAfter().isPresent()) {
        long seconds = Math.max(1, (e.retryAfter().get().toMillis() + 999) / 1000);
        r = r.withHeader("Retry-After", Long.toString(seconds));
      }
      return r;
    }
  }

  /**
   * Runs the pipeline on one delivery.
   *
   * @param localActor the personal inbox's username, or empty for the shared inbox
   * @throws InboxException if the delivery is refused; then nothing was changed
   */
  public Outcome process(ApRequest request, Optional<String> localActor) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(localActor, "localActor");
    if (localActor.isPresent() && actors.find(localActor.get()).isEmpty()) {
      throw new InboxException(InboxError.UNKNOWN_RECIPIENT, "no local actor " + localActor.get());
    }
    if (request.bodyLength() > maxBodyBytes) {
      throw new InboxException(InboxError.PAYLOAD_TOO_LARGE, "the body is larger than " + maxBodyBytes + " bytes");
    }
    for (String host : RequestAuthenticator.claimedKeyHosts(request)) {
      if (moderation.isDomainBlocked(host)) {
        throw new InboxException(InboxError.DOMAIN_BLOCKED, host + " is blocked");
      }
      Optional<Duration> wait = buckets.waitFor(host);
      if (wait.isPresent()) {
        throw InboxException.rateLimited(host, wait.get());
      }
    }
    SignedBy signer;
    try {
      signer = authenticator.authenticate(request);
    } catch (SignatureException e) {
      Optional<Outcome> gone = goneActorDelete(request, e);
      if (gone.isPresent()) {
        return gone.get();
      }
      throw new InboxException(InboxError.SIGNATURE_REJECTED, e.reason(), e.getMessage());
    }
    signaturesVerified.incrementAndGet();
    URI signerActor = signer.actor();
    String signerHost = RequestAuthenticator.normalizeHost(Objects.requireNonNullElse(signerActor.getHost(), ""));
    if (moderation.isDomainBlocked(signerHost)) {
      throw new InboxException(InboxError.DOMAIN_BLOCKED, signerHost + " is blocked");
    }
    if (moderation.isActorBlocked(signerActor)) {
      throw new InboxException(InboxError.ACTOR_BLOCKED, "the signer is blocked");
    }
    Optional<Duration> wait = buckets.take(signerHost);
    if (wait.isPresent()) {
      throw InboxException.rateLimited(signerHost, wait.get());
    }

    AsObject activity;
    try {
      activity = parser.parse(request.body());
    } catch (VocabException e) {
      throw new InboxException(InboxError.MALFORMED_ACTIVITY, "not an ActivityStreams document: " + e.error().name());
    }
    if (!activity.isActivity() || activity.type().isEmpty()) {
      throw new InboxException(InboxError.MALFORMED_ACTIVITY, "not an activity");
    }
    URI actor = singleId(activity.actor(), "actor");
    if (!sameActor(actor, signerActor)) {
      throw new InboxException(InboxError.SIGNER_NOT_ACTOR, "signed by " + signerActor + " for actor " + actor);
    }
    URI id = activity.id().map(Inbox::uri).orElseThrow(() -> new InboxException(InboxError.MALFORMED_ACTIVITY,
        "the activity has no id"));
    if (id == null || !sameOrigin(id, actor)) {
      throw new InboxException(InboxError.ORIGIN_MISMATCH, "the activity id is not on the actor's origin");
    }
    if (urls.isLocal(actor) || urls.isLocal(id)) {
      throw new InboxException(InboxError.LOCAL_OBJECT, "a remote delivery claims a local id");
    }

    String key = id.toString();
    if (seen.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
      return Outcome.DUPLICATE;
    }
    try {
      String type = activity.type().get();
      Handled handled = TYPES.contains(type) ? handle(type, activity, actor, localActor) : Handled.IGNORED;
      if (handled.ignored) {
        return Outcome.IGNORED;
      }
      List<ActivityListener> typed = listeners.getOrDefault(type, List.of());
      if (typed.isEmpty()) {
        // Mapping the whole activity again (HTML sanitising included) is for listeners only: with
        // none for this type, it was half of the inbox's CPU time per Create (bench: ap-federation).
        handled.events.forEach(events::emit);
        processed.incrementAndGet();
        return Outcome.PROCESSED;
      }
      Optional<MappedActivity> mapped;
      try {
        mapped = Optional.of(mapper.activity(activity));
      } catch (KithException e) {
        mapped = Optional.empty();
      }
      ReceivedActivity received = new ReceivedActivity(type, id, actor, activity, handled.object, mapped, localActor);
      handled.events.forEach(events::emit);
      for (ActivityListener l : typed) {
        try {
          l.onActivity(received);
        } catch (RuntimeException e) {
          listenerFailures.incrementAndGet();
          LOG.log(Level.WARNING, "an inbox listener failed on " + type + " " + id, e);
        }
      }
      processed.incrementAndGet();
      return Outcome.PROCESSED;
    } catch (RuntimeException e) {
      seen.invalidate(key); // refused or failed: a corrected redelivery must not count as a duplicate
      throw e;
    }
  }

  /**
   * Checklist item 22: an actor deleting itself cannot be verified once its key answers 404 or
   * 410. If the unverifiable request is {@code Delete{actor: A, object: A}} signed with a key of A's
   * own document, it is answered 202 so the sender stops retrying; only a 410 (gone for good) is
   * acted on: A's follows are forgotten and the gone-actor hook runs. A keyId of any other actor,
   * or any other activity, stays a signature failure.
   */
  private Optional<Outcome> goneActorDelete(ApRequest request, SignatureException e) {
    if (e.reason() != SignatureError.KEY_UNAVAILABLE
        || !(e.getCause() instanceof FetchException)) {
      return Optional.empty();
    }
    int status = ((FetchException) e.getCause()).status();
    if (status != 410 && status != 404) {
      return Optional.empty();
    }
    AsObject activity;
    try {
      activity = parser.parse(request.body());
    } catch (VocabException notJson) {
      return Optional.empty();
    }
    if (!activity.is("Delete") || activity.actor().size() != 1 || activity.object().size() != 1) {
      return Optional.empty();
    }
    URI actor = activity.actor().get(0).id().map(Inbox::uri).orElse(null);
    URI object = activity.object().get(0).id().map(Inbox::uri).orElse(null);
    List<String> keyIds;
    try {
      keyIds = HttpSignatureVerifier.parse(request.headers()).stream()
          .map(sig -> sig.keyId()).toList();
    } catch (SignatureException unparsable) {
      return Optional.empty();
    }
    if (actor == null || object == null || !sameActor(actor, object) || urls.isLocal(actor) || keyIds.isEmpty()
        || !keyIds.stream().map(Inbox::uri).allMatch(k -> k != null && sameActor(k, actor))) {
      return Optional.empty();
    }
    if (status == 404) {
      LOG.log(Level.DEBUG, "Delete of " + actor + " whose key is 404: acknowledged, not acted on");
      return Optional.of(Outcome.IGNORED);
    }
    for (LocalActor local : actors.all()) {
      follows.remove(local.username(), Direction.FOLLOWERS, actor);
      follows.remove(local.username(), Direction.FOLLOWING, actor);
    }
    try {
      actorGone.accept(actor);
    } catch (RuntimeException hookFailed) {
      listenerFailures.incrementAndGet();
      LOG.log(Level.WARNING, "the gone-actor hook failed for " + actor, hookFailed);
    }
    return Optional.of(Outcome.PROCESSED);
  }

  // ------------------------------------------------------------------ built-in handling

  /** The result of the built-in handling: the trusted object, the events to raise, or "ignore". */
  private static final class Handled {
    static final Handled IGNORED = new Handled(true, Optional.empty(), List.of());
    final boolean ignored;
    final Optional<AsObject> object;
    final List<Event> events;

    Handled(boolean ignored, Optional<AsObject> object, List<Event> events) {
      this.ignored = ignored;
      this.object = object;
      this.events = events;
    }

    static Handled of(Optional<AsObject> object, Event... events) {
      return new Handled(false, object, List.of(events));
    }

    static Handled of(Optional<AsObject> object, List<Event> events) {
      return new Handled(false, object, List.copyOf(events));
    }
  }

  private Handled handle(String type, AsObject a, URI actor, Optional<String> inbox) {
    switch (type) {
      case "Follow":
        return follow(a, actor);
      case "Accept":
      case "Reject":
        return answer(type, a, actor);
      case "Undo":
        return undo(a, actor);
      case "Create":
        return create(a, actor);
      case "Update":
        return update(a, actor);
      case "Delete":
        return delete(a, actor);
      case "Like":
      case "EmojiReact":
        return like(a, actor);
      case "Announce":
        return announce(a, actor);
      case "Block":
        return block(a, actor);
      case "Move":
        return move(a, actor);
      case "Flag":
        return Handled.of(Optional.empty());
      default:
        return Handled.IGNORED;
    }
  }

  private Handled follow(AsObject a, URI actor) {
    URI target = singleId(a.object(), "object");
    Optional<LocalActor> local = urls.username(target).flatMap(actors::find);
    if (local.isEmpty()) {
      return Handled.IGNORED;
    }
    String name = local.get().username();
    Optional<URI> followId = a.id().map(Inbox::uri);
    Optional<FollowRecord> existing = follows.get(name, Direction.FOLLOWERS, actor);
    IdentityId follower = identity(actor);
    IdentityId followee = identity(urls.actor(name));
    if (existing.filter(r -> r.state() == FollowState.ACCEPTED).isPresent()) {
      outgoing.send(name, response("Accept", name, a), actor); // they lost our Accept: send it again
      return Handled.of(Optional.empty());
    }
    if (local.get().manuallyApprovesFollowers() || !autoAccept) {
      follows.put(name, Direction.FOLLOWERS, new FollowRecord(actor, followId, FollowState.PENDING, clock.instant()));
      return Handled.of(Optional.empty(), new Event.FollowRequested(follower, followee, clock.instant()));
    }
    follows.put(name, Direction.FOLLOWERS, new FollowRecord(actor, followId, FollowState.ACCEPTED, clock.instant()));
    outgoing.send(name, response("Accept", name, a), actor);
    return Handled.of(Optional.empty(), new Event.Followed(follower, followee, clock.instant()));
  }

  /**
   * Approves a pending follower of a locked actor: the follow becomes accepted and an
   * {@code Accept} goes out.
   *
   * @return false if there was no pending follow
   */
  public boolean approve(String localActor, URI follower) {
    Optional<FollowRecord> r = follows.get(localActor, Direction.FOLLOWERS, follower)
        .filter(f -> f.state() == FollowState.PENDING);
    if (r.isEmpty()) {
      return false;
    }
    follows.put(localActor, Direction.FOLLOWERS, r.get().withState(FollowState.ACCEPTED));
    outgoing.send(localActor, response("Accept", localActor, followDocument(r.get(), follower, localActor)), follower);
    events.emit(new Event.Followed(identity(follower), identity(urls.actor(localActor)), clock.instant()));
    return true;
  }

  /**
   * Refuses (or removes) a follower: the record goes and a {@code Reject} goes out.
   *
   * @return false if there was no such follower
   */
  public boolean reject(String localActor, URI follower) {
    Optional<FollowRecord> r = follows.get(localActor, Direction.FOLLOWERS, follower);
    if (r.isEmpty()) {
      return false;
    }
    follows.remove(localActor, Direction.FOLLOWERS, follower);
    outgoing.send(localActor, response("Reject", localActor, followDocument(r.get(), follower, localActor)), follower);
    return true;
  }

  private AsObject followDocument(FollowRecord r, URI follower, String local) {
    AsObject.Builder f = AsObject.builder().type("Follow").set("actor", follower.toString())
        .set("object", urls.actor(local).toString());
    r.activityId().ifPresent(id -> f.id(id.toString()));
    return f.build();
  }

  private AsObject response(String type, String local, AsObject follow) {
    return AsObject.builder().context(AS)
        .id(urls.actor(local) + "#" + type.toLowerCase(java.util.Locale.ROOT) + "s/" + UUID.randomUUID())
        .type(type).set("actor", urls.actor(local).toString()).set("object", follow).build();
  }

  private Handled answer(String type, AsObject a, URI actor) {
    Ref object = first(a.object(), "object");
    Optional<AsObject> embedded = object.embedded().filter(o -> o.is("Follow"));
    // Which local actor's follow is answered: the embedded Follow names it; a bare reference must
    // match the id of a follow Kith sent to this actor.
    for (LocalActor local : actors.all()) {
      String name = local.username();
      Optional<FollowRecord> rec = follows.get(name, Direction.FOLLOWING, actor);
      if (rec.isEmpty()) {
        continue;
      }
      boolean matches;
      if (embedded.isPresent()) {
        AsObject f = embedded.get();
        Optional<URI> follower = f.actor().stream().map(Ref::id).flatMap(Optional::stream).map(Inbox::uri)
            .filter(Objects::nonNull).findFirst();
        Optional<URI> followee = f.object().stream().map(Ref::id).flatMap(Optional::stream).map(Inbox::uri)
            .filter(Objects::nonNull).findFirst();
        matches = follower.filter(u -> u.equals(urls.actor(name))).isPresent()
            && followee.filter(u -> sameActor(u, actor)).isPresent();
      } else {
        Optional<URI> ref = object.id().map(Inbox::uri);
        matches = ref.isPresent() && rec.get().activityId().equals(ref);
      }
      if (!matches) {
        continue;
      }
      if (type.equals("Accept")) {
        if (rec.get().state() == FollowState.ACCEPTED) {
          return Handled.IGNORED;
        }
        follows.put(name, Direction.FOLLOWING, rec.get().withState(FollowState.ACCEPTED));
        return Handled.of(embedded, new Event.Followed(identity(urls.actor(name)), identity(actor), clock.instant()));
      }
      follows.remove(name, Direction.FOLLOWING, actor);
      return Handled.of(embedded);
    }
    return Handled.IGNORED; // not an answer to a follow of ours by this actor (item 38)
  }

  private Handled undo(AsObject a, URI actor) {
    Ref object = first(a.object(), "object");
    Optional<AsObject> inner = object.embedded();
    if (inner.isPresent() && !inner.get().actor().isEmpty()) {
      URI innerActor = singleId(inner.get().actor(), "object.actor");
      if (!sameActor(innerActor, actor)) {
        throw new InboxException(InboxError.NOT_OWNER, "undoing an activity of another actor");
      }
    }
    boolean isFollow = inner.map(o -> o.is("Follow")).orElse(false);
    if (isFollow || inner.isEmpty()) {
      Optional<URI> ref = object.id().map(Inbox::uri);
      Optional<URI> followee = inner.flatMap(o -> o.object().stream().map(Ref::id).flatMap(Optional::stream)
          .map(Inbox::uri).filter(Objects::nonNull).findFirst());
      List<Event> out = new ArrayList<>();
      for (LocalActor local : actors.all()) {
        String name = local.username();
        Optional<FollowRecord> rec = follows.get(name, Direction.FOLLOWERS, actor);
        if (rec.isEmpty()) {
          continue;
        }
        boolean matches = followee.isPresent() ? followee.get().equals(urls.actor(name))
            : ref.isPresent() && rec.get().activityId().equals(ref);
        if (matches && follows.remove(name, Direction.FOLLOWERS, actor)) {
          out.add(new Event.Unfollowed(identity(actor), identity(urls.actor(name)), clock.instant()));
        }
      }
      if (isFollow || !out.isEmpty()) {
        return Handled.of(inner, out);
      }
    }
    return Handled.of(inner);
  }

  private Handled create(AsObject a, URI actor) {
    AsObject object = trustedObject(a, actor).orElseThrow(() -> new InboxException(InboxError.MALFORMED_ACTIVITY,
        "Create needs an embedded or fetchable object"));
    URI objectId = object.id().map(Inbox::uri).orElseThrow(() -> new InboxException(InboxError.MALFORMED_ACTIVITY,
        "the created object has no id"));
    checkAuthor(object, actor);
    URI known = postOwners.getIfPresent(objectId.toString());
    if (known != null && !sameActor(known, actor)) {
      throw new InboxException(InboxError.NOT_OWNER, "the object belongs to another actor");
    }
    if (!object.isPost()) {
      return Handled.of(Optional.of(object));
    }
    Post post = post(object);
    postOwners.put(objectId.toString(), actor);
    if (moderation.isMuted(actor)) {
      return Handled.of(Optional.of(object));
    }
    Instant now = clock.instant();
    List<Event> out = new ArrayList<>();
    out.add(new Event.PostReceived(post, now));
    if (post.inReplyTo().map(p -> urls.isLocal(uri(p.value()))).orElse(false)) {
      out.add(new Event.Replied(post, now));
    }
    for (IdentityId local : mentionedLocals(post, object)) {
      out.add(new Event.Mentioned(post, local, now));
    }
    return Handled.of(Optional.of(object), out);
  }

  private List<IdentityId> mentionedLocals(Post post, AsObject object) {
    List<IdentityId> out = new ArrayList<>();
    List<URI> candidates = new ArrayList<>();
    for (Mention m : post.mentions()) {
      m.id().map(i -> uri(i.value())).ifPresent(candidates::add);
    }
    for (Ref r : object.to()) {
      r.id().map(Inbox::uri).ifPresent(candidates::add);
    }
    for (URI u : candidates) {
      if (u != null) {
        urls.username(u).flatMap(actors::find).map(l -> identity(urls.actor(l.username())))
            .filter(i -> !out.contains(i)).ifPresent(out::add);
      }
    }
    return out;
  }

  private Handled update(AsObject a, URI actor) {
    Ref ref = first(a.object(), "object");
    Optional<URI> refId = ref.id().map(Inbox::uri);
    if (refId.isEmpty() || refId.get() == null) {
      throw new InboxException(InboxError.MALFORMED_ACTIVITY, "Update needs an object with an id");
    }
    if (urls.isLocal(refId.get())) {
      throw new InboxException(InboxError.LOCAL_OBJECT, "a remote Update of a local object");
    }
    if (ref.embedded().map(AsObject::isActor).orElse(false)) {
      if (!sameActor(refId.get(), actor)) {
        throw new InboxException(InboxError.NOT_OWNER, "an actor may only update itself");
      }
      return Handled.of(ref.embedded());
    }
    AsObject object = trustedObject(a, actor).orElseThrow(() -> new InboxException(InboxError.MALFORMED_ACTIVITY,
        "Update needs an embedded or fetchable object"));
    checkAuthor(object, actor);
    URI known = postOwners.getIfPresent(refId.get().toString());
    if (known != null && !sameActor(known, actor)) {
      throw new InboxException(InboxError.NOT_OWNER, "the object belongs to another actor");
    }
    if (!object.isPost()) {
      return Handled.of(Optional.of(object));
    }
    Post post = post(object);
    if (moderation.isMuted(actor)) {
      return Handled.of(Optional.of(object));
    }
    return Handled.of(Optional.of(object), new Event.Edited(post, clock.instant()));
  }

  private Handled delete(AsObject a, URI actor) {
    URI target = singleId(a.object(), "object");
    if (urls.isLocal(target)) {
      throw new InboxException(InboxError.LOCAL_OBJECT, "a remote Delete of a local object");
    }
    if (sameActor(target, actor)) {
      // The account is gone: forget every follow with it.
      for (LocalActor local : actors.all()) {
        follows.remove(local.username(), Direction.FOLLOWERS, actor);
        follows.remove(local.username(), Direction.FOLLOWING, actor);
      }
      return Handled.of(Optional.empty());
    }
    URI known = postOwners.getIfPresent(target.toString());
    if (known == null) {
      if (!sameOrigin(target, actor)) {
        throw new InboxException(InboxError.NOT_OWNER, "deleting an object on another origin");
      }
      // Never seen here, perhaps not yet: deliveries run in parallel, so a Delete can overtake its
      // Create. Raised all the same (same origin as the actor) so that a store can keep a tombstone
      // against the actor's late Create; it cannot touch another actor's post.
      return Handled.of(Optional.empty(), new Event.Deleted(identity(actor), postId(target), clock.instant()));
    }
    if (!sameActor(known, actor)) {
      throw new InboxException(InboxError.NOT_OWNER, "the object belongs to another actor");
    }
    postOwners.invalidate(target.toString());
    return Handled.of(Optional.empty(), new Event.Deleted(identity(actor), postId(target), clock.instant()));
  }

  private Handled like(AsObject a, URI actor) {
    URI target = singleId(a.object(), "object");
    if (moderation.isMuted(actor)) {
      return Handled.of(Optional.empty());
    }
    Optional<String> reaction;
    try {
      reaction = mapper.activity(a).interaction()
          .filter(i -> i instanceof social.kith.core.model.Interaction.Like)
          .flatMap(i -> ((social.kith.core.model.Interaction.Like) i).reaction());
    } catch (KithException e) {
      reaction = Optional.empty();
    }
    if (a.is("EmojiReact") && reaction.isEmpty()) {
      throw new InboxException(InboxError.MALFORMED_ACTIVITY, "an EmojiReact without a usable emoji");
    }
    return Handled.of(Optional.empty(), new Event.Liked(identity(actor), postId(target), reaction, clock.instant()));
  }

  private Handled announce(AsObject a, URI actor) {
    URI target = singleId(a.object(), "object");
    if (moderation.isDomainBlocked(target)) {
      return Handled.IGNORED; // a boost of blocked content: neither fetched nor stored (item 39)
    }
    if (moderation.isMuted(actor)) {
      return Handled.of(Optional.empty());
    }
    return Handled.of(Optional.empty(), new Event.Shared(identity(actor), postId(target), clock.instant()));
  }

  private Handled block(AsObject a, URI actor) {
    URI target = singleId(a.object(), "object");
    Optional<String> local = urls.username(target).flatMap(actors::find).map(LocalActor::username);
    if (local.isEmpty()) {
      return Handled.IGNORED;
    }
    follows.remove(local.get(), Direction.FOLLOWERS, actor);
    follows.remove(local.get(), Direction.FOLLOWING, actor);
    return Handled.of(Optional.empty(), new Event.Blocked(identity(actor), identity(target), clock.instant()));
  }

  private Handled move(AsObject a, URI actor) {
    URI origin = singleId(a.object(), "object");
    if (!sameActor(origin, actor)) {
      throw new InboxException(InboxError.NOT_OWNER, "an actor may only move itself");
    }
    URI target = a.ref("target").flatMap(Ref::id).map(Inbox::uri).orElseThrow(
        () -> new InboxException(InboxError.MALFORMED_ACTIVITY, "Move needs a target"));
    if (fetcher == null) {
      LOG.log(Level.INFO, "Move of " + actor + " not followed: no document fetcher to verify " + target);
      return Handled.IGNORED;
    }
    AsObject newActor;
    try {
      newActor = fetcher.fetch(target);
    } catch (KithException e) {
      throw new InboxException(InboxError.MALFORMED_ACTIVITY, "the Move target cannot be fetched: " + e.code().name());
    }
    boolean listed = newActor.isActor() && newActor.id().map(Inbox::uri).filter(u -> sameActor(u, target)).isPresent()
        && newActor.refs("alsoKnownAs").stream().map(Ref::id).flatMap(Optional::stream).map(Inbox::uri)
        .anyMatch(u -> u != null && sameActor(u, actor));
    if (!listed) {
      throw new InboxException(InboxError.NOT_OWNER, "the Move target does not list the old account in alsoKnownAs");
    }
    for (LocalActor local : actors.all()) {
      String name = local.username();
      if (follows.get(name, Direction.FOLLOWING, actor).filter(r -> r.state() == FollowState.ACCEPTED).isEmpty()) {
        continue;
      }
      URI followId = URI.create(urls.actor(name) + "#follows/" + UUID.randomUUID());
      follows.remove(name, Direction.FOLLOWING, actor);
      follows.put(name, Direction.FOLLOWING, new FollowRecord(target, Optional.of(followId), FollowState.PENDING,
          clock.instant()));
      outgoing.send(name, AsObject.builder().context(AS).id(followId.toString()).type("Follow")
          .set("actor", urls.actor(name).toString()).set("object", target.toString()).build(), target);
    }
    return Handled.of(Optional.of(newActor));
  }

  // ------------------------------------------------------------------ checks and helpers

  /**
   * The activity's object if it may be trusted: embedded and on the actor's origin, or fetched from
   * its own origin when a fetcher is configured (item 23). A bare reference is fetched likewise.
   */
  private Optional<AsObject> trustedObject(AsObject a, URI actor) {
    Ref ref = first(a.object(), "object");
    URI id = ref.id().map(Inbox::uri).orElse(null);
    if (id == null) {
      throw new InboxException(InboxError.MALFORMED_ACTIVITY, "the object has no id");
    }
    if (urls.isLocal(id)) {
      throw new InboxException(InboxError.LOCAL_OBJECT, "a remote activity carries a local object id");
    }
    Optional<AsObject> embedded = ref.embedded().filter(o -> !o.types().isEmpty());
    if (embedded.isPresent() && sameOrigin(id, actor)) {
      return embedded;
    }
    if (fetcher == null) {
      if (embedded.isPresent()) {
        throw new InboxException(InboxError.ORIGIN_MISMATCH, "the embedded object is on another origin");
      }
      return Optional.empty();
    }
    if (moderation.isDomainBlocked(id)) {
      throw new InboxException(InboxError.DOMAIN_BLOCKED, "the object is on a blocked domain");
    }
    try {
      AsObject fetched = fetcher.fetch(id);
      if (fetched.id().map(Inbox::uri).filter(id::equals).isEmpty()) {
        throw new InboxException(InboxError.ORIGIN_MISMATCH, "the fetched object has another id");
      }
      return Optional.of(fetched);
    } catch (InboxException e) {
      throw e;
    } catch (KithException e) {
      throw new InboxException(InboxError.ORIGIN_MISMATCH, "the object cannot be fetched from its origin: "
          + e.code().name());
    }
  }

  private static void checkAuthor(AsObject object, URI actor) {
    List<URI> authors = object.attributedTo().stream().map(Ref::id).flatMap(Optional::stream).map(Inbox::uri)
        .toList();
    if (authors.isEmpty() || authors.stream().anyMatch(u -> u == null || !sameActor(u, actor))) {
      throw new InboxException(InboxError.NOT_OWNER, "the object is not attributed to the actor");
    }
  }

  private Post post(AsObject object) {
    try {
      MappedPost mapped = mapper.post(object);
      return mapped.post();
    } catch (KithException e) {
      throw new InboxException(InboxError.MALFORMED_ACTIVITY, "the object cannot be read as a post: "
          + e.code().name());
    }
  }

  private static Ref first(List<Ref> refs, String what) {
    if (refs.isEmpty()) {
      throw new InboxException(InboxError.MALFORMED_ACTIVITY, "no " + what);
    }
    if (refs.size() > 1) {
      throw new InboxException(InboxError.MALFORMED_ACTIVITY, "more than one " + what);
    }
    return refs.get(0);
  }

  private static URI singleId(List<Ref> refs, String what) {
    URI u = first(refs, what).id().map(Inbox::uri).orElse(null);
    if (u == null) {
      throw new InboxException(InboxError.MALFORMED_ACTIVITY, what + " is not an http(s) URI");
    }
    return u;
  }

  /** An absolute http(s) URI, or null. */
  private static URI uri(String s) {
    try {
      URI u = new URI(s);
      String scheme = u.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
          || u.getHost() == null) {
        return null;
      }
      return u;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * Same origin by {@link Origin}, the one canonical origin function. An origin depends on the scheme
   * and the authority alone (a {@link URI} holds no backslash, and userinfo is part of the authority),
   * so URIs with the same scheme and raw authority, the usual case of an activity, its object and its
   * author, share one answer, remembered per authority (a profile of the inbox showed two URL parses
   * per comparison).
   */
  static boolean sameOrigin(URI a, URI b) {
    String authority = a.getRawAuthority();
    if (authority != null && authority.equals(b.getRawAuthority()) && Objects.equals(a.getScheme(), b.getScheme())) {
      if (authority.length() > MAX_CACHED_AUTHORITY) {
        return Origin.parse(a.toString()).isPresent();
      }
      return HAS_ORIGIN.get(a.getScheme() + "://" + authority, k -> Origin.parse(a.toString()).isPresent());
    }
    try {
      return Origin.of(a).equals(Origin.of(b));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The same actor: same origin (after normalisation), path and query; fragments ignored. */
  private static boolean sameActor(URI a, URI b) {
    return Objects.equals(a.getRawPath(), b.getRawPath()) && Objects.equals(a.getRawQuery(), b.getRawQuery())
        && sameOrigin(a, b);
  }

  private static IdentityId identity(URI u) {
    return IdentityId.of(Protocol.ACTIVITYPUB, u.toString());
  }

  private static PostId postId(URI u) {
    return PostId.of(Protocol.ACTIVITYPUB, u.toString());
  }

  @Override
  public String toString() {
    return "Inbox[" + urls.base() + ", autoAccept=" + autoAccept + ", " + moderation + "]";
  }

  /** Builds an {@link Inbox}; urls, actors, follower store and authenticator are required. */
  public static final class Builder {
    private ActorUrls urls;
    private LocalActors actors;
    private FollowerStore follows;
    private RequestAuthenticator authenticator;
    private EventSink events = EventSink.DISCARD;
    private Outgoing outgoing = Outgoing.NOT_SENT;
    private Moderation moderation = new Moderation();
    private RateLimit rateLimit = RateLimit.DEFAULT;
    private DocumentFetcher fetcher;
    private boolean autoAccept = true;
    private int maxBodyBytes = 256 * 1024;
    private int seenEntries = 100_000;
    private Duration seenTtl = Duration.ofHours(6);
    private int ownerEntries = 100_000;
    private InstantSource clock = InstantSource.system();
    private final Map<String, List<ActivityListener>> listeners = new HashMap<>();
    private Consumer<URI> actorGone = actor -> { };

    private Builder() {}

    /**
     * Called when an actor deleted itself and its key is gone (410), e.g. to drop it from an actor
     * cache; its follows are already forgotten.
     */
    public Builder onActorGone(Consumer<URI> hook) {
      this.actorGone = Objects.requireNonNull(hook, "hook");
      return this;
    }

    public Builder urls(ActorUrls urls) {
      this.urls = Objects.requireNonNull(urls, "urls");
      return this;
    }

    public Builder actors(LocalActors actors) {
      this.actors = Objects.requireNonNull(actors, "actors");
      return this;
    }

    public Builder followers(FollowerStore store) {
      this.follows = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Verifies signatures and proves key ownership; see {@link RequestAuthenticator}. */
    public Builder authenticator(RequestAuthenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /** Where core events go (default: discarded). */
    public Builder events(EventSink events) {
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }

    /** Where Accepts, Rejects and Follows the inbox answers with go (default {@link Outgoing#NOT_SENT}). */
    public Builder outgoing(Outgoing outgoing) {
      this.outgoing = Objects.requireNonNull(outgoing, "outgoing");
      return this;
    }

    public Builder moderation(Moderation moderation) {
      this.moderation = Objects.requireNonNull(moderation, "moderation");
      return this;
    }

    public Builder rateLimit(RateLimit limit) {
      this.rateLimit = Objects.requireNonNull(limit, "limit");
      return this;
    }

    /** Refetches cross-origin objects and verifies Move targets; without one they are refused or ignored. */
    public Builder fetcher(DocumentFetcher fetcher) {
      this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
      return this;
    }

    /** Accept follows of unlocked actors at once (default true); locked actors always approve by hand. */
    public Builder autoAccept(boolean on) {
      this.autoAccept = on;
      return this;
    }

    /** The largest activity accepted, 1 KiB to 16 MiB (default 256 KiB). */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1024 || bytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException("max body must be 1 KiB to 16 MiB");
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** How many activity ids are remembered, and for how long (default 100,000 for 6 hours). */
    public Builder idempotency(int entries, Duration ttl) {
      if (entries < 1 || ttl == null || ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("idempotency needs a positive size and TTL");
      }
      this.seenEntries = entries;
      this.seenTtl = ttl;
      return this;
    }

    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Calls {@code listener} for every accepted activity of {@code type} (one of {@link #TYPES}). */
    public Builder on(String type, ActivityListener listener) {
      if (!TYPES.contains(type)) {
        throw new IllegalArgumentException("not an activity type the inbox handles: " + type);
      }
      listeners.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(Objects.requireNonNull(listener));
      return this;
    }

    public Inbox build() {
      if (urls == null || actors == null || follows == null || authenticator == null) {
        throw new IllegalStateException("urls, actors, followers and authenticator are required");
      }
      return new Inbox(this);
    }
  }
}
