package social.kith.ssb.adapter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import social.kith.core.ClosedException;
import social.kith.core.ErrorCode;
import social.kith.core.InvalidInputException;
import social.kith.core.KithException;
import social.kith.core.NetworkException;
import social.kith.core.NotFoundException;
import social.kith.core.StorageException;
import social.kith.core.UnsupportedCapabilityException;
import social.kith.core.event.Event;
import social.kith.core.feed.Cursor;
import social.kith.core.feed.FeedPage;
import social.kith.core.feed.FeedPosition;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.Attachment;
import social.kith.core.model.Capability;
import social.kith.core.model.Content;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Mention;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Receipt;
import social.kith.core.model.Visibility;
import social.kith.core.spi.AdapterContext;
import social.kith.core.spi.ProtocolAdapter;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.Ed25519PublicKey;
import social.kith.crypto.X25519PrivateKey;
import social.kith.ssb.BlobId;
import social.kith.ssb.FeedId;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.FeedState;
import social.kith.ssb.MessageId;
import social.kith.ssb.SecretFile;
import social.kith.ssb.SsbError;
import social.kith.ssb.SsbException;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.SsbRef;
import social.kith.ssb.ValidationResult;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.box.BoxedContent;
import social.kith.ssb.box.PrivateBox;
import social.kith.ssb.box.PrivateBoxException;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.mapping.MappedMessage;
import social.kith.ssb.mapping.SsbContentWriter;
import social.kith.ssb.mapping.SsbMapper;
import social.kith.ssb.store.Order;
import social.kith.ssb.store.PageRequest;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoredMessage;

/**
 * Secure Scuttlebutt behind core's {@link ProtocolAdapter}: a node with its own key (and any
 * number of further local feeds) that signs messages into an {@link SsbStore}, reads feeds from it
 * and reports what arrives through a {@link SsbNetwork} seam.
 *
 * <h2>What SSB can do here</h2>
 * Capabilities (see {@link #CAPABILITIES}): publishing {@code post} messages (markdown text,
 * {@code mentions} of feeds, hashtags as {@code #tag} mentions with the first as {@code channel}),
 * replies with {@code root} (the thread's first message) and {@code branch} (the parent), likes as
 * {@code vote} messages (a reaction emoji goes into {@code vote.expression}, as Manyverse writes it),
 * follow / unfollow / block as {@code contact} messages, content warnings in the
 * {@code contentWarning} field that Patchwork and Manyverse show (such a post is reported
 * {@code sensitive}), and private messages ({@link Visibility#DIRECT}) as private-box content for 1 to
 * {@value PrivateBox#MAX_RECIPIENTS} feeds including the author, who is always added so that they can
 * read their own message. Handles are feed ids ({@code @...=.ed25519}) and {@code ssb:feed/...} URIs;
 * {@link #resolve} builds the identity from {@code about} messages.
 *
 * <p>With a {@link BlobStore} ({@link Builder#blobs}, or {@link #open}) it also offers
 * {@link Capability#ATTACHMENTS}, as Patchwork writes them: each attachment names a blob already in
 * the blob store by its {@code ssb:blob/sha256/...} URI, and becomes a {@code mentions} entry
 * {@code {link: &blob, name: alt text, type, size}} (plus {@code width}, {@code height} and
 * {@code blurhash} when given: Kith's own fields, which other clients ignore) and a markdown embed at the end of the text ({@code ![alt](&blob)} for
 * images, {@code [alt](&blob)} otherwise), which SSB clients render. Reading maps blob mentions with a
 * {@code type} back to attachments.
 *
 * <p>Refused, because classic SSB has no such message or field: shares, edits, deletes
 * (messages are immutable), unlisted and followers-only posts (a post is public or private),
 * attachments without a blob store, a draft's language, and the {@code sensitive} flag without a
 * content warning. A refusal stores nothing.
 *
 * <h2>Feeds</h2>
 * Every feed is in {@link FeedPosition} order, by the author's claimed timestamp. {@code AUTHOR}:
 * the author's public posts. {@code HOME}: the public posts of the viewer and of the feeds within
 * {@link Builder#homeHops} follows of it (blocked feeds left out, as {@link SsbStore#hops} does),
 * plus the private messages the viewer can open. {@code NOTIFICATIONS} (local identities only):
 * posts by others that mention the viewer, reply to one of its posts, or are private messages to it.
 * {@code THREAD}: the root and every post whose {@code root} it is. Home and notifications leave out
 * authors the viewer blocks. Posts are indexed in memory (a few hundred bytes each) from the store
 * when the adapter starts; each page re-verifies the signatures of the messages it returns.
 *
 * <h2>Events</h2>
 * Whatever the store gains, whether published here or written by the network (or anyone else) into
 * the shared store, is indexed and reported: {@link Event.PostReceived} for every readable post,
 * {@link Event.Mentioned} / {@link Event.Replied} for local identities addressed or replied to,
 * {@link Event.Liked} for likes of local posts, and {@link Event.Followed}, {@link Event.Unfollowed},
 * {@link Event.Blocked} when either side is local. Nothing is reported for messages already stored
 * when the adapter starts.
 *
 * <p>Thread-safe. Publishing is serialised, so a feed never signs two messages with one sequence.
 */
public final class SsbAdapter implements ProtocolAdapter {
  /** What this adapter offers without a blob store; see the class comment for what each maps to. */
  public static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(
      Capability.PUBLISH, Capability.REPLY, Capability.LIKE, Capability.REACTION_EMOJI,
      Capability.FOLLOW, Capability.UNFOLLOW, Capability.BLOCK, Capability.DIRECT_MESSAGE,
      Capability.CONTENT_WARNING, Capability.LIVE_EVENTS, Capability.RESOLVE_HANDLE,
      Capability.FEED_AUTHOR, Capability.FEED_HOME, Capability.FEED_NOTIFICATIONS, Capability.FEED_THREAD));
  /** The secret key file inside an {@link #open} data directory (ssb-keys format, mode 0600). */
  public static final String SECRET_FILE = "secret";
  /** The store directory inside an {@link #open} data directory. */
  public static final String STORE_DIR = "store";
  /** The blob store directory inside an {@link #open} data directory. */
  public static final String BLOBS_DIR = "blobs";
  /** Follow hops whose posts make up the home feed by default: the feeds one follows. */
  public static final int DEFAULT_HOME_HOPS = 1;
  /** The most follow hops a home feed spans. */
  public static final int MAX_HOME_HOPS = 3;
  /** The longest handle {@link #recognizes} looks at (a feed URI is about 70 characters). */
  public static final int MAX_HANDLE_CHARS = 256;
  /** Feeds within this many hops of a local identity resolve even before any of their messages arrived. */
  private static final int RESOLVE_HOPS = 2;

  private static final SsbMapper PUBLIC = SsbMapper.publicOnly();

  private final SsbKeyPair keys;
  private final SsbStore store;
  private final boolean ownsStore;
  private final SsbNetwork network;
  private final Optional<BlobStore> blobs;
  private final Set<Capability> capabilities;
  private final int homeHops;
  private final Map<FeedId, LocalFeed> locals = new LinkedHashMap<>(); // guarded by itself
  private final SsbTimeline timeline = new SsbTimeline();
  private final Map<FeedId, Long> indexed = new HashMap<>(); // guarded by catchUpLock
  private final ReentrantLock catchUpLock = new ReentrantLock();
  private final ReentrantLock publishLock = new ReentrantLock();
  private final Object lifecycle = new Object();
  private volatile AdapterContext context;
  private volatile System.Logger log = System.getLogger(SsbAdapter.class.getName());
  private volatile boolean closed;
  private boolean networkStarted; // guarded by lifecycle

  /** A local feed: its keys, the mapper that opens its private messages, its box key. */
  private record LocalFeed(FeedId id, SsbKeyPair keys, SsbMapper mapper, X25519PrivateKey boxKey) {
    static LocalFeed of(SsbKeyPair keys) {
      return new LocalFeed(keys.id(), keys, SsbMapper.forLocal(keys), BoxedContent.boxKey(keys));
    }

    @Override
    public String toString() {
      return "LocalFeed[" + id + "]";
    }
  }

  private SsbAdapter(Builder b) {
    this.keys = b.keys;
    this.store = b.store;
    this.ownsStore = b.ownsStore;
    this.network = b.network;
    this.blobs = Optional.ofNullable(b.blobs);
    EnumSet<Capability> caps = EnumSet.copyOf(CAPABILITIES);
    if (b.blobs != null) {
      caps.add(Capability.ATTACHMENTS);
    }
    this.capabilities = Set.copyOf(caps);
    this.homeHops = b.homeHops;
    locals.put(keys.id(), LocalFeed.of(keys));
  }

  /** A builder; {@link Builder#keys} and {@link Builder#store} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@link #open(Path, SsbNetwork)} without a network. */
  public static SsbAdapter open(Path dataDir) {
    return open(dataDir, SsbNetwork.NONE);
  }

  /**
   * An adapter on a data directory: the node's key from {@value #SECRET_FILE} (created, readable by
   * the owner only, when missing), the store in {@value #STORE_DIR} and the blobs in
   * {@value #BLOBS_DIR}. The adapter owns the store and closes it when it closes.
   *
   * @throws StorageException if the secret file or the store cannot be read or created
   */
  public static SsbAdapter open(Path dataDir, SsbNetwork network) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(network, "network");
    SsbKeyPair keys = readOrCreateSecret(dataDir.resolve(SECRET_FILE));
    SsbStore store = SsbStore.open(dataDir.resolve(STORE_DIR));
    try {
      Builder b = builder().keys(keys).store(store).network(network).blobs(BlobStore.open(dataDir.resolve(BLOBS_DIR)));
      b.ownsStore = true;
      return b.build();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static SsbKeyPair readOrCreateSecret(Path secret) {
    try {
      if (Files.exists(secret)) {
        return SecretFile.read(secret);
      }
      SsbKeyPair generated = SsbKeyPair.generate();
      try {
        SecretFile.write(secret, generated);
        return generated;
      } catch (SsbException e) {
        if (e.code() == SsbError.SECRET_EXISTS) {
          return SecretFile.read(secret); // another process created it first
        }
        throw e;
      }
    } catch (IOException e) {
      throw new StorageException("cannot read or create the secret file " + secret + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- SSB-specific API

  /** The node's feed. */
  public FeedId feedId() {
    return keys.id();
  }

  /** The node's identity, with its current profile from the store. */
  public LocalIdentity localIdentity() {
    return localIdentityOf(localFeed(keys.id()));
  }

  /**
   * Adds another feed this node publishes as (its key pair stays in memory): it becomes a local
   * identity for home and notification feeds, and its private messages open. Adding a feed after
   * {@link #start} re-reads the store to find the private messages it can open.
   *
   * @return the identity to publish as
   */
  public LocalIdentity addLocalIdentity(SsbKeyPair feedKeys) {
    Objects.requireNonNull(feedKeys, "feedKeys");
    ensureOpen();
    LocalFeed added = register(LocalFeed.of(feedKeys));
    return localIdentityOf(added);
  }

  /** The ids of the local identities, the node's first. */
  public List<IdentityId> localIdentities() {
    synchronized (locals) {
      return locals.keySet().stream().map(SsbMapper::identity).toList();
    }
  }

  /** The store this adapter reads and writes, for protocol-level calls. */
  public SsbStore store() {
    return store;
  }

  /** The network seam. */
  public SsbNetwork network() {
    return network;
  }

  /** The blob store attachments are taken from, if any. */
  public Optional<BlobStore> blobs() {
    return blobs;
  }

  /** How many follow hops the home feed spans. */
  public int homeHops() {
    return homeHops;
  }

  // ---------------------------------------------------------------- the SPI

  @Override
  public Protocol protocol() {
    return Protocol.SSB;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  /** True for {@code @<base64>.ed25519} feed ids and {@code ssb:feed/...} / {@code ssb://feed/...} URIs. */
  @Override
  public boolean recognizes(String handleOrId) {
    return parseFeed(handleOrId).isPresent();
  }

  @Override
  public void start(AdapterContext context) {
    Objects.requireNonNull(context, "context");
    synchronized (lifecycle) {
      if (closed) {
        throw new ClosedException("the SSB adapter is closed");
      }
      if (this.context != null) {
        throw new IllegalStateException("the SSB adapter was already started");
      }
      this.log = context.logger();
      catchUp(false);
      this.context = context;
      try {
        network.start(new SsbNetwork.Context(keys, store, context.executor(), context.clock(), this::onNetworkMessages,
            blobs));
        networkStarted = true;
      } catch (RuntimeException e) {
        closeQuietly();
        if (e instanceof KithException k) {
          throw k;
        }
        throw new NetworkException("the SSB network failed to start: " + e, e);
      }
    }
  }

  @Override
  public Identity resolve(String handleOrId) {
    requireStarted();
    require(Set.of(Capability.RESOLVE_HANDLE));
    FeedId feed = parseFeed(handleOrId).orElseThrow(
        () -> new InvalidInputException("not an SSB feed id or ssb:feed URI"));
    if (!isKnown(feed)) {
      throw new NotFoundException("nothing is known about " + feed + " (no messages, not followed)");
    }
    return store.identity(feed);
  }

  @Override
  public Post publish(LocalIdentity author, PostDraft draft) {
    AdapterContext ctx = requireStarted();
    if (draft == null) {
      throw new InvalidInputException("a draft is required");
    }
    require(draft.requiredCapabilities());
    LocalFeed local = actor(author);
    onlySsb(draft);
    return publishPost(ctx, local, draft);
  }

  @Override
  public Receipt interact(LocalIdentity actor, Interaction interaction) {
    AdapterContext ctx = requireStarted();
    if (interaction == null) {
      throw new InvalidInputException("an interaction is required");
    }
    require(interaction.requiredCapabilities());
    LocalFeed local = actor(actor);
    if (!interaction.protocol().equals(Protocol.SSB)) {
      throw new InvalidInputException("the target is on " + interaction.protocol() + ", not ssb");
    }
    if (interaction instanceof Interaction.Reply r) {
      onlySsb(r.replyDraft());
      Post post = publishPost(ctx, local, r.replyDraft());
      return new Receipt(Protocol.SSB, post.id().value(), ctx.clock().instant(), Optional.of(post));
    }
    JsonObject content;
    if (interaction instanceof Interaction.Like like) {
      MessageId target = messageOf(like.target());
      catchUp(true); // the target may have just arrived
      StoredMessage liked = store.get(target).orElseThrow(
          () -> new NotFoundException("the message to like is not in the store: " + target));
      if (liked.content() instanceof JsonString) {
        throw new InvalidInputException("a like is public and would reveal the private message it names");
      }
      content = SsbContentWriter.interaction(like);
    } else if (interaction instanceof Interaction.Follow f) {
      notSelf(local, feedOf(f.target()));
      content = SsbContentWriter.interaction(f);
    } else if (interaction instanceof Interaction.Unfollow u) {
      notSelf(local, feedOf(u.target()));
      content = SsbContentWriter.interaction(u);
    } else if (interaction instanceof Interaction.Block b) {
      notSelf(local, feedOf(b.target()));
      content = SsbContentWriter.interaction(b);
    } else {
      // Share, Edit and Delete: refused by require() above; kept so a new kind is never a silent no-op.
      throw new UnsupportedCapabilityException(Protocol.SSB, interaction.requiredCapabilities());
    }
    SsbMessage message = append(ctx, local, content);
    return new Receipt(Protocol.SSB, message.id().toString(), ctx.clock().instant(), Optional.empty());
  }

  @Override
  public FeedPage<Post> feed(FeedQuery query) {
    requireStarted();
    if (query == null) {
      throw new InvalidInputException("a feed query is required");
    }
    require(Set.of(query.capability()));
    query.protocol().filter(p -> !p.equals(Protocol.SSB)).ifPresent(p -> {
      throw new InvalidInputException("the query names a " + p + " id");
    });
    Optional<FeedPosition> after = query.position();
    catchUp(true);
    switch (query.kind()) {
      case AUTHOR -> {
        FeedId author = feedOf(query.author().orElseThrow());
        return page(SsbTimeline.publicOf(Set.of(author)), e -> true, after, query.limit());
      }
      case THREAD -> {
        PostId root = query.root().orElseThrow();
        return page(SsbTimeline.thread(messageOf(root), root), e -> true, after, query.limit());
      }
      case HOME -> {
        Set<FeedId> viewers = viewers(query, false);
        Set<FeedId> authors = new LinkedHashSet<>();
        Set<FeedId> readers = new LinkedHashSet<>();
        for (FeedId v : viewers) {
          authors.addAll(store.hops(v, homeHops).keySet());
          authors.add(v);
          if (isLocal(v)) {
            readers.add(v);
          }
        }
        SsbTimeline.Sources sources = SsbTimeline.all(SsbTimeline.publicOf(authors), SsbTimeline.privateFor(readers));
        return page(sources, notBlockedBy(viewers), after, query.limit());
      }
      case NOTIFICATIONS -> {
        Set<FeedId> viewers = viewers(query, true);
        return page(SsbTimeline.notificationsOf(viewers), notBlockedBy(viewers), after, query.limit());
      }
      default -> throw new IllegalStateException("unknown feed kind " + query.kind());
    }
  }

  /** Closes the network, then the store if {@link #open} created it. Idempotent. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closeQuietly();
    }
  }

  private void closeQuietly() {
    closed = true;
    if (networkStarted) {
      networkStarted = false;
      try {
        network.close();
      } catch (RuntimeException e) {
        log.log(System.Logger.Level.WARNING, "closing the SSB network failed", e);
      }
    }
    if (ownsStore) {
      store.close();
    }
  }

  @Override
  public String toString() {
    return "SsbAdapter[" + keys.id() + ", " + store + (closed ? ", closed" : "") + "]";
  }

  // ---------------------------------------------------------------- publishing

  private Post publishPost(AdapterContext ctx, LocalFeed local, PostDraft draft) {
    catchUp(true); // the parent may have just arrived
    Optional<PostId> root = Optional.empty();
    boolean privateParent = false;
    if (draft.inReplyTo().isPresent()) {
      PostId parentId = draft.inReplyTo().get();
      MessageId parent = messageOf(parentId);
      StoredMessage stored = store.get(parent).orElseThrow(
          () -> new NotFoundException("the message replied to is not in the store: " + parent));
      Optional<SsbTimeline.Entry> entry = timeline.entry(parentId);
      root = Optional.of(entry.flatMap(SsbTimeline.Entry::root).map(SsbMapper::post).orElse(parentId));
      privateParent = stored.content() instanceof JsonString;
    }
    if (privateParent && draft.visibility() != Visibility.DIRECT) {
      throw new InvalidInputException("a reply to a private message must be a private message (DIRECT) too");
    }
    PostDraft ssbDraft = forSsb(local, draft);
    JsonObject content;
    try {
      content = withAttachments(SsbContentWriter.post(ssbDraft, root), draft);
    } catch (InvalidInputException | NotFoundException e) {
      throw e;
    } catch (KithException e) {
      throw new InvalidInputException(e.code(), e.getMessage(), e);
    }
    JsonValue body = content;
    if (ssbDraft.visibility() == Visibility.DIRECT) {
      List<FeedId> recipients = ssbDraft.directRecipients().stream().map(r -> FeedId.parse(r.value())).toList();
      try {
        body = JsonValue.of(BoxedContent.box(content, recipients));
      } catch (PrivateBoxException e) {
        throw new InvalidInputException(e.code(), e.getMessage(), e);
      }
    }
    SsbMessage message = append(ctx, local, body);
    MappedMessage mapped = local.mapper().map(message);
    if (!(mapped instanceof MappedMessage.AsPost p)) {
      throw new IllegalStateException("a published post did not map back to a post: " + mapped);
    }
    return adjust(p.post());
  }

  /**
   * The draft as SSB carries it, or a refusal of what SSB cannot carry: mentions by feed id only,
   * recipients that are feeds (the author added), no language, sensitive only with a warning.
   */
  private PostDraft forSsb(LocalFeed local, PostDraft draft) {
    if (draft.language().isPresent()) {
      throw new InvalidInputException("SSB posts have no language field; publish the draft without one");
    }
    if (draft.sensitive() && draft.contentWarning().isEmpty()) {
      throw new InvalidInputException("SSB marks a post sensitive only through a content warning; add one");
    }
    // The writer takes no attachments (withAttachments adds them), so a text-less draft gets a stand-in text here.
    Content text = draft.content().isEmpty() && !draft.attachments().isEmpty() ? Content.plain("-") : draft.content();
    PostDraft.Builder b = PostDraft.builder().content(text).visibility(draft.visibility());
    draft.contentWarning().ifPresent(b::contentWarning);
    draft.inReplyTo().ifPresent(b::inReplyTo);
    draft.hashtags().forEach(b::hashtag);
    for (Mention m : draft.mentions()) {
      Optional<IdentityId> id = m.id().or(() -> m.handle().flatMap(SsbAdapter::parseFeed).map(SsbMapper::identity));
      if (id.isEmpty()) {
        throw new InvalidInputException("an SSB mention needs a feed id; resolve the handle first: " + m.display());
      }
      feedOf(id.get());
      b.mention(new Mention(id, m.handle(), m.display()));
    }
    if (draft.visibility() == Visibility.DIRECT) {
      Set<IdentityId> recipients = new LinkedHashSet<>();
      recipients.add(SsbMapper.identity(local.id()));
      for (IdentityId r : draft.directRecipients()) {
        feedOf(r);
        recipients.add(r);
      }
      if (recipients.size() > PrivateBox.MAX_RECIPIENTS) {
        throw InvalidInputException.limit("an SSB private message has at most " + PrivateBox.MAX_RECIPIENTS
            + " recipients including its author, not " + recipients.size());
      }
      recipients.forEach(b::directRecipient);
    }
    return b.build();
  }

  /**
   * {@code content} with a blob mention and a markdown embed per attachment. Each attachment must
   * name a blob held in the blob store ({@link NotFoundException} otherwise).
   */
  private JsonObject withAttachments(JsonObject content, PostDraft draft) {
    List<Attachment> attachments = draft.attachments();
    if (attachments.isEmpty()) {
      return content;
    }
    BlobStore store = blobs.orElseThrow(() -> new UnsupportedCapabilityException(Protocol.SSB, Set.of(Capability.ATTACHMENTS)));
    List<JsonValue> mentions = new ArrayList<>();
    if (content.get("mentions").orElse(null) instanceof JsonArray existing) {
      mentions.addAll(existing.values());
    }
    StringBuilder text = new StringBuilder(draft.content().isEmpty() ? "" : string(content.get("text")).orElse(""));
    for (Attachment a : attachments) {
      BlobId blob = blobOf(a);
      long size = store.size(blob).orElseThrow(
          () -> new NotFoundException("the blob of an attachment is not in the blob store: " + blob));
      JsonObject.Builder m = JsonObject.builder().put("link", blob.toString()).put("name", a.altText())
          .put("type", a.mediaType()).put("size", (double) size);
      a.width().ifPresent(w -> m.put("width", w));
      a.height().ifPresent(h -> m.put("height", h));
      a.blurhash().ifPresent(h -> m.put("blurhash", h));
      mentions.add(m.build());
      String label = a.altText().replaceAll("[\\[\\]\\r\\n]+", " ").strip();
      text.append(text.length() == 0 ? "" : "\n\n").append(a.mediaType().startsWith("image/") ? "!" : "")
          .append('[').append(label).append("](").append(blob).append(')');
    }
    return content.with("text", JsonValue.of(text.toString())).with("mentions", new JsonArray(mentions));
  }

  private static BlobId blobOf(Attachment a) {
    try {
      if (SsbRef.fromUri(a.url().toString()) instanceof BlobId blob) {
        return blob;
      }
    } catch (KithException e) {
      // not an ssb: URI; refused below
    }
    throw new InvalidInputException("an SSB attachment is a blob in the blob store, named ssb:blob/sha256/...: "
        + preview(a.url().toString()));
  }

  /** Signs {@code content} as the next message of {@code local}'s feed, stores it and reports it. */
  private SsbMessage append(AdapterContext ctx, LocalFeed local, JsonValue content) {
    SsbMessage message;
    publishLock.lock();
    try {
      ensureOpen();
      FeedPublisher.Builder b = FeedPublisher.builder().signer(local.keys().signer()).clock(ctx.clock());
      store.options().validator().hmacKey().ifPresent(b::hmacKey);
      store.feedState(local.id()).ifPresent(b::state);
      try {
        message = b.build().publish(content);
      } catch (SsbException e) {
        throw new InvalidInputException(e.code(), e.getMessage(), e);
      }
      store.append(message);
    } finally {
      publishLock.unlock();
    }
    store.get(message.id()).ifPresent(stored -> {
      try {
        network.published(stored);
      } catch (RuntimeException e) {
        log.log(System.Logger.Level.WARNING, "the SSB network failed to take a published message", e);
      }
    });
    catchUp(true);
    return message;
  }

  // ---------------------------------------------------------------- indexing and events

  private void onNetworkMessages(List<StoredMessage> messages) {
    if (closed) {
      return;
    }
    try {
      catchUp(true);
    } catch (ClosedException e) {
      // Closed meanwhile: nothing more to report.
    } catch (RuntimeException e) {
      log.log(System.Logger.Level.WARNING, "indexing messages from the SSB network failed", e);
    }
  }

  /** Indexes what the store gained since the last call, and emits events for it when {@code emit}. */
  private void catchUp(boolean emit) {
    List<Event> events = new ArrayList<>();
    catchUpLock.lock();
    try {
      Instant now = context == null ? Instant.EPOCH : context.clock().instant();
      for (Map.Entry<FeedId, Long> feed : store.latestSequences().entrySet()) {
        long from = indexed.getOrDefault(feed.getKey(), 0L) + 1;
        long to = feed.getValue();
        if (from > to) {
          continue;
        }
        Optional<Cursor> after = Optional.empty();
        do {
          FeedPage<StoredMessage> page = store.byFeed(feed.getKey(), from, to,
              new PageRequest(Order.OLDEST_FIRST, PageRequest.MAX_LIMIT, after));
          for (StoredMessage m : page.items()) {
            try {
              index(m, emit ? events : null, now);
            } catch (ClosedException e) {
              throw e;
            } catch (RuntimeException e) {
              log.log(System.Logger.Level.WARNING, "cannot index stored message " + m.key(), e);
            }
          }
          after = page.next();
        } while (after.isPresent());
        indexed.put(feed.getKey(), to);
      }
    } finally {
      catchUpLock.unlock();
    }
    AdapterContext ctx = context;
    if (ctx != null) {
      events.forEach(ctx.events()::emit);
    }
  }

  /** Forgets the index and reads the whole store again (a local feed was added). */
  private void rebuild() {
    catchUp(true);
    catchUpLock.lock();
    try {
      timeline.clear();
      indexed.clear();
      catchUp(false);
    } finally {
      catchUpLock.unlock();
    }
  }

  private void index(StoredMessage m, List<Event> events, Instant now) {
    FeedId author = m.author();
    Set<FeedId> readers = Set.of();
    JsonObject content;
    if (m.content() instanceof JsonObject o) {
      content = o;
    } else if (m.content() instanceof JsonString boxed) {
      Set<FeedId> opened = new LinkedHashSet<>();
      JsonValue plain = null;
      for (LocalFeed l : localFeeds()) {
        Optional<JsonValue> v = BoxedContent.unbox(boxed.value(), l.boxKey());
        if (v.isPresent()) {
          opened.add(l.id());
          plain = v.get();
        }
      }
      if (!(plain instanceof JsonObject openedContent)) {
        return;
      }
      content = openedContent;
      readers = Set.copyOf(opened);
    } else {
      return;
    }
    String type = string(content.get("type")).orElse("");
    if (type.equals("post")) {
      indexPost(m, author, content, readers, events, now);
    } else if (events != null && readers.isEmpty() && (type.equals("vote") || type.equals("contact"))) {
      interactionEvents(m, events, now);
    }
  }

  private void indexPost(StoredMessage m, FeedId author, JsonObject content, Set<FeedId> readers,
      List<Event> events, Instant now) {
    PostId id = SsbMapper.post(m.key());
    Optional<MessageId> root = messageRef(content.get("root")).filter(r -> !r.equals(m.key()));
    Optional<MessageId> parent = branch(content.get("branch")).or(() -> root).filter(r -> !r.equals(m.key()));
    Set<FeedId> mentioned = mentions(content);
    Set<FeedId> notify = new LinkedHashSet<>();
    Optional<FeedId> parentAuthor = parent.flatMap(this::authorOf);
    Optional<FeedId> rootAuthor = root.flatMap(this::authorOf);
    boolean repliesToLocal = false;
    for (LocalFeed l : localFeeds()) {
      if (l.id().equals(author)) {
        continue;
      }
      boolean replied = parentAuthor.filter(l.id()::equals).isPresent() || rootAuthor.filter(l.id()::equals).isPresent();
      repliesToLocal |= replied;
      if (replied || mentioned.contains(l.id()) || readers.contains(l.id())) {
        notify.add(l.id());
      }
    }
    SsbTimeline.Entry entry = new SsbTimeline.Entry(new FeedPosition(instant(m.timestamp()), id), m.key(), author,
        readers, root);
    timeline.add(entry, notify);
    if (events == null || blocks(keys.id(), author)) {
      return;
    }
    Optional<Post> post = materialise(entry);
    if (post.isEmpty()) {
      return;
    }
    Post p = post.get();
    events.add(new Event.PostReceived(p, now));
    boolean repliedEvent = false;
    for (FeedId l : notify) {
      if (blocks(l, author)) {
        continue;
      }
      IdentityId local = SsbMapper.identity(l);
      if (p.addresses(local)) {
        events.add(new Event.Mentioned(p, local, now));
      } else if (repliesToLocal && !repliedEvent && p.inReplyTo().isPresent()) {
        events.add(new Event.Replied(p, now));
        repliedEvent = true;
      }
    }
  }

  private void interactionEvents(StoredMessage m, List<Event> events, Instant now) {
    if (!(PUBLIC.map(revalidate(m)) instanceof MappedMessage.AsInteraction ai)) {
      return;
    }
    IdentityId actor = ai.actor();
    Interaction i = ai.interaction();
    if (i instanceof Interaction.Like like) {
      Optional<FeedId> owner = authorOf(messageOf(like.target()));
      if (owner.filter(this::isLocal).isPresent() && !blocks(owner.get(), FeedId.parse(actor.value()))) {
        events.add(new Event.Liked(actor, like.target(), like.reaction(), now));
      }
    } else if (i instanceof Interaction.Follow f && involvesLocal(actor, f.target())) {
      events.add(new Event.Followed(actor, f.target(), now));
    } else if (i instanceof Interaction.Unfollow u && involvesLocal(actor, u.target())) {
      events.add(new Event.Unfollowed(actor, u.target(), now));
    } else if (i instanceof Interaction.Block b && involvesLocal(actor, b.target())) {
      events.add(new Event.Blocked(actor, b.target(), now));
    }
  }

  private boolean involvesLocal(IdentityId a, IdentityId b) {
    return parseFeedId(a.value()).filter(this::isLocal).isPresent() || parseFeedId(b.value()).filter(this::isLocal).isPresent();
  }

  // ---------------------------------------------------------------- reading

  private FeedPage<Post> page(SsbTimeline.Sources sources, Predicate<SsbTimeline.Entry> visible,
      Optional<FeedPosition> after, int limit) {
    List<Post> out = new ArrayList<>();
    Optional<FeedPosition> from = after;
    while (out.size() <= limit) {
      int want = limit + 1 - out.size();
      List<SsbTimeline.Entry> batch = timeline.page(sources, from, want);
      for (SsbTimeline.Entry e : batch) {
        if (visible.test(e)) {
          materialise(e).ifPresent(out::add);
        }
      }
      if (batch.size() < want) {
        break;
      }
      from = Optional.of(batch.get(batch.size() - 1).position());
    }
    boolean more = out.size() > limit;
    List<Post> items = more ? out.subList(0, limit) : out;
    Optional<Cursor> next = more ? Optional.of(FeedPosition.of(items.get(items.size() - 1)).toCursor()) : Optional.empty();
    return new FeedPage<>(items, next);
  }

  /** The post of an indexed entry, read and verified from the store; empty if it does not fit the model. */
  private Optional<Post> materialise(SsbTimeline.Entry e) {
    Optional<StoredMessage> stored = store.get(e.key());
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    SsbMapper mapper = PUBLIC;
    if (e.isPrivate()) {
      LocalFeed reader = localFeed(e.readers().iterator().next());
      if (reader == null) {
        return Optional.empty();
      }
      mapper = reader.mapper();
    }
    if (mapper.map(revalidate(stored.get())) instanceof MappedMessage.AsPost p) {
      Post post = adjust(p.post());
      if (!FeedPosition.of(post).equals(e.position())) {
        log.log(System.Logger.Level.WARNING, "message " + e.key() + " maps to another feed position; left out");
        return Optional.empty();
      }
      return Optional.of(post);
    }
    return Optional.empty();
  }

  /**
   * What the mapper leaves to the adapter: a content warning hides the whole post in SSB clients,
   * which is what {@code sensitive} asks for, and blob mentions with a media type are attachments.
   */
  private static Post adjust(Post post) {
    List<Attachment> attachments = attachments(post);
    boolean sensitive = post.contentWarning().isPresent();
    if (attachments.isEmpty() && sensitive == post.sensitive()) {
      return post;
    }
    return post.toBuilder().sensitive(sensitive || post.sensitive()).attachments(attachments).build();
  }

  /** Blob mentions with a media type, in order; malformed ones are left out (peers' content is untrusted). */
  private static List<Attachment> attachments(Post post) {
    if (post.nativeDocument().isEmpty() || !post.attachments().isEmpty()) {
      return post.attachments();
    }
    JsonValue doc;
    try {
      doc = JsonParser.DEFAULT.parse(post.nativeDocument().get().text());
    } catch (KithException e) {
      return List.of();
    }
    JsonValue content = doc instanceof JsonObject kv && kv.get("value").orElse(null) instanceof JsonObject v
        ? v.get("content").orElse(null) : null;
    if (!(content instanceof JsonObject c) || !(c.get("mentions").orElse(null) instanceof JsonArray mentions)) {
      return List.of();
    }
    List<Attachment> out = new ArrayList<>();
    for (JsonValue m : mentions.values()) {
      if (out.size() == Post.MAX_ATTACHMENTS) {
        break;
      }
      if (!(m instanceof JsonObject mo)) {
        continue;
      }
      Optional<String> link = string(mo.get("link")).filter(BlobId::isValid);
      Optional<String> type = string(mo.get("type"));
      if (link.isEmpty() || type.isEmpty()) {
        continue;
      }
      try {
        String alt = string(mo.get("name")).map(n -> clean(n, Attachment.MAX_ALT_TEXT)).orElse("");
        Attachment a = Attachment.of(java.net.URI.create(BlobId.parse(link.get()).toUri()), type.get(), alt);
        int w = dimension(mo.get("width"));
        int h = dimension(mo.get("height"));
        if (w > 0 && h > 0) {
          a = a.withSize(w, h);
        }
        Optional<String> blurhash = string(mo.get("blurhash"));
        if (blurhash.isPresent()) {
          a = a.withBlurhash(blurhash.get());
        }
        out.add(a);
      } catch (KithException | IllegalArgumentException e) {
        // A media type, alt text or placeholder the model refuses: not an attachment.
      }
    }
    return out;
  }

  private static int dimension(Optional<JsonValue> v) {
    double d = v.orElse(null) instanceof JsonNumber n ? n.value() : 0;
    return d >= 1 && d <= 65535 && d == Math.rint(d) ? (int) d : 0;
  }

  /** Drops control characters other than tab and line breaks and cuts to {@code max} UTF-16 units. */
  private static String clean(String s, int max) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char ch = s.charAt(i);
      if (!(ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t') && ch != 0x7f) {
        b.append(ch);
      }
    }
    if (b.length() > 0 && Character.isHighSurrogate(b.charAt(b.length() - 1))) {
      b.setLength(b.length() - 1);
    }
    return b.toString();
  }

  /** The stored message as a validated {@link SsbMessage} (its signature checked again). */
  private SsbMessage revalidate(StoredMessage m) {
    Optional<FeedState> state = Optional.empty();
    if (m.sequence() > 1) {
      MessageId previous = messageRef(m.value().get("previous"))
          .orElseThrow(() -> corrupt(m, "it has no previous message id"));
      state = Optional.of(new FeedState(previous, m.sequence() - 1, Double.NaN));
    }
    ValidationResult r = store.options().validator().validate(state, m.value());
    if (r instanceof ValidationResult.Valid v) {
      return v.message();
    }
    throw corrupt(m, ((ValidationResult.Invalid) r).reason());
  }

  private static StorageException corrupt(StoredMessage m, String why) {
    return new StorageException(ErrorCode.Standard.CORRUPT_DATA, "stored message " + m.key() + " does not validate: " + why, null);
  }

  private Predicate<SsbTimeline.Entry> notBlockedBy(Set<FeedId> viewers) {
    return e -> viewers.stream().noneMatch(v -> blocks(v, e.author()));
  }

  private Set<FeedId> viewers(FeedQuery query, boolean localOnly) {
    if (query.viewer().isEmpty()) {
      return Set.copyOf(localFeeds().stream().map(LocalFeed::id).toList());
    }
    FeedId viewer = feedOf(query.viewer().get());
    if (localOnly && !isLocal(viewer)) {
      throw new InvalidInputException("notifications are only kept for local identities, not " + viewer);
    }
    return Set.of(viewer);
  }

  // ---------------------------------------------------------------- helpers

  private LocalIdentity localIdentityOf(LocalFeed feed) {
    ensureOpen();
    return LocalIdentity.of(store.identity(feed.id()), feed.id().toString(), feed.keys().privateKey());
  }

  private LocalFeed register(LocalFeed feed) {
    boolean added;
    synchronized (locals) {
      added = locals.putIfAbsent(feed.id(), feed) == null;
    }
    if (added && context != null) {
      rebuild();
    }
    return localFeed(feed.id());
  }

  private List<LocalFeed> localFeeds() {
    synchronized (locals) {
      return List.copyOf(locals.values());
    }
  }

  private LocalFeed localFeed(FeedId id) {
    synchronized (locals) {
      return locals.get(id);
    }
  }

  private boolean isLocal(FeedId id) {
    return localFeed(id) != null;
  }

  /**
   * The local feed {@code who} acts as. A local identity of another adapter instance is accepted
   * (and registered) when its signing key is the Ed25519 key of its feed.
   */
  private LocalFeed actor(LocalIdentity who) {
    if (who == null) {
      throw new InvalidInputException("an acting identity is required");
    }
    if (!who.protocol().equals(Protocol.SSB)) {
      throw new InvalidInputException("identity " + who.id() + " is not on ssb");
    }
    FeedId feed = feedOf(who.id());
    if (!(who.signingKey() instanceof Ed25519PrivateKey key)
        || !key.publicKey().equals(Ed25519PublicKey.of(feed.bytes()))) {
      throw new InvalidInputException("the signing key of " + who.id() + " is not the Ed25519 key of its feed");
    }
    LocalFeed known = localFeed(feed);
    if (known != null) {
      return known;
    }
    byte[] secret = key.toSodiumSecretKey();
    try {
      return register(LocalFeed.of(SsbKeyPair.ofSecretKey(secret)));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private boolean isKnown(FeedId feed) {
    if (isLocal(feed) || store.feedState(feed).isPresent()) {
      return true;
    }
    for (LocalFeed l : localFeeds()) {
      if (store.hops(l.id(), RESOLVE_HOPS).containsKey(feed)) {
        return true;
      }
    }
    return false;
  }

  private boolean blocks(FeedId viewer, FeedId author) {
    return !viewer.equals(author) && store.isBlocking(viewer, author);
  }

  private Optional<FeedId> authorOf(MessageId id) {
    return store.get(id).map(StoredMessage::author);
  }

  private static void notSelf(LocalFeed local, FeedId target) {
    if (local.id().equals(target)) {
      throw new InvalidInputException("a feed cannot follow, unfollow or block itself");
    }
  }

  private static void onlySsb(PostDraft draft) {
    for (Protocol p : draft.referencedProtocols()) {
      if (!p.equals(Protocol.SSB)) {
        throw new InvalidInputException("the draft refers to " + p + " ids; SSB can only name SSB feeds and messages");
      }
    }
  }

  private void require(Collection<Capability> needed) {
    UnsupportedCapabilityException.requireAll(Protocol.SSB, capabilities, needed);
  }

  private AdapterContext requireStarted() {
    ensureOpen();
    AdapterContext ctx = context;
    if (ctx == null) {
      throw new IllegalStateException("the SSB adapter was not started");
    }
    return ctx;
  }

  private void ensureOpen() {
    if (closed) {
      throw new ClosedException("the SSB adapter is closed");
    }
  }

  /** The feed of an SSB identity id; {@link InvalidInputException} for any other. */
  static FeedId feedOf(IdentityId id) {
    if (!id.protocol().equals(Protocol.SSB)) {
      throw new InvalidInputException("identity " + id + " is not on ssb");
    }
    return parseFeedId(id.value()).orElseThrow(
        () -> new InvalidInputException("not an SSB feed id (@<base64>.ed25519): " + preview(id.value())));
  }

  /** The message of an SSB post id; {@link InvalidInputException} for any other. */
  static MessageId messageOf(PostId id) {
    if (!id.protocol().equals(Protocol.SSB)) {
      throw new InvalidInputException("post " + id + " is not on ssb");
    }
    if (!MessageId.isValid(id.value())) {
      throw new InvalidInputException("not an SSB message id (%<base64>.sha256): " + preview(id.value()));
    }
    return MessageId.parse(id.value());
  }

  /** A feed id or {@code ssb:} feed URI; empty for anything else, never throws. */
  static Optional<FeedId> parseFeed(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_HANDLE_CHARS) {
      return Optional.empty();
    }
    if (s.startsWith("@")) {
      return parseFeedId(s);
    }
    if (s.startsWith("ssb:")) {
      try {
        return SsbRef.fromUri(s) instanceof FeedId f ? Optional.of(f) : Optional.empty();
      } catch (KithException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Optional<FeedId> parseFeedId(String s) {
    return s != null && FeedId.isValid(s) ? Optional.of(FeedId.parse(s)) : Optional.empty();
  }

  private static String preview(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  /** The creation time {@link SsbMapper} gives a message: its claimed milliseconds, or the epoch when unusable. */
  static Instant instant(double millis) {
    if (!Double.isFinite(millis) || Math.abs(millis) > 8.64e15) {
      return Instant.EPOCH;
    }
    return Instant.ofEpochMilli((long) millis);
  }

  private static Optional<String> string(Optional<JsonValue> v) {
    return v.filter(x -> x instanceof JsonString).map(x -> ((JsonString) x).value());
  }

  private static Optional<MessageId> messageRef(Optional<JsonValue> v) {
    return string(v).filter(MessageId::isValid).map(MessageId::parse);
  }

  /** As {@link SsbMapper}: {@code branch} is one id or an array whose first valid id is the parent. */
  private static Optional<MessageId> branch(Optional<JsonValue> v) {
    if (v.orElse(null) instanceof JsonArray a) {
      return a.values().stream().map(x -> messageRef(Optional.of(x))).flatMap(Optional::stream).findFirst();
    }
    return messageRef(v);
  }

  private static Set<FeedId> mentions(JsonObject content) {
    Set<FeedId> out = new LinkedHashSet<>();
    if (content.get("mentions").orElse(null) instanceof JsonArray array) {
      for (JsonValue m : array.values()) {
        if (m instanceof JsonObject mo) {
          string(mo.get("link")).flatMap(SsbAdapter::parseFeedId).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** Builds an {@link SsbAdapter}; fails fast on a value set twice. Not thread-safe. */
  public static final class Builder {
    private SsbKeyPair keys;
    private SsbStore store;
    private SsbNetwork network;
    private BlobStore blobs;
    private int homeHops = -1;
    private boolean ownsStore;

    private Builder() {}

    /** The node's key pair (required). */
    public Builder keys(SsbKeyPair keys) {
      Objects.requireNonNull(keys, "keys");
      if (this.keys != null) {
        throw new IllegalStateException("keys were already set to " + this.keys.id());
      }
      this.keys = keys;
      return this;
    }

    /** The store (required); the caller owns it and closes it after the adapter. */
    public Builder store(SsbStore store) {
      Objects.requireNonNull(store, "store");
      if (this.store != null) {
        throw new IllegalStateException("the store was already set to " + this.store);
      }
      this.store = store;
      return this;
    }

    /** The network seam; defaults to {@link SsbNetwork#NONE}. */
    public Builder network(SsbNetwork network) {
      Objects.requireNonNull(network, "network");
      if (this.network != null) {
        throw new IllegalStateException("the network was already set to " + this.network);
      }
      this.network = network;
      return this;
    }

    /** Where attachments' blobs are; enables {@link Capability#ATTACHMENTS}. Default: none. */
    public Builder blobs(BlobStore blobs) {
      Objects.requireNonNull(blobs, "blobs");
      if (this.blobs != null) {
        throw new IllegalStateException("the blob store was already set to " + this.blobs);
      }
      this.blobs = blobs;
      return this;
    }

    /** Follow hops of the home feed, 0 (only one's own posts) to {@value #MAX_HOME_HOPS}; default {@value #DEFAULT_HOME_HOPS}. */
    public Builder homeHops(int hops) {
      if (this.homeHops >= 0) {
        throw new IllegalStateException("home hops were already set to " + this.homeHops);
      }
      if (hops < 0 || hops > MAX_HOME_HOPS) {
        throw new IllegalArgumentException("home hops must be 0 to " + MAX_HOME_HOPS + ", was " + hops);
      }
      this.homeHops = hops;
      return this;
    }

    /** The adapter; {@link IllegalStateException} without keys or store. */
    public SsbAdapter build() {
      if (keys == null) {
        throw new IllegalStateException("an SsbAdapter needs keys");
      }
      if (store == null) {
        throw new IllegalStateException("an SsbAdapter needs a store");
      }
      if (network == null) {
        network = SsbNetwork.NONE;
      }
      if (homeHops < 0) {
        homeHops = DEFAULT_HOME_HOPS;
      }
      return new SsbAdapter(this);
    }
  }
}
