package social.kith.activitypub.adapter;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import social.kith.activitypub.ActivityPub;
import social.kith.activitypub.delivery.DeliveryWorker;
import social.kith.activitypub.delivery.LogDeliveryQueue;
import social.kith.activitypub.discovery.ActorLookup;
import social.kith.activitypub.discovery.Handle;
import social.kith.activitypub.discovery.WebFingerClient;
import social.kith.activitypub.fetch.ActorResolver;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.activitypub.fetch.FetchedDocument;
import social.kith.activitypub.fetch.HostResolver;
import social.kith.activitypub.fetch.KeyResolver;
import social.kith.activitypub.fetch.RemoteActor;
import social.kith.activitypub.fetch.RemoteFetcher;
import social.kith.activitypub.fetch.RemotePoster;
import social.kith.activitypub.inbox.DocumentFetcher;
import social.kith.activitypub.inbox.Inbox;
import social.kith.activitypub.media.MediaException;
import social.kith.activitypub.media.MediaStore;
import social.kith.activitypub.media.StoredMedia;
import social.kith.activitypub.outbox.InboxTarget;
import social.kith.activitypub.outbox.OutboundActivity;
import social.kith.activitypub.outbox.Outbox;
import social.kith.activitypub.outbox.RecipientDirectory;
import social.kith.activitypub.server.ActorServer;
import social.kith.activitypub.server.ActorUrls;
import social.kith.activitypub.server.ApHandler;
import social.kith.activitypub.server.ApResponse;
import social.kith.activitypub.server.ApServer;
import social.kith.activitypub.server.FileActors;
import social.kith.activitypub.server.FileFollowerStore;
import social.kith.activitypub.server.FileObjectStore;
import social.kith.activitypub.server.FollowRecord;
import social.kith.activitypub.server.FollowState;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.activitypub.server.KeyLookup;
import social.kith.activitypub.server.LocalActor;
import social.kith.activitypub.server.RequestAuthenticator;
import social.kith.activitypub.server.StoredObject;
import social.kith.activitypub.signature.HttpSignatureVerifier;
import social.kith.activitypub.vocab.AsObject;
import social.kith.core.ClosedException;
import social.kith.core.ErrorCode;
import social.kith.core.InvalidInputException;
import social.kith.core.KithException;
import social.kith.core.NetworkException;
import social.kith.core.NotFoundException;
import social.kith.core.UnsupportedCapabilityException;
import social.kith.core.event.Event;
import social.kith.core.event.EventSink;
import social.kith.core.feed.FeedPage;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.Attachment;
import social.kith.core.model.Capability;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;
import social.kith.core.model.IdentityKey;
import social.kith.core.model.Interaction;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Receipt;
import social.kith.core.model.Visibility;
import social.kith.core.spi.AdapterContext;
import social.kith.core.spi.ProtocolAdapter;
import social.kith.crypto.RsaPrivateKey;

/**
 * ActivityPub behind core's {@link ProtocolAdapter}: one embedded server (actor documents,
 * WebFinger, inboxes) for the local actors in a data directory, the inbox pipeline whose Accepts
 * and Rejects go out through the same durable delivery queue as everything the outbox sends, and
 * a post store for the feeds (own posts, posts received, their threads).
 *
 * <p>Layout of the data directory: {@code actors/} ({@link FileActors}, keys mode 0600),
 * {@code follows/} ({@link FileFollowerStore}), {@code objects/} ({@link FileObjectStore}, what
 * the router serves by id), {@code media/} ({@link MediaStore}, the files attachments name),
 * {@code delivery.log} ({@link LogDeliveryQueue}) and {@code received.log} (the posts received,
 * with their edits and deletes: {@link ReceivedPostLog}). Own posts are reloaded from the object
 * store and received posts from {@code received.log} on open, so every feed survives restarts.
 *
 * <p><b>Attachments.</b> {@link #upload} stores a file in the media store (at most
 * {@link MediaStore#DEFAULT_MAX_BYTES} unless {@link Builder#maxMediaBytes} says otherwise; passive
 * image, video and audio types only, checked against their file signatures) and returns the
 * {@link Attachment} to put in a draft; the server serves it at {@code /media/<sha256>}, publicly
 * by that unguessable URL (see {@link ActorServer}). A draft's attachments must all be media of
 * this adapter's store: another URL is refused with {@link InvalidInputException}, a media URL of
 * this server whose file is not stored with {@link NotFoundException}, before anything is stored
 * or queued. Received posts keep the remote URLs of their attachments; {@link #fetchMedia} reads
 * such a file through the SSRF guard, never directly.
 *
 * <p>Not offered: {@code REACTION_EMOJI} (no reaction the fediverse agrees on). A block applies to the whole adapter (the inbox's
 * moderation is per server), and is kept in {@code blocks.txt}. Feeds hold up to
 * 50,000 posts in memory (the oldest beyond that leave the feeds; received ones also leave
 * {@code received.log} at its next compaction, on open or once it holds about 100,000 records).
 *
 * <p>The server listens from {@link Builder#build()} on (so actor URLs are known), but answers
 * inbox POSTs with 503 until {@link #start}: events need the sink the context brings. An application
 * that has an HTTP stack of its own (Jetty, a servlet container, Netty ...) builds the adapter with
 * {@link Builder#externalServer} instead: no socket is bound, and it mounts {@link #handler()}.
 */
public final class ApAdapter implements ProtocolAdapter {
  /** What this adapter really does; everything else is refused with {@code UNSUPPORTED}. */
  public static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
      Capability.PUBLISH, Capability.REPLY, Capability.CONTENT_WARNING, Capability.ATTACHMENTS,
      Capability.VISIBILITY_UNLISTED,
      Capability.VISIBILITY_FOLLOWERS, Capability.DIRECT_MESSAGE, Capability.LIKE, Capability.SHARE, Capability.FOLLOW,
      Capability.UNFOLLOW, Capability.BLOCK, Capability.EDIT, Capability.DELETE, Capability.RESOLVE_HANDLE,
      Capability.FEED_AUTHOR, Capability.FEED_HOME, Capability.FEED_NOTIFICATIONS, Capability.FEED_THREAD,
      Capability.LIVE_EVENTS));
  /** The most blocked actors kept (and read back from {@code blocks.txt}). */
  public static final int MAX_BLOCKS = 100_000;
  /** How deep the thread feed follows reply chains inside the store. */
  static final int MAX_THREAD_DEPTH = 1000;

  private final FileActors actors;
  private final FileFollowerStore follows;
  private final FileObjectStore objects;
  private final MediaStore media;
  private final LogDeliveryQueue queue;
  /** The embedded server; null when built with {@link Builder#externalServer}. */
  private final ApServer server;
  private final ApHandler endpoint;
  private final ActorUrls urls;
  private final String defaultActor;
  private final boolean autoAccept;
  private final InstantSource fixedClock;
  private final Executor fixedExecutor;
  private final RemoteFetcher fetcher;
  private final ActorResolver actorResolver;
  private final ActorLookup lookup;
  private final RemotePoster poster;
  private final RequestAuthenticator authenticator;
  private final PostStore posts = new PostStore();
  private final ReceivedPostLog received;
  private final Path blocksFile;
  private final Set<URI> blocked = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final AtomicReference<Inbox> inbox = new AtomicReference<>();
  private final List<java.util.function.Consumer<Event>> eventHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicLong deliveriesSent = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong deliveriesFailed = new java.util.concurrent.atomic.AtomicLong();
  /** Out-of-order Updates and Deletes of received posts; guarded by {@code received}. */
  private final ArrivalOrder arrivals = new ArrivalOrder(ArrivalOrder.DEFAULT_MAX);

  private volatile AdapterContext context;
  private volatile Outbox outbox;
  private volatile DeliveryWorker worker;
  private volatile Inbox counted; // the started inbox, kept after close for stats()
  private volatile boolean closed;

  private ApAdapter(Builder b, ApServer server, AtomicReference<ApHandler> handler) {
    this.server = server;
    this.urls = new ActorUrls(b.externalBase != null ? b.externalBase : b.baseUrl != null ? b.baseUrl : server.uri());
    this.actors = FileActors.open(b.dataDir.resolve("actors"));
    this.follows = FileFollowerStore.open(b.dataDir.resolve("follows"));
    this.objects = FileObjectStore.open(b.dataDir.resolve("objects"));
    this.media = MediaStore.builder().directory(b.dataDir.resolve("media")).maxBytes(b.maxMediaBytes).build();
    this.queue = LogDeliveryQueue.open(b.dataDir.resolve("delivery.log"));
    this.blocksFile = b.dataDir.resolve("blocks.txt");
    loadBlocks();
    this.defaultActor = b.actorName;
    this.autoAccept = b.autoAccept;
    this.fixedClock = b.clock;
    this.fixedExecutor = b.executor;
    this.fetcher = RemoteFetcher.builder().policy(b.policy).resolver(b.resolver).build();
    this.actorResolver = ActorResolver.create(fetcher);
    WebFingerClient wf = b.policy.allowsLoopbackAndPlainHttp()
        ? WebFingerClient.insecurePlainHttpForTesting(fetcher) : WebFingerClient.create(fetcher);
    this.lookup = ActorLookup.create(fetcher, actorResolver, wf);
    this.poster = RemotePoster.builder().policy(b.policy).resolver(b.resolver).build();
    this.authenticator = RequestAuthenticator.of(HttpSignatureVerifier.builder().build(),
        KeyLookup.of(KeyResolver.create(fetcher, actorResolver)));
    if (defaultActor != null && actors.find(defaultActor).isEmpty()) {
      actors.create(defaultActor, defaultActor);
    }
    ActorServer router = ActorServer.builder().base(urls.base()).actors(actors).followers(follows).objects(objects)
        .media(media).authenticator(authenticator).inbox((req, local) -> {
          Inbox in = inbox.get();
          return in == null || closed ? ApResponse.text(503, "not started") : in.receive(req, local);
        }).build();
    this.endpoint = request -> closed ? ApResponse.text(503, "closed") : router.handle(request);
    handler.set(endpoint);
    for (LocalActor a : actors.all()) {
      URI id = urls.actor(a.username());
      for (StoredObject o : objects.activities(a.username())) {
        // the note as last stored (edits replace it, deletes remove it), not as first created
        o.document().embedded("object").flatMap(AsObject::id).map(URI::create).flatMap(objects::get)
            .map(StoredObject::document).filter(AsObject::isPost).ifPresent(note -> {
          try {
            posts.put(social.kith.activitypub.vocab.ApMapper.DEFAULT.post(note).post());
          } catch (KithException e) {
            System.getLogger(ApAdapter.class.getName()).log(Level.WARNING, "skipping stored post of " + id
                + ": " + e.getMessage());
          }
        });
      }
    }
    try {
      this.received = ReceivedPostLog.open(b.dataDir.resolve("received.log"), posts::put, posts::remove);
    } catch (RuntimeException e) {
      queue.close();
      throw e;
    }
    try {
      received.compactIfWorthIt(posts.select(p -> !isLocal(p.author())));
    } catch (RuntimeException e) { // the uncompacted log is still whole
      System.getLogger(ApAdapter.class.getName()).log(Level.WARNING, "cannot compact received.log: " + e);
    }
    // bounded while running too: at most about twice the posts the feeds can hold
    received.compactWhenOver(2L * PostStore.MAX_POSTS + ReceivedPostLog.COMPACT_MIN_RECORDS,
        () -> posts.select(p -> !isLocal(p.author())));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens (creating on first use) the actor {@code actorName} in {@code dataDir}, served on
   * {@code host:port} with the public base URL {@code baseUrl}.
   */
  public static ApAdapter open(Path dataDir, URI baseUrl, String actorName, String host, int port, FetchPolicy policy) {
    return builder().dataDir(dataDir).baseUrl(baseUrl).actorName(actorName).bind(host, port).fetchPolicy(policy)
        .build();
  }

  // ------------------------------------------------------------------ identity

  /** The public base URL actor ids live under. */
  public ActorUrls urls() {
    return urls;
  }

  /**
   * The bound server's own URL (which differs from the base URL behind a proxy).
   *
   * @throws IllegalStateException if the adapter was built with {@link Builder#externalServer}: it
   *     binds no server of its own
   */
  public URI serverUri() {
    if (server == null) {
      throw new IllegalStateException("no embedded server: this adapter is served by the application's own HTTP"
          + " stack at " + urls.base() + " (Builder.externalServer)");
    }
    return server.uri();
  }

  /**
   * The framework-neutral endpoint this adapter serves, the same one its embedded server calls:
   * WebFinger, NodeInfo, actor documents, inboxes, outboxes, collections, objects by id and media
   * (see {@link ActorServer}). An adapter built with {@link Builder#externalServer} binds no socket;
   * the application mounts this handler at the root of the base URL in its own HTTP stack (convert
   * the request to an {@link social.kith.activitypub.server.ApRequest}, call, write the
   * {@link ApResponse} back). Inbox POSTs answer 503 until {@link #start}, and every request answers
   * 503 after {@link #close}.
   */
  public ApHandler handler() {
    return endpoint;
  }

  /** The actor URL of {@code username}. */
  public URI actorUrl(String username) {
    return urls.actor(username);
  }

  /** The handle {@code user@host[:port]} of {@code username}. */
  public String handle(String username) {
    return username + "@" + urls.authority();
  }

  /** The actor opened with {@link Builder#actorName}, if any. */
  public Optional<String> defaultActor() {
    return Optional.ofNullable(defaultActor);
  }

  /**
   * The local identity of {@code username}, creating the actor (and its key) on first use.
   *
   * @throws InvalidInputException if the name is not a valid username
   */
  public LocalIdentity localIdentity(String username) {
    LocalActor actor;
    synchronized (actors) {
      actor = actors.find(username).orElseGet(() -> actors.create(username, username));
    }
    RsaPrivateKey key = actors.privateKey(username).orElseThrow(
        () -> new InvalidInputException("no private key for " + username));
    String keyId = urls.keyId(username).toString();
    Identity identity = Identity.builder(IdentityId.of(Protocol.ACTIVITYPUB, urls.actor(username).toString()))
        .handle("@" + handle(username)).displayName(actor.name().orElse(username))
        .key(new IdentityKey(keyId, key.verifyingKey())).build();
    return LocalIdentity.of(identity, keyId, key);
  }

  /** Registers a hook that sees every event this adapter emits (after the context's sink). */
  public void onEvent(java.util.function.Consumer<Event> hook) {
    eventHooks.add(Objects.requireNonNull(hook, "hook"));
  }

  /**
   * What crossed the wire since this adapter was built, counted where the work was done: by the
   * inbox's signature verifier and pipeline, and by the delivery worker. Read-only; all zero before
   * {@link #start}, kept after {@link #close}.
   *
   * @param signaturesVerified inbox deliveries whose HTTP signatures verified against the sender's key
   * @param deliveriesRefused inbox deliveries refused (bad or missing signature, blocked, malformed ...)
   * @param activitiesProcessed inbox deliveries acted on (not duplicates, not ignored)
   * @param deliveriesSent signed outgoing deliveries that the recipient's inbox accepted (2xx)
   * @param deliveriesFailed outgoing deliveries given up for good (dead-lettered)
   */
  public record Stats(long signaturesVerified, long deliveriesRefused, long activitiesProcessed,
      long deliveriesSent, long deliveriesFailed) {}

  /** The counters of this adapter; see {@link Stats}. */
  public Stats stats() {
    Inbox in = counted;
    return new Stats(in == null ? 0 : in.signaturesVerified(), in == null ? 0 : in.refusedDeliveries(),
        in == null ? 0 : in.processedActivities(), deliveriesSent.get(), deliveriesFailed.get());
  }

  /** The inbox pipeline (moderation, listeners), once started. */
  public Optional<Inbox> inbox() {
    return Optional.ofNullable(inbox.get());
  }

  // ------------------------------------------------------------------ media

  /** The media store attachments are taken from ({@code media/} in the data directory). */
  public MediaStore media() {
    return media;
  }

  /**
   * Stores {@code data} as {@code mediaType} in the media store and returns the attachment that
   * names it: its URL on this server ({@code /media/<sha256>}), the media type, {@code altText},
   * and the pixel size when the image header gives it. Uploading the same bytes again returns the
   * same URL. Nothing is published until a draft with the attachment is.
   *
   * @throws MediaException {@code TYPE_NOT_ALLOWED}, {@code TOO_LARGE}, {@code CONTENT_MISMATCH} or a
   *     storage failure; nothing is stored
   * @throws InvalidInputException if {@code altText} is longer than {@link Attachment#MAX_ALT_TEXT}
   *     or not text (checked before anything is stored)
   */
  public Attachment upload(byte[] data, String mediaType, String altText) {
    Objects.requireNonNull(data, "data");
    return upload(new java.io.ByteArrayInputStream(data), mediaType, altText);
  }

  /**
   * As {@link #upload(byte[], String, String)}, streaming the bytes (to the stream's end; it is not
   * closed) into the store without holding them in memory.
   */
  public Attachment upload(java.io.InputStream in, String mediaType, String altText) {
    ensureOpen();
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(mediaType, "mediaType");
    // the alt text is checked by the model's own rules before a byte is stored
    Attachment.of(urls.base(), "image/png", Objects.requireNonNull(altText, "altText"));
    StoredMedia m = media.put(in, mediaType);
    Attachment a = Attachment.of(urls.media(m.id()), m.mediaType(), altText);
    return m.width().isPresent() ? a.withSize(m.width().getAsInt(), m.height().getAsInt()) : a;
  }

  /**
   * The bytes of the file {@code attachment} names, read through the SSRF guard: see
   * {@link #fetchMedia(URI, long)}.
   */
  public FetchedDocument fetchMedia(Attachment attachment, long maxBytes) {
    return fetchMedia(Objects.requireNonNull(attachment, "attachment").url(), maxBytes);
  }

  /**
   * The bytes of a media file. A media URL of this server is read from the media store; any other
   * URL only through the guarded fetcher ({@link RemoteFetcher#fetchMedia}): every resolved address
   * and redirect checked against the SSRF guard of this adapter's {@link FetchPolicy}, the body cut
   * off at {@code maxBytes} while it streams, the policy's total deadline, a Content-Type from
   * {@link social.kith.activitypub.media.MediaTypes#SAFE} and a body that starts as that type does.
   * Blocks the calling thread for at most that deadline.
   *
   * @throws social.kith.activitypub.fetch.FetchException for every refusal and failure of a remote fetch
   * @throws NotFoundException for a media URL of this server whose file is not stored
   * @throws IllegalArgumentException if {@code maxBytes} is not 1 to {@link RemoteFetcher#MAX_MEDIA_BYTES}
   */
  public FetchedDocument fetchMedia(URI url, long maxBytes) {
    ensureOpen();
    Objects.requireNonNull(url, "url");
    if (maxBytes < 1 || maxBytes > RemoteFetcher.MAX_MEDIA_BYTES) {
      throw new IllegalArgumentException("maxBytes must be 1 to " + RemoteFetcher.MAX_MEDIA_BYTES + ", not " + maxBytes);
    }
    Optional<String> local = urls.mediaId(url);
    if (local.isPresent()) {
      StoredMedia m = media.find(local.get()).orElseThrow(() -> new NotFoundException("no media " + local.get()));
      if (m.size() > maxBytes) {
        throw new social.kith.activitypub.fetch.FetchException(social.kith.activitypub.fetch.FetchError.BODY_TOO_LARGE,
            url, "the file of " + m.size() + " bytes exceeds the cap of " + maxBytes);
      }
      byte[] bytes = media.bytes(m.id()).orElseThrow(() -> new NotFoundException("no media " + m.id()));
      return new FetchedDocument(url, url, m.mediaType(), bytes);
    }
    return fetcher.fetchMedia(url, maxBytes);
  }

  /**
   * Checks that every attachment of {@code draft} is media held in this adapter's store, with the
   * type it was stored as, before anything is stored or sent.
   */
  private void requireOwnMedia(PostDraft draft) {
    for (Attachment a : draft.attachments()) {
      String shown = a.url().toString().length() > 200 ? a.url().toString().substring(0, 200) + "..." : a.url().toString();
      String id = urls.mediaId(a.url()).orElseThrow(() -> new InvalidInputException("the attachment " + shown
          + " is not media of this server (" + urls.base() + "/media/...); upload it with ApAdapter.upload first"));
      StoredMedia m = media.find(id).orElseThrow(() -> new NotFoundException(
          "the attachment " + shown + " names no file in this server's media store"));
      if (!m.mediaType().equals(a.mediaType())) {
        throw new InvalidInputException("the attachment " + shown + " says " + a.mediaType() + ", but its file is "
            + m.mediaType());
      }
    }
  }

  // ------------------------------------------------------------------ follow requests

  /**
   * The follow requests waiting for {@code who}'s decision, oldest first. They wait when the
   * adapter was built with {@link Builder#autoAccept autoAccept(false)} or the actor approves
   * followers manually; each arrived as an {@link Event.FollowRequested} and is kept (on disk)
   * until {@link #approve} or {@link #reject}.
   *
   * @throws InvalidInputException if {@code who} is not a local actor of this adapter with its key
   */
  public List<FollowRecord> pendingFollows(LocalIdentity who) {
    String name = ownName(who);
    return follows.list(name, Direction.FOLLOWERS).stream().filter(r -> r.state() == FollowState.PENDING)
        .sorted(java.util.Comparator.comparing(FollowRecord::since).thenComparing(r -> r.remote().toString()))
        .toList();
  }

  /**
   * Accepts the pending follow request of {@code follower}: it becomes an accepted follower (and
   * receives {@code who}'s posts from now on), an {@code Accept} goes out through the durable
   * delivery queue and an {@link Event.Followed} is emitted.
   *
   * @return false if {@code follower} has no pending request (nothing changes)
   * @throws InvalidInputException if {@code who} is not a local actor of this adapter with its key,
   *     or {@code follower} is not an ActivityPub actor URL
   */
  public synchronized boolean approve(LocalIdentity who, IdentityId follower) {
    started();
    String name = ownName(who);
    URI remote = remoteActor(follower);
    return isPending(name, remote) && runningInbox().approve(name, remote);
  }

  /**
   * Refuses the pending follow request of {@code follower}: the request is forgotten and a
   * {@code Reject} goes out through the durable delivery queue. An accepted follower is not
   * touched (this returns false); block the actor to drop it.
   *
   * @return false if {@code follower} has no pending request (nothing changes)
   * @throws InvalidInputException as for {@link #approve}
   */
  public synchronized boolean reject(LocalIdentity who, IdentityId follower) {
    started();
    String name = ownName(who);
    URI remote = remoteActor(follower);
    return isPending(name, remote) && runningInbox().reject(name, remote);
  }

  private boolean isPending(String name, URI remote) {
    return follows.get(name, Direction.FOLLOWERS, remote).filter(r -> r.state() == FollowState.PENDING).isPresent();
  }

  private Inbox runningInbox() {
    Inbox in = inbox.get();
    if (in == null || closed) {
      throw new ClosedException("the ActivityPub adapter is closed");
    }
    return in;
  }

  /** The actor URL of a remote ActivityPub identity. */
  private static URI remoteActor(IdentityId id) {
    Objects.requireNonNull(id, "follower");
    if (!id.protocol().equals(Protocol.ACTIVITYPUB)) {
      throw new InvalidInputException("the identity " + id + " is not an ActivityPub identity");
    }
    try {
      URI u = new URI(id.value());
      if (u.isAbsolute() && u.getHost() != null) {
        return u;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new InvalidInputException("the identity " + id.value() + " is not an actor URL");
  }

  /** The durable delivery queue (pending jobs, dead letters). */
  public LogDeliveryQueue deliveryQueue() {
    return queue;
  }

  /** The follow graph. */
  public FileFollowerStore follows() {
    return follows;
  }

  // ------------------------------------------------------------------ ProtocolAdapter

  @Override
  public Protocol protocol() {
    return Protocol.ACTIVITYPUB;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public boolean recognizes(String handleOrId) {
    if (handleOrId == null || handleOrId.isBlank() || handleOrId.length() > IdentityId.MAX_LENGTH) {
      return false;
    }
    if (ActorLookup.isUrl(handleOrId)) {
      try {
        URI u = new URI(handleOrId);
        return u.isAbsolute() && u.getHost() != null && u.getFragment() == null;
      } catch (URISyntaxException e) {
        return false;
      }
    }
    try {
      Handle.parse(handleOrId);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public synchronized void start(AdapterContext ctx) {
    Objects.requireNonNull(ctx, "context");
    ensureOpen();
    if (context != null) {
      throw new IllegalStateException("already started");
    }
    InstantSource clock = clock(ctx);
    EventSink sink = received -> {
      Event event = ordered(received);
      if (event == null) {
        return;
      }
      ctx.events().emit(event);
      for (var hook : eventHooks) {
        try {
          hook.accept(event);
        } catch (RuntimeException e) {
          ctx.logger().log(Level.WARNING, "event hook failed: " + e);
        }
      }
    };
    this.outbox = Outbox.builder().clock(clock).followers(local -> {
      Optional<String> name = urls.username(local);
      if (name.isEmpty()) {
        return List.of();
      }
      List<InboxTarget> out = new ArrayList<>();
      for (FollowRecord r : follows.accepted(name.get(), Direction.FOLLOWERS)) {
        target(r.remote()).ifPresent(out::add);
      }
      return out;
    }).recipients(new RecipientDirectory() {
      @Override
      public Optional<InboxTarget> inboxOf(URI actor) {
        return target(actor);
      }

      @Override
      public Optional<URI> authorOf(PostId post) {
        return posts.get(post).map(p -> URI.create(p.author().value()));
      }
    }).build();
    this.worker = DeliveryWorker.builder().queue(queue).poster(poster).clock(clock)
        .senderKeys(actor -> urls.username(actor).flatMap(n -> actors.credential(n, urls)))
        .listener(new social.kith.activitypub.delivery.DeliveryListener() {
          @Override
          public void delivered(social.kith.activitypub.delivery.DeliveryJob job, int status) {
            deliveriesSent.incrementAndGet();
          }

          @Override
          public void failedPermanently(social.kith.activitypub.delivery.DeliveryJob job,
              social.kith.activitypub.delivery.DeliveryError reason, String message) {
            deliveriesFailed.incrementAndGet();
          }
        }).build();
    Executor exec = executor(ctx);
    Inbox in = Inbox.builder().urls(urls).actors(actors).followers(follows).authenticator(authenticator)
        .events(sink).clock(clock).fetcher(DocumentFetcher.of(fetcher)).autoAccept(autoAccept)
        .outgoing((local, activity, recipient) -> exec.execute(() -> sendTo(local, activity, recipient)))
        .build();
    blocked.forEach(in.moderation()::blockActor);
    this.context = ctx;
    worker.start();
    counted = in;
    inbox.set(in);
  }

  /**
   * Applies a received post, edit or delete to the feeds and {@code received.log} (one lock, so the
   * log records the changes in the order the feeds saw them), and returns the event to emit: the
   * event itself, a received post carrying an edit that arrived first, or null for a post that was
   * deleted before it arrived and for an edit or delete of a post not held (yet).
   */
  private Event ordered(Event event) {
    if (event instanceof Event.PostReceived r) {
      synchronized (received) {
        Post stored = arrivals.created(r.post());
        if (stored == null) {
          return null;
        }
        posts.put(stored);
        persist(() -> received.put(stored));
        return stored == r.post() ? event : new Event.PostReceived(stored, r.at());
      }
    } else if (event instanceof Event.Edited e) {
      // the inbox checked that the editor owns the post
      synchronized (received) {
        Optional<Post> held = posts.get(e.post().id());
        if (held.isEmpty()) {
          arrivals.editedBeforeCreate(e.post());
          return null; // its PostReceived, when the Create comes, carries the edit
        } else if (held.filter(old -> old.author().equals(e.post().author())).isPresent()) {
          posts.put(e.post());
          persist(() -> received.put(e.post()));
        }
      }
    } else if (event instanceof Event.Deleted d) {
      synchronized (received) {
        Optional<Post> held = posts.get(d.post());
        if (held.isEmpty()) {
          arrivals.deletedBeforeCreate(d.post(), d.actor());
          return null; // nothing the application saw goes away
        } else if (held.filter(old -> old.author().equals(d.actor())).isPresent()) {
          posts.remove(d.post());
          persist(() -> received.remove(d.post()));
        }
      }
    }
    return event;
  }

  /**
   * Writes to {@code received.log}. A failure is logged, not thrown: the post is in the feeds and
   * the sender's delivery already counts as done, so refusing it now would not bring it back.
   */
  private static void persist(Runnable write) {
    try {
      write.run();
    } catch (RuntimeException e) {
      System.getLogger(ApAdapter.class.getName()).log(Level.WARNING, "cannot write received.log: " + e);
    }
  }

  /** Queues an inbox answer (Accept/Reject) once the recipient's inbox is known. */
  private void sendTo(String local, AsObject activity, URI recipient) {
    Optional<InboxTarget> target = target(recipient);
    if (target.isEmpty() || closed) {
      System.getLogger(ApAdapter.class.getName()).log(Level.WARNING, "cannot deliver "
          + activity.type().orElse("?") + " to " + recipient + ": inbox unknown");
      return;
    }
    URI actor = urls.actor(local);
    OutboundActivity out = new OutboundActivity(activity.id().orElse(actor + "#answer"),
        social.kith.activitypub.outbox.LocalActor.of(actor), activity, List.of(target.get().inbox()), List.of());
    try {
      outbox.send(out, queue);
      worker.wake();
    } catch (KithException | IllegalStateException e) { // closed meanwhile, or the queue refused it
      System.getLogger(ApAdapter.class.getName()).log(Level.WARNING, "cannot queue "
          + activity.type().orElse("?") + " to " + recipient + ": " + e.getMessage());
    }
  }

  private Optional<InboxTarget> target(URI actor) {
    try {
      RemoteActor a = actorResolver.resolve(actor);
      return Optional.of(new InboxTarget(a.id(), a.inbox(), a.sharedInbox()));
    } catch (KithException e) {
      System.getLogger(ApAdapter.class.getName()).log(Level.INFO, "no inbox for " + actor + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public Identity resolve(String handleOrId) {
    started();
    UnsupportedCapabilityException.requireAll(protocol(), CAPABILITIES, List.of(Capability.RESOLVE_HANDLE));
    if (!recognizes(handleOrId)) {
      throw new InvalidInputException("not an ActivityPub handle or actor URL: " + handleOrId);
    }
    return timed(() -> {
      Optional<String> local = localName(handleOrId);
      if (local.isPresent()) {
        return localIdentity(local.get()).identity();
      }
      ActorLookup.Result r;
      try {
        r = lookup.lookup(handleOrId);
      } catch (InvalidInputException e) {
        throw e;
      } catch (KithException e) {
        if (e.code() == ErrorCode.Standard.NOT_FOUND) {
          throw e;
        }
        throw new NotFoundException("cannot resolve " + handleOrId + ": " + e.getMessage(), e);
      }
      RemoteActor a = r.actor().orElseThrow(() -> new NotFoundException(handleOrId + " is not an actor"));
      Identity.Builder b = Identity.builder(IdentityId.of(Protocol.ACTIVITYPUB, a.id().toString()));
      Optional<String> handle = r.handle().map(h -> "@" + h.user() + "@" + h.host());
      if (handle.isEmpty()) {
        // the actor's own claim on its own origin (as Mastodon shows it before a WebFinger check)
        String user = a.document().path("preferredUsername").asText("");
        if (user.matches("[A-Za-z0-9_.~-]{1,128}")) {
          handle = Optional.of("@" + user + "@" + a.id().getRawAuthority());
        }
      }
      handle.ifPresent(b::handle);
      Optional.ofNullable(a.document().path("name").asText(null)).filter(s -> !s.isBlank())
          .ifPresent(n -> b.displayName(n.length() > Identity.MAX_DISPLAY_NAME ? n.substring(0, Identity.MAX_DISPLAY_NAME) : n));
      return b.build();
    });
  }

  /** A local actor named by handle or URL, answered without the network. */
  private Optional<String> localName(String handleOrId) {
    if (ActorLookup.isUrl(handleOrId)) {
      try {
        URI u = new URI(handleOrId);
        return urls.username(u).filter(n -> u.equals(urls.actor(n)) && actors.find(n).isPresent());
      } catch (URISyntaxException e) {
        return Optional.empty();
      }
    }
    Handle h = Handle.parse(handleOrId);
    return h.host().equalsIgnoreCase(urls.authority()) && actors.find(h.user()).isPresent() ? Optional.of(h.user())
        : Optional.empty();
  }

  @Override
  public Post publish(LocalIdentity author, PostDraft draft) {
    started();
    Objects.requireNonNull(draft, "draft");
    UnsupportedCapabilityException.requireAll(protocol(), CAPABILITIES, draft.requiredCapabilities());
    String name = ownName(author);
    for (Protocol p : draft.referencedProtocols()) {
      if (!p.equals(Protocol.ACTIVITYPUB)) {
        throw new InvalidInputException("the draft refers to " + p + ", not ActivityPub");
      }
    }
    requireOwnMedia(draft);
    Optional<Post> parent = draft.inReplyTo().flatMap(posts::get);
    return timed(() -> {
      OutboundActivity out = outbox.publish(social.kith.activitypub.outbox.LocalActor.of(urls.actor(name)), draft);
      AsObject note = out.activity().embedded("object").orElseThrow();
      URI noteId = URI.create(note.id().orElseThrow());
      Instant at = note.published().orElseGet(() -> clock(context).instant());
      Post.Builder pb = Post.builder(PostId.of(Protocol.ACTIVITYPUB, noteId.toString()), author.id(), at).draft(draft);
      parent.ifPresent(p -> pb.threadRoot(p.conversation()));
      Post post = pb.build();
      Visibility vis = draft.visibility();
      objects.put(new StoredObject(noteId, name, vis, recipients(out.activity()), note, false, at));
      objects.put(new StoredObject(URI.create(out.id()), name, vis, recipients(out.activity()), out.activity(), true,
          at));
      posts.put(post);
      outbox.send(out, queue);
      worker.wake();
      return post;
    });
  }

  @Override
  public Receipt interact(LocalIdentity actor, Interaction interaction) {
    started();
    Objects.requireNonNull(interaction, "interaction");
    UnsupportedCapabilityException.requireAll(protocol(), CAPABILITIES, interaction.requiredCapabilities());
    String name = ownName(actor);
    if (!interaction.protocol().equals(Protocol.ACTIVITYPUB)) {
      throw new InvalidInputException("the interaction targets " + interaction.protocol() + ", not ActivityPub");
    }
    if (interaction instanceof Interaction.Reply r) {
      Post p = publish(actor, r.replyDraft());
      return new Receipt(protocol(), p.id().value(), p.createdAt(), Optional.of(p));
    }
    social.kith.activitypub.outbox.LocalActor me = social.kith.activitypub.outbox.LocalActor.of(urls.actor(name));
    Optional<Post> own = Optional.empty();
    if (interaction instanceof Interaction.Edit e) {
      own = Optional.of(ownPost(actor, e.target()));
      UnsupportedCapabilityException.requireAll(protocol(), CAPABILITIES, e.draft().requiredCapabilities());
      requireOwnMedia(e.draft());
    } else if (interaction instanceof Interaction.Delete d) {
      own = Optional.of(ownPost(actor, d.target()));
    }
    Optional<Post> target = own;
    return timed(() -> {
      Instant now = clock(context).instant();
      OutboundActivity out = outbox.interact(me, interaction);
      Optional<Post> changed = Optional.empty();
      if (interaction instanceof Interaction.Follow f) {
        URI remote = URI.create(f.target().value());
        if (out.inboxes().isEmpty()) {
          throw new NotFoundException("no inbox found for " + remote);
        }
        follows.put(name, Direction.FOLLOWING, new FollowRecord(remote, Optional.of(URI.create(out.id())),
            FollowState.PENDING, now));
      } else if (interaction instanceof Interaction.Block bl) {
        URI remote = URI.create(bl.target().value());
        block(remote);
        follows.remove(name, Direction.FOLLOWERS, remote);
        follows.remove(name, Direction.FOLLOWING, remote);
      } else if (interaction instanceof Interaction.Unfollow u) {
        follows.remove(name, Direction.FOLLOWING, URI.create(u.target().value()));
      } else if (interaction instanceof Interaction.Edit e) {
        Post edited = target.orElseThrow().toBuilder().draft(e.draft()).editedAt(now).build();
        posts.put(edited);
        out.activity().embedded("object").ifPresent(note -> objects.put(new StoredObject(
            URI.create(edited.id().value()), name, e.draft().visibility(), recipients(out.activity()), note, false,
            edited.createdAt())));
        changed = Optional.of(edited);
      } else if (interaction instanceof Interaction.Delete d) {
        posts.remove(d.target());
        objects.remove(URI.create(d.target().value()));
        objects.activities(name).stream()
            .filter(o -> o.document().embedded("object").flatMap(AsObject::id).filter(d.target().value()::equals)
                .isPresent())
            .forEach(o -> objects.remove(o.id()));
      }
      outbox.send(out, queue);
      worker.wake();
      return new Receipt(protocol(), out.id(), now, changed);
    });
  }

  @Override
  public FeedPage<Post> feed(FeedQuery query) {
    started();
    Objects.requireNonNull(query, "query");
    UnsupportedCapabilityException.requireAll(protocol(), CAPABILITIES, List.of(query.capability()));
    if (query.protocol().filter(p -> !p.equals(Protocol.ACTIVITYPUB)).isPresent()) {
      throw new InvalidInputException("the query is for " + query.protocol().get() + ", not ActivityPub");
    }
    var after = query.position();
    List<Post> selected = switch (query.kind()) {
      case AUTHOR -> {
        IdentityId author = query.author().orElseThrow();
        yield posts.select(p -> p.author().equals(author));
      }
      case THREAD -> {
        PostId root = query.root().orElseThrow();
        yield posts.select(p -> inThread(p, root));
      }
      case HOME -> {
        Optional<IdentityId> viewer = query.viewer();
        yield viewer.isEmpty() ? posts.select(p -> !isBlocked(p.author())) : posts.select(p -> !isBlocked(p.author())
            && (p.author().equals(viewer.get()) || p.addresses(viewer.get()) || follows(viewer.get(), p.author())));
      }
      case NOTIFICATIONS -> {
        Optional<IdentityId> viewer = query.viewer();
        yield posts.select(p -> !isLocal(p.author()) && !isBlocked(p.author())
            && (viewer.isPresent() ? concerns(p, viewer.get())
            : actors.all().stream().anyMatch(a -> concerns(p, identityOf(a.username())))));
      }
      default -> throw new UnsupportedCapabilityException(protocol(), Set.of(query.capability()));
    };
    return FeedPage.paginate(selected, query.limit(), after);
  }

  private boolean isBlocked(IdentityId author) {
    try {
      return blocked.contains(new URI(author.value()));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Blocks {@code actor} for the whole adapter: its deliveries are refused (403) from now on. */
  private synchronized void block(URI actor) {
    if (blocked.size() >= MAX_BLOCKS && !blocked.contains(actor)) {
      throw InvalidInputException.limit("already " + MAX_BLOCKS + " blocked actors");
    }
    if (blocked.add(actor)) {
      StringBuilder sb = new StringBuilder();
      blocked.stream().map(URI::toString).sorted().forEach(u -> sb.append(u).append('\n'));
      social.kith.activitypub.server.internal.AtomicFiles.write(blocksFile,
          sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Inbox in = inbox.get();
    if (in != null) {
      in.moderation().blockActor(actor);
    }
  }

  /** Reads {@code blocks.txt}: one absolute actor URL a line; anything else is skipped with a warning. */
  private void loadBlocks() {
    if (!java.nio.file.Files.exists(blocksFile)) {
      return;
    }
    try (var lines = java.nio.file.Files.lines(blocksFile, java.nio.charset.StandardCharsets.UTF_8)) {
      lines.limit(MAX_BLOCKS).map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> {
        try {
          URI u = new URI(l);
          if (u.isAbsolute() && u.getHost() != null) {
            blocked.add(u);
            return;
          }
        } catch (URISyntaxException e) {
          // reported below
        }
        System.getLogger(ApAdapter.class.getName()).log(Level.WARNING, "skipping a bad line in " + blocksFile);
      });
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new social.kith.core.StorageException("cannot read " + blocksFile + ": " + e.getMessage(), e);
    }
  }

  private IdentityId identityOf(String username) {
    return IdentityId.of(Protocol.ACTIVITYPUB, urls.actor(username).toString());
  }

  private boolean isLocal(IdentityId id) {
    try {
      URI u = new URI(id.value());
      return urls.username(u).filter(n -> u.equals(urls.actor(n))).isPresent();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** True if {@code viewer} (local) has an accepted follow of {@code author}. */
  private boolean follows(IdentityId viewer, IdentityId author) {
    try {
      Optional<String> name = urls.username(new URI(viewer.value()));
      return name.isPresent() && follows.get(name.get(), Direction.FOLLOWING, new URI(author.value()))
          .filter(r -> r.state() == FollowState.ACCEPTED).isPresent();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** A post that mentions or is addressed to {@code viewer}, or replies to one of its posts. */
  private boolean concerns(Post p, IdentityId viewer) {
    return p.addresses(viewer)
        || p.inReplyTo().flatMap(posts::get).filter(parent -> parent.author().equals(viewer)).isPresent();
  }

  private boolean inThread(Post p, PostId root) {
    Post cur = p;
    for (int i = 0; i < MAX_THREAD_DEPTH; i++) {
      if (cur.id().equals(root) || cur.conversation().equals(root)) {
        return true;
      }
      Optional<PostId> parent = cur.inReplyTo();
      if (parent.isEmpty()) {
        return false;
      }
      if (parent.get().equals(root)) {
        return true;
      }
      Optional<Post> next = posts.get(parent.get());
      if (next.isEmpty()) {
        return false;
      }
      cur = next.get();
    }
    return false;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    inbox.set(null);
    if (server != null) {
      server.close();
    }
    DeliveryWorker w = worker;
    if (w != null) {
      w.close();
    }
    queue.close();
    received.close();
  }

  @Override
  public String toString() {
    return "ApAdapter[" + urls.base() + "]";
  }

  // ------------------------------------------------------------------ helpers

  private void ensureOpen() {
    if (closed) {
      throw new ClosedException("the ActivityPub adapter is closed");
    }
  }

  private void started() {
    ensureOpen();
    if (context == null) {
      throw new IllegalStateException("start the adapter first");
    }
  }

  private InstantSource clock(AdapterContext ctx) {
    return fixedClock != null ? fixedClock : ctx.clock();
  }

  private Executor executor(AdapterContext ctx) {
    return fixedExecutor != null ? fixedExecutor : ctx.executor();
  }

  /** The username of a local identity this adapter holds the key of. */
  private String ownName(LocalIdentity who) {
    Objects.requireNonNull(who, "identity");
    if (!who.protocol().equals(Protocol.ACTIVITYPUB)) {
      throw new InvalidInputException("the identity " + who.id() + " is not an ActivityPub identity");
    }
    URI id;
    try {
      id = new URI(who.id().value());
    } catch (URISyntaxException e) {
      throw new InvalidInputException("the identity id is not a URL");
    }
    String name = urls.username(id).filter(n -> id.equals(urls.actor(n))).orElseThrow(
        () -> new InvalidInputException("the identity " + id + " is not an actor of " + urls.base()));
    LocalActor actor = actors.find(name).orElseThrow(() -> new InvalidInputException("no local actor " + name));
    if (!who.keyId().equals(urls.keyId(name).toString())) { // not secret: key ids are public
      throw new InvalidInputException("the identity's key is not " + name + "'s key");
    }
    if (!(who.signingKey() instanceof RsaPrivateKey given)
        || !social.kith.crypto.Pem.writeSpki(given.verifyingKey()).strip().equals(actor.publicKeyPem().strip())) { // not secret: public keys
      throw new InvalidInputException("the identity's key is not " + name + "'s key");
    }
    return name;
  }

  private Post ownPost(LocalIdentity who, PostId id) {
    if (!id.protocol().equals(Protocol.ACTIVITYPUB)) {
      throw new InvalidInputException("the post " + id + " is not an ActivityPub post");
    }
    Post p = posts.get(id).orElseThrow(() -> new NotFoundException("no post " + id.value()));
    if (!p.author().equals(who.id())) {
      throw new InvalidInputException("the post " + id.value() + " is not " + who.id().value() + "'s");
    }
    return p;
  }

  private static Set<URI> recipients(AsObject activity) {
    Set<URI> out = new java.util.HashSet<>();
    for (var r : activity.to()) {
      r.id().map(URI::create).ifPresent(out::add);
    }
    for (var r : activity.cc()) {
      r.id().map(URI::create).ifPresent(out::add);
    }
    out.remove(URI.create(ActivityPub.PUBLIC));
    return out;
  }

  /**
   * Runs a blocking call on the executor within the context's call timeout (so a bounded executor
   * must leave room for these calls besides the inbox answers it also runs).
   */
  private <T> T timed(Callable<T> call) {
    FutureTask<T> task = new FutureTask<>(call);
    try {
      executor(context).execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new NetworkException("the executor refused the call", e);
    }
    try {
      return task.get(context.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      throw new NetworkException("gave up after " + context.callTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task.cancel(true);
      throw new NetworkException("interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new NetworkException("failed: " + c, c);
    }
  }

  /** Builds (and opens: files and the listening socket) an adapter. Fails fast on missing parts. */
  public static final class Builder {
    private Path dataDir;
    private URI baseUrl;
    private String actorName;
    private FetchPolicy policy = FetchPolicy.defaults();
    private Executor executor;
    private InstantSource clock;
    private String host = "127.0.0.1";
    private int port;
    private boolean bound;
    private URI externalBase;
    private boolean autoAccept = true;
    private long maxMediaBytes = MediaStore.DEFAULT_MAX_BYTES;
    private HostResolver resolver = HostResolver.SYSTEM;

    private Builder() {}

    /** Where actors, keys, follows, objects, media and the delivery queue live (required). */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dataDir");
      return this;
    }

    /** The public base URL; default the bound server's own {@code http://host:port}. */
    public Builder baseUrl(URI base) {
      this.baseUrl = base;
      return this;
    }

    /** An actor created on first open (optional; more via {@link ApAdapter#localIdentity}). */
    public Builder actorName(String name) {
      if (name != null && !LocalActor.isUsername(name)) {
        throw new IllegalArgumentException("a username is 1 to 64 of [a-z0-9_]: " + name);
      }
      this.actorName = name;
      return this;
    }

    /** Fetch limits and address policy for everything remote (default {@link FetchPolicy#defaults()}). */
    public Builder fetchPolicy(FetchPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Executor for inbox answers; default the context's. */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** The clock for timestamps; default the context's. */
    public Builder clock(InstantSource clock) {
      this.clock = clock;
      return this;
    }

    /** Where the server listens (default {@code 127.0.0.1} and a free port). */
    public Builder bind(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      this.bound = true;
      return this;
    }

    /**
     * Serves the adapter from the application's own HTTP stack instead of the embedded
     * {@link ApServer}: {@link #build()} binds no socket, and the application mounts
     * {@link ApAdapter#handler()} at the root of {@code baseUrl}, which is the public base URL actor
     * ids, inboxes and WebFinger's {@code acct:} host derive from (so it must reach that stack).
     * Excludes {@link #bind} and {@link #baseUrl}: {@code build()} fails if either is set too.
     *
     * <p>What the embedded server does is then the stack's job: build each request's
     * {@link social.kith.activitypub.server.ApRequest#target() target} from {@code baseUrl}'s scheme,
     * the request's {@code Host} header and the path and query exactly as received (signatures cover
     * them; the handler answers 421 to another host); cap bodies before reading them whole (the
     * embedded server refuses more than 1 MiB with 413); bound read and write times; and copy a
     * {@link ApResponse#streamed streamed} body (a media file) from its source rather than holding
     * it in memory. {@code examples/.../JettyActor.java} does all of that in Jetty.
     *
     * @param baseUrl {@code http(s)://host[:port]} without path, query or fragment
     * @throws IllegalArgumentException if {@code baseUrl} is not such a URL
     */
    public Builder externalServer(URI baseUrl) {
      this.externalBase = new ActorUrls(Objects.requireNonNull(baseUrl, "baseUrl")).base();
      return this;
    }

    /**
     * The largest file {@link ApAdapter#upload} stores, 1 byte to {@link MediaStore#MAX_MAX_BYTES}
     * (default {@link MediaStore#DEFAULT_MAX_BYTES}, 40 MiB).
     */
    public Builder maxMediaBytes(long bytes) {
      if (bytes < 1 || bytes > MediaStore.MAX_MAX_BYTES) {
        throw new IllegalArgumentException("maxMediaBytes must be 1 to " + MediaStore.MAX_MAX_BYTES + ", not " + bytes);
      }
      this.maxMediaBytes = bytes;
      return this;
    }

    /**
     * The DNS seam of every remote fetch and delivery (default {@link HostResolver#SYSTEM}); the
     * SSRF guard checks every address it answers.
     */
    public Builder resolver(HostResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Accept follow requests automatically (default true; false keeps them pending). */
    public Builder autoAccept(boolean on) {
      this.autoAccept = on;
      return this;
    }

    /**
     * Opens the data directory and, unless {@link #externalServer} was given, binds and starts the
     * embedded server.
     *
     * @throws IllegalStateException if {@link #externalServer} is combined with {@link #bind} or
     *     {@link #baseUrl} (nothing is opened)
     * @throws NetworkException if the embedded server cannot listen
     */
    public ApAdapter build() {
      Objects.requireNonNull(dataDir, "dataDir is required");
      if (externalBase != null) {
        if (bound) {
          throw new IllegalStateException("externalServer and bind exclude each other: the application's HTTP stack"
              + " listens, the adapter binds nothing");
        }
        if (baseUrl != null) {
          throw new IllegalStateException("externalServer already names the base URL: do not set baseUrl too");
        }
        return new ApAdapter(this, null, new AtomicReference<>());
      }
      AtomicReference<ApHandler> handler = new AtomicReference<>();
      ApServer server;
      try {
        server = ApServer.builder().handler(r -> {
          ApHandler h = handler.get();
          return h == null ? ApResponse.text(503, "starting") : h.handle(r);
        }).bind(host, port).build().start();
      } catch (IOException e) {
        throw new NetworkException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
      }
      try {
        return new ApAdapter(this, server, handler);
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    }
  }
}
