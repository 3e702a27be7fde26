package social.kith.core.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import social.kith.core.ClosedException;
import social.kith.core.InvalidInputException;
import social.kith.core.NotFoundException;
import social.kith.core.UnsupportedCapabilityException;
import social.kith.core.event.Event;
import social.kith.core.feed.FeedPage;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.Capability;
import social.kith.core.model.Content;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;
import social.kith.core.model.IdentityKey;
import social.kith.core.model.Interaction;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.NativeDocument;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Receipt;
import social.kith.core.spi.AdapterContext;
import social.kith.core.spi.ProtocolAdapter;
import social.kith.core.store.InMemoryFollowGraph;
import social.kith.core.store.InMemoryIdentityStore;
import social.kith.core.store.InMemoryPostStore;

/**
 * A protocol adapter that keeps its "network" in memory, for tests of the client and of code that
 * uses the SPI. It honours the whole adapter contract (it passes {@link ProtocolAdapterContract})
 * and offers any subset of capabilities. Ids look like {@code fake-<protocol>:<name>}, handles like
 * {@code @name@<protocol>.example}. Tests can make a peer send a post ({@link #receive}), make
 * publishing fail or block, and inspect what was stored and which interactions arrived.
 */
public final class FakeProtocolAdapter implements ProtocolAdapter {
  private final Protocol protocol;
  private final Set<Capability> capabilities;
  private final Pattern handleForm;
  private final InMemoryPostStore posts = new InMemoryPostStore();
  private final InMemoryIdentityStore identities = new InMemoryIdentityStore();
  private final InMemoryFollowGraph follows = new InMemoryFollowGraph();
  private final Set<IdentityId> locals = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final List<Interaction> interactions = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong closeCalls = new AtomicLong();
  private volatile AdapterContext context;
  private volatile boolean closed;
  private volatile RuntimeException publishFailure;
  private volatile CountDownLatch publishGate;

  /** An adapter for {@code protocol} with every capability. */
  public FakeProtocolAdapter(Protocol protocol) {
    this(protocol, EnumSet.allOf(Capability.class));
  }

  public FakeProtocolAdapter(Protocol protocol, Set<Capability> capabilities) {
    this.protocol = protocol;
    this.capabilities = Set.copyOf(capabilities);
    this.handleForm = Pattern.compile("@[a-z0-9_]{1,30}@" + Pattern.quote(protocol.id()) + "\\.example");
  }

  // ---- test controls -------------------------------------------------------------------------

  /** The id that {@code name} has on this fake network. */
  public IdentityId idOf(String name) {
    return IdentityId.of(protocol, "fake-" + protocol.id() + ":" + name);
  }

  /** Creates and registers a local identity called {@code name}, with an HMAC test key. */
  public LocalIdentity newLocalIdentity(String name) {
    FakeSigningKey key = FakeSigningKey.fromSeed(protocol.id() + "/" + name);
    Identity identity = Identity.builder(idOf(name))
        .handle("@" + name + "@" + protocol.id() + ".example")
        .displayName(name)
        .key(new IdentityKey(idOf(name).value() + "#key", key.verifyingKey()))
        .build();
    identities.put(identity);
    locals.add(identity.id());
    return LocalIdentity.of(identity, idOf(name).value() + "#key", key);
  }

  /** Registers a remote identity called {@code name} that can be resolved and followed. */
  public Identity addRemoteIdentity(String name) {
    Identity identity = Identity.builder(idOf(name))
        .handle("@" + name + "@" + protocol.id() + ".example")
        .displayName(name)
        .build();
    identities.put(identity);
    return identity;
  }

  /**
   * A peer {@code author} sends a post with {@code text} at {@code at}: it is stored and reported
   * as {@link Event.PostReceived}, plus {@link Event.Mentioned} for each addressed local identity.
   */
  public Post receive(String author, String text, Instant at) {
    Post post = Post.builder(nextPostId(), idOf(author), at).content(Content.plain(text)).build();
    return receive(post);
  }

  /** A peer sends {@code post}; see {@link #receive(String, String, Instant)}. */
  public Post receive(Post post) {
    AdapterContext ctx = requireStarted();
    posts.put(post);
    ctx.events().emit(new Event.PostReceived(post, ctx.clock().instant()));
    for (IdentityId local : locals) {
      if (post.addresses(local)) {
        ctx.events().emit(new Event.Mentioned(post, local, ctx.clock().instant()));
      }
    }
    return post;
  }

  /** Emits {@code event} as if it arrived from the network. */
  public void emit(Event event) {
    requireStarted().events().emit(event);
  }

  /** Every later {@link #publish} throws {@code failure} (null to stop failing). */
  public void failPublishingWith(RuntimeException failure) {
    this.publishFailure = failure;
  }

  /** Every later {@link #publish} waits for {@code gate} (null to stop waiting). */
  public void holdPublishingUntil(CountDownLatch gate) {
    this.publishGate = gate;
  }

  /** What this fake stores, for "nothing stored" assertions. */
  public InMemoryPostStore posts() {
    return posts;
  }

  public InMemoryFollowGraph follows() {
    return follows;
  }

  /** Interactions performed successfully, in order. */
  public List<Interaction> interactions() {
    return List.copyOf(interactions);
  }

  public boolean isStarted() {
    return context != null;
  }

  public boolean isClosed() {
    return closed;
  }

  /** How many times {@link #close} was called. */
  public long closeCalls() {
    return closeCalls.get();
  }

  // ---- the SPI ----------------------------------------------------------------------------------

  @Override
  public Protocol protocol() {
    return protocol;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public boolean recognizes(String handleOrId) {
    return handleOrId != null && handleOrId.length() <= 200
        && (handleOrId.startsWith("fake-" + protocol.id() + ":") || handleForm.matcher(handleOrId).matches());
  }

  @Override
  public synchronized void start(AdapterContext context) {
    if (closed) {
      throw new ClosedException("fake adapter is closed");
    }
    if (this.context != null) {
      throw new IllegalStateException("fake adapter was already started");
    }
    this.context = java.util.Objects.requireNonNull(context, "context");
  }

  @Override
  public Identity resolve(String handleOrId) {
    requireStarted();
    require(Set.of(Capability.RESOLVE_HANDLE));
    if (!recognizes(handleOrId)) {
      throw new InvalidInputException("not a " + protocol + " handle or id");
    }
    Optional<Identity> found = handleOrId.startsWith("@")
        ? identities.byHandle(protocol, handleOrId)
        : identities.get(IdentityId.of(protocol, handleOrId));
    return found.orElseThrow(() -> new NotFoundException("no such identity on " + protocol));
  }

  @Override
  public Post publish(LocalIdentity author, PostDraft draft) {
    AdapterContext ctx = requireStarted();
    checkActor(author);
    java.util.Objects.requireNonNull(draft, "draft");
    require(draft.requiredCapabilities());
    for (Protocol p : draft.referencedProtocols()) {
      if (!p.equals(protocol)) {
        throw new InvalidInputException("the draft refers to " + p + " ids");
      }
    }
    PostId root = null;
    if (draft.inReplyTo().isPresent()) {
      Post parent = posts.get(draft.inReplyTo().get())
          .orElseThrow(() -> new NotFoundException("the post replied to is unknown"));
      root = parent.conversation();
    }
    CountDownLatch gate = publishGate;
    if (gate != null) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new social.kith.core.NetworkException("interrupted", e);
      }
    }
    RuntimeException failure = publishFailure;
    if (failure != null) {
      throw failure;
    }
    PostId id = nextPostId();
    Post post = Post.builder(id, author.id(), ctx.clock().instant())
        .draft(draft)
        .threadRoot(root)
        .nativeDocument(NativeDocument.ofText(protocol, "application/json",
            "{\"id\":\"" + id.value() + "\",\"text\":" + draft.content().source().length() + "}"))
        .build();
    posts.put(post);
    locals.add(author.id());
    return post;
  }

  @Override
  public Receipt interact(LocalIdentity actor, Interaction interaction) {
    AdapterContext ctx = requireStarted();
    checkActor(actor);
    java.util.Objects.requireNonNull(interaction, "interaction");
    require(interaction.requiredCapabilities());
    if (!interaction.protocol().equals(protocol)) {
      throw new InvalidInputException("the target is on " + interaction.protocol());
    }
    Instant now = ctx.clock().instant();
    Optional<Post> result = Optional.empty();
    if (interaction instanceof Interaction.Reply r) {
      result = Optional.of(publish(actor, r.replyDraft()));
    } else if (interaction instanceof Interaction.Like l) {
      existing(l.target());
    } else if (interaction instanceof Interaction.Share s) {
      existing(s.target());
    } else if (interaction instanceof Interaction.Follow f) {
      known(f.target());
      follows.follow(actor.id(), f.target());
    } else if (interaction instanceof Interaction.Unfollow u) {
      follows.unfollow(actor.id(), u.target());
    } else if (interaction instanceof Interaction.Block b) {
      known(b.target());
      follows.block(actor.id(), b.target());
    } else if (interaction instanceof Interaction.Edit e) {
      Post old = owned(actor, e.target());
      Post edited = old.toBuilder().draft(e.draft()).inReplyTo(old.inReplyTo().orElse(null))
          .editedAt(now).build();
      posts.put(edited);
      result = Optional.of(edited);
    } else if (interaction instanceof Interaction.Delete d) {
      owned(actor, d.target());
      posts.delete(d.target());
    } else {
      throw new IllegalStateException("unknown interaction " + interaction);
    }
    interactions.add(interaction);
    locals.add(actor.id());
    return new Receipt(protocol, "fake-" + protocol.id() + ":activity/" + sequence.incrementAndGet(), now, result);
  }

  @Override
  public FeedPage<Post> feed(FeedQuery query) {
    requireStarted();
    java.util.Objects.requireNonNull(query, "query");
    require(Set.of(query.capability()));
    query.protocol().filter(p -> !p.equals(protocol)).ifPresent(p -> {
      throw new InvalidInputException("the query names a " + p + " id");
    });
    return switch (query.kind()) {
      case AUTHOR -> posts.byAuthors(Set.of(query.author().orElseThrow()), query.limit(), query.cursor());
      case THREAD -> posts.thread(query.root().orElseThrow(), query.limit(), query.cursor());
      case HOME -> {
        Set<IdentityId> viewers = query.viewer().map(Set::of).orElseGet(() -> Set.copyOf(locals));
        Set<IdentityId> authors = new HashSet<>(viewers);
        viewers.forEach(v -> authors.addAll(follows.following(v)));
        yield posts.byAuthors(authors, query.limit(), query.cursor());
      }
      case NOTIFICATIONS -> posts.addressedTo(query.viewer().map(Set::of).orElseGet(() -> Set.copyOf(locals)),
          query.limit(), query.cursor());
    };
  }

  @Override
  public synchronized void close() {
    closeCalls.incrementAndGet();
    closed = true;
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private PostId nextPostId() {
    return PostId.of(protocol, "fake-" + protocol.id() + ":post/" + sequence.incrementAndGet());
  }

  private AdapterContext requireStarted() {
    if (closed) {
      throw new ClosedException("fake " + protocol + " adapter is closed");
    }
    AdapterContext ctx = context;
    if (ctx == null) {
      throw new IllegalStateException("fake " + protocol + " adapter was not started");
    }
    return ctx;
  }

  private void require(Set<Capability> needed) {
    UnsupportedCapabilityException.requireAll(protocol, capabilities, new ArrayList<>(needed));
  }

  private void checkActor(LocalIdentity actor) {
    if (actor == null) {
      throw new InvalidInputException("an acting identity is required");
    }
    if (!actor.protocol().equals(protocol)) {
      throw new InvalidInputException("identity " + actor.id() + " is not on " + protocol);
    }
  }

  private Post existing(PostId id) {
    return posts.get(id).orElseThrow(() -> new NotFoundException("unknown post"));
  }

  private void known(IdentityId id) {
    if (identities.get(id).isEmpty()) {
      throw new NotFoundException("unknown identity");
    }
  }

  private Post owned(LocalIdentity actor, PostId id) {
    Post post = existing(id);
    if (!post.author().equals(actor.id())) {
      throw new InvalidInputException("only the author may edit or delete a post");
    }
    return post;
  }
}
