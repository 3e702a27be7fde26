package social.kith.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import social.kith.core.event.Event;
import social.kith.core.event.EventBus;
import social.kith.core.event.EventListener;
import social.kith.core.event.Registration;
import social.kith.core.feed.Cursor;
import social.kith.core.feed.FeedPage;
import social.kith.core.feed.FeedPosition;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.Capability;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Receipt;
import social.kith.core.spi.AdapterContext;
import social.kith.core.spi.ProtocolAdapter;

/**
 * The client: one object that speaks every configured protocol through its
 * {@link ProtocolAdapter adapters}. A program written against it runs unchanged on ActivityPub,
 * SSB or both; a program that needs protocol detail reaches the adapter with {@link #adapter}.
 *
 * <pre>{@code
 * try (Kith kith = Kith.builder()
 *     .adapter(activityPub)
 *     .adapter(ssb)
 *     .identity(aliceOnActivityPub)
 *     .identity(aliceOnSsb)
 *     .build()) {
 *   kith.on(event -> System.out.println(event));
 *   PublishResult r = kith.publish(PostDraft.ofText("Hello, both networks"));
 *   FeedPage<Post> home = kith.feed(FeedQuery.home());   // both networks, newest first
 *   kith.reply(home.items().get(0), PostDraft.ofText("Hi!")); // on that post's network
 * }
 * }</pre>
 *
 * <p>The conveniences ({@link #reply}, {@link #like}, {@link #share}, {@link #follow},
 * {@link #block} ...) build the {@link Interaction} and go through {@link #interact(Interaction)}:
 * the target's protocol picks the adapter and the registered identity on it.
 *
 * <p>Immutable and thread-safe; keep one instance. Building it starts every adapter; closing it
 * closes them. Every blocking call runs the adapter on the client's executor and gives up after
 * the {@linkplain Builder#callTimeout call timeout} with {@link NetworkException} (whether the
 * remote side acted is then unknown). A call that needs a capability an adapter lacks is refused
 * with {@link UnsupportedCapabilityException} before anything is sent anywhere.
 */
public final class Kith implements AutoCloseable {
  /** The call timeout when none is given. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
  /** The most threads the default executor starts. */
  public static final int DEFAULT_MAX_THREADS = 64;

  private static final System.Logger LOG = System.getLogger(Kith.class.getName());

  private final Map<Protocol, ProtocolAdapter> adapters;
  private final Map<Protocol, LocalIdentity> identities;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final Duration callTimeout;
  private final EventBus bus;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Kith(Builder b, Map<Protocol, ProtocolAdapter> adapters, Executor executor, ExecutorService owned) {
    this.adapters = adapters;
    this.identities = Collections.unmodifiableMap(new LinkedHashMap<>(b.identities));
    this.executor = executor;
    this.ownedExecutor = owned;
    this.callTimeout = b.callTimeout == null ? DEFAULT_CALL_TIMEOUT : b.callTimeout;
    this.bus = new EventBus(executor, b.eventBuffer == 0 ? EventBus.DEFAULT_BUFFER : b.eventBuffer);
  }

  /** A builder; add at least one adapter. */
  public static Builder builder() {
    return new Builder();
  }

  /** The protocols this client speaks, in the order the adapters were added. */
  public Set<Protocol> protocols() {
    return adapters.keySet();
  }

  /** The adapter for {@code protocol}, for protocol-specific calls. */
  public Optional<ProtocolAdapter> adapter(Protocol protocol) {
    return Optional.ofNullable(adapters.get(Objects.requireNonNull(protocol, "protocol")));
  }

  /** The adapter of type {@code type}, e.g. the ActivityPub adapter's own class. */
  public <T extends ProtocolAdapter> Optional<T> adapter(Class<T> type) {
    return adapters.values().stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** What {@code protocol}'s adapter can do; empty if there is no adapter for it. */
  public Set<Capability> capabilities(Protocol protocol) {
    return adapter(protocol).map(ProtocolAdapter::capabilities).orElse(Set.of());
  }

  /** The registered identity on {@code protocol}. */
  public Optional<LocalIdentity> identity(Protocol protocol) {
    return Optional.ofNullable(identities.get(Objects.requireNonNull(protocol, "protocol")));
  }

  /** Publishes {@code draft} as the registered identities (see {@link #publish(PublishRequest)}). */
  public PublishResult publish(PostDraft draft) {
    return publish(PublishRequest.of(draft));
  }

  /**
   * Publishes to every target protocol in parallel. First, for every target, the draft it would
   * get must be expressible there: its ids must be on that protocol ({@link InvalidInputException}
   * otherwise) and the adapter must offer every capability the draft needs
   * ({@link UnsupportedCapabilityException} otherwise). If any target fails these checks nothing is
   * published anywhere; give a per-protocol override instead. Then one failing adapter does not
   * lose the others' posts: see {@link PublishResult}.
   */
  public PublishResult publish(PublishRequest request) {
    ensureOpen();
    Objects.requireNonNull(request, "request");
    Map<Protocol, LocalIdentity> targets = targets(request);
    for (Map.Entry<Protocol, LocalIdentity> t : targets.entrySet()) {
      Protocol p = t.getKey();
      PostDraft draft = request.draftFor(p);
      for (Protocol referenced : draft.referencedProtocols()) {
        if (!referenced.equals(p)) {
          throw new InvalidInputException("the draft for " + p + " refers to " + referenced
              + " ids; give an override for " + p);
        }
      }
      UnsupportedCapabilityException.requireAll(p, adapters.get(p).capabilities(), draft.requiredCapabilities());
    }
    Map<Protocol, FutureTask<Post>> tasks = new LinkedHashMap<>();
    targets.forEach((p, author) -> {
      PostDraft draft = request.draftFor(p);
      tasks.put(p, submit(() -> adapters.get(p).publish(author, draft)));
    });
    Map<Protocol, Post> published = new LinkedHashMap<>();
    Map<Protocol, KithException> failed = new LinkedHashMap<>();
    long deadline = System.nanoTime() + callTimeout.toNanos();
    tasks.forEach((p, task) -> {
      try {
        Post post = await(p, task, deadline);
        if (post == null || !post.protocol().equals(p)) {
          throw new KithException(ErrorCode.Standard.ADAPTER_FAILURE, p + " adapter returned no post of its protocol");
        }
        published.put(p, post);
      } catch (KithException e) {
        LOG.log(Level.WARNING, "publishing on " + p + " failed: " + e.getMessage());
        failed.put(p, e);
      }
    });
    return new PublishResult(published, failed);
  }

  /**
   * What each target of {@code request} lacks to carry its draft, per protocol (only protocols that
   * lack something appear). Empty means {@link #publish(PublishRequest)} passes its capability
   * check; otherwise give each listed protocol an
   * {@linkplain PublishRequest.Builder#override override} whose draft does without the missing
   * features. Nothing is sent.
   *
   * <pre>{@code
   * Map<Protocol, Set<Capability>> gaps = kith.missingCapabilities(PublishRequest.of(draft));
   * // e.g. {ssb=[VISIBILITY_UNLISTED]}: SSB has only public and private messages
   * }</pre>
   *
   * @throws InvalidInputException if the request has no target, or an override for a non-target
   * @throws UnsupportedCapabilityException if it names a protocol without an adapter
   */
  public Map<Protocol, Set<Capability>> missingCapabilities(PublishRequest request) {
    ensureOpen();
    Objects.requireNonNull(request, "request");
    Map<Protocol, Set<Capability>> out = new LinkedHashMap<>();
    for (Protocol p : targets(request).keySet()) {
      Set<Capability> offered = adapters.get(p).capabilities();
      EnumSet<Capability> missing = EnumSet.noneOf(Capability.class);
      for (Capability c : request.draftFor(p).requiredCapabilities()) {
        if (!offered.contains(c)) {
          missing.add(c);
        }
      }
      if (!missing.isEmpty()) {
        out.put(p, Collections.unmodifiableSet(missing));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** The protocols {@code request} publishes to and as whom; checks that every override has a target. */
  private Map<Protocol, LocalIdentity> targets(PublishRequest request) {
    Map<Protocol, LocalIdentity> targets = new LinkedHashMap<>();
    if (request.identities().isEmpty()) {
      identities.forEach((p, id) -> {
        if (adapters.get(p).supports(Capability.PUBLISH)) {
          targets.put(p, id);
        }
      });
      if (targets.isEmpty()) {
        throw new InvalidInputException("nothing to publish to: no registered identity is on a protocol whose adapter can publish");
      }
    } else {
      for (Protocol p : request.identities().keySet()) {
        if (!adapters.containsKey(p)) {
          throw new UnsupportedCapabilityException(p, Set.of(Capability.PUBLISH));
        }
      }
      for (Protocol p : adapters.keySet()) {
        if (request.identities().containsKey(p)) {
          targets.put(p, request.identities().get(p));
        }
      }
    }
    for (Protocol p : request.overrides().keySet()) {
      if (!targets.containsKey(p)) {
        throw new InvalidInputException("an override was given for " + p + ", which is not a target");
      }
    }
    return targets;
  }

  /** Performs {@code interaction} as the registered identity on the target's protocol. */
  public Receipt interact(Interaction interaction) {
    Objects.requireNonNull(interaction, "interaction");
    if (!adapters.containsKey(interaction.protocol())) {
      throw new UnsupportedCapabilityException(interaction.protocol(), interaction.requiredCapabilities());
    }
    LocalIdentity actor = identities.get(interaction.protocol());
    if (actor == null) {
      throw new InvalidInputException("no identity is registered on " + interaction.protocol());
    }
    return interact(actor, interaction);
  }

  /**
   * Performs {@code interaction} as {@code actor} on the adapter of the target's protocol, after
   * checking that the actor is on that protocol and the adapter offers what it needs.
   */
  public Receipt interact(LocalIdentity actor, Interaction interaction) {
    ensureOpen();
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(interaction, "interaction");
    Protocol p = interaction.protocol();
    if (!actor.protocol().equals(p)) {
      throw new InvalidInputException("actor " + actor.id() + " cannot act on " + p);
    }
    ProtocolAdapter adapter = adapters.get(p);
    if (adapter == null) {
      throw new UnsupportedCapabilityException(p, interaction.requiredCapabilities());
    }
    UnsupportedCapabilityException.requireAll(p, adapter.capabilities(), interaction.requiredCapabilities());
    return call(p, () -> adapter.interact(actor, interaction));
  }

  // ---- conveniences: each builds the Interaction and goes through interact(Interaction), so the
  // adapter is chosen by the target's protocol and capabilities are checked before anything is sent.

  /**
   * Replies to {@code parent} on its protocol as the registered identity there, and returns the
   * reply. The draft must not refer to ids of another protocol.
   *
   * @throws UnsupportedCapabilityException if that protocol's adapter cannot carry the reply
   */
  public Post reply(Post parent, PostDraft draft) {
    Objects.requireNonNull(parent, "parent");
    return reply(parent.id(), draft);
  }

  /** Replies to the post {@code parent}; see {@link #reply(Post, PostDraft)}. */
  public Post reply(PostId parent, PostDraft draft) {
    Receipt r = interact(new Interaction.Reply(parent, draft));
    return r.post().orElseThrow(() -> new KithException(ErrorCode.Standard.ADAPTER_FAILURE,
        r.protocol() + " adapter returned no post for a reply"));
  }

  /** Likes {@code target} on its protocol (a Like activity, an SSB vote). */
  public Receipt like(PostId target) {
    return interact(Interaction.Like.of(target));
  }

  /** Reacts to {@code target} with an emoji; needs {@link Capability#REACTION_EMOJI} there. */
  public Receipt react(PostId target, String emoji) {
    return interact(Interaction.Like.reaction(target, emoji));
  }

  /** Shares (boosts, announces) {@code target}; needs {@link Capability#SHARE} on its protocol. */
  public Receipt share(PostId target) {
    return interact(new Interaction.Share(target));
  }

  /** Follows {@code target} on its protocol; on some protocols the follow stays pending until accepted. */
  public Receipt follow(IdentityId target) {
    return interact(new Interaction.Follow(target));
  }

  /** Stops following {@code target}. */
  public Receipt unfollow(IdentityId target) {
    return interact(new Interaction.Unfollow(target));
  }

  /** Blocks {@code target}. */
  public Receipt block(IdentityId target) {
    return interact(new Interaction.Block(target));
  }

  /** Replaces the content of one's own post {@code target}; returns the edited post. */
  public Post edit(PostId target, PostDraft draft) {
    Receipt r = interact(new Interaction.Edit(target, draft));
    return r.post().orElseThrow(() -> new KithException(ErrorCode.Standard.ADAPTER_FAILURE,
        r.protocol() + " adapter returned no post for an edit"));
  }

  /** Deletes one's own post {@code target}. */
  public Receipt delete(PostId target) {
    return interact(new Interaction.Delete(target));
  }

  /**
   * Looks up a handle or id with every adapter that recognises its form and can resolve, in the
   * order the adapters were added; the first that finds it wins.
   *
   * @throws InvalidInputException if no adapter recognises the form
   * @throws NotFoundException if every adapter that tried found nothing
   */
  public Identity resolve(String handleOrId) {
    ensureOpen();
    if (handleOrId == null || handleOrId.isBlank() || handleOrId.length() > 4096) {
      throw new InvalidInputException("a handle or id of 1 to 4096 characters is required");
    }
    List<ProtocolAdapter> recognising = new ArrayList<>();
    for (ProtocolAdapter a : adapters.values()) {
      if (a.recognizes(handleOrId)) {
        recognising.add(a);
      }
    }
    if (recognising.isEmpty()) {
      throw new InvalidInputException("no adapter recognises the form of this handle or id");
    }
    List<KithException> errors = new ArrayList<>();
    boolean tried = false;
    for (ProtocolAdapter a : recognising) {
      if (!a.supports(Capability.RESOLVE_HANDLE)) {
        continue;
      }
      tried = true;
      try {
        return call(a.protocol(), () -> a.resolve(handleOrId));
      } catch (KithException e) {
        errors.add(e);
      }
    }
    if (!tried) {
      throw new UnsupportedCapabilityException(recognising.get(0).protocol(), Set.of(Capability.RESOLVE_HANDLE));
    }
    KithException first = errors.stream().filter(e -> !(e instanceof NotFoundException)).findFirst()
        .orElse(null);
    if (first == null) {
      throw new NotFoundException("no adapter found an identity for that handle or id");
    }
    errors.stream().filter(e -> e != first).forEach(first::addSuppressed);
    throw first;
  }

  /**
   * One page of a feed. A query that names an id (author, thread root, viewer) goes to that id's
   * protocol. A HOME or NOTIFICATIONS query without a viewer merges every adapter that offers it
   * into one newest-first timeline whose cursor works across adapters; if one of them fails, the
   * call fails (a page without it would skip its posts for good).
   */
  public FeedPage<Post> feed(FeedQuery query) {
    ensureOpen();
    Objects.requireNonNull(query, "query");
    Optional<FeedPosition> after = query.position();
    Optional<Protocol> single = query.protocol();
    if (single.isPresent()) {
      Protocol p = single.get();
      ProtocolAdapter adapter = adapters.get(p);
      if (adapter == null) {
        throw new UnsupportedCapabilityException(p, Set.of(query.capability()));
      }
      UnsupportedCapabilityException.requireAll(p, adapter.capabilities(), Set.of(query.capability()));
      return call(p, () -> adapter.feed(query));
    }
    List<ProtocolAdapter> sources = adapters.values().stream().filter(a -> a.supports(query.capability())).toList();
    if (sources.isEmpty()) {
      throw new UnsupportedCapabilityException(adapters.keySet().iterator().next(), Set.of(query.capability()));
    }
    Map<Protocol, FutureTask<FeedPage<Post>>> tasks = new LinkedHashMap<>();
    for (ProtocolAdapter a : sources) {
      tasks.put(a.protocol(), submit(() -> a.feed(query)));
    }
    long deadline = System.nanoTime() + callTimeout.toNanos();
    List<Post> all = new ArrayList<>();
    boolean more = false;
    KithException failure = null;
    for (Map.Entry<Protocol, FutureTask<FeedPage<Post>>> t : tasks.entrySet()) {
      try {
        FeedPage<Post> page = await(t.getKey(), t.getValue(), deadline);
        more |= page.hasNext();
        for (Post post : page.items()) {
          if (after.isPresent() && !FeedPosition.of(post).isAfter(after.get())) {
            LOG.log(Level.WARNING, t.getKey() + " adapter returned a post before the cursor; ignoring it");
          } else {
            all.add(post);
          }
        }
      } catch (KithException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    all.sort(FeedPosition.POST_ORDER);
    more |= all.size() > query.limit();
    List<Post> page = all.size() > query.limit() ? all.subList(0, query.limit()) : all;
    Optional<Cursor> next = more && !page.isEmpty()
        ? Optional.of(FeedPosition.of(page.get(page.size() - 1)).toCursor())
        : Optional.empty();
    return new FeedPage<>(page, next);
  }

  /**
   * Live events from every adapter. Each subscriber gets its own bounded buffer; a subscriber that
   * falls behind misses events rather than slowing the adapters (see {@link EventBus}).
   */
  public Flow.Publisher<Event> events() {
    ensureOpen();
    return bus.publisher();
  }

  /** Calls {@code listener} for every event; a listener that throws is logged and isolated. */
  public Registration on(EventListener listener) {
    ensureOpen();
    return bus.subscribe(listener);
  }

  /**
   * Calls {@code listener} for every event of type {@code type} from any adapter, e.g.
   * {@code kith.on(Event.Mentioned.class, m -> ...)}; others are skipped. Same isolation as
   * {@link #on(EventListener)}.
   */
  public <E extends Event> Registration on(Class<E> type, Consumer<? super E> listener) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(listener, "listener");
    return on(event -> {
      if (type.isInstance(event)) {
        listener.accept(type.cast(event));
      }
    });
  }

  /** Events some subscriber missed because its buffer was full. */
  public long droppedEvents() {
    return bus.droppedEvents();
  }

  /**
   * Closes every adapter (in reverse order of adding), then the event stream, then the default
   * executor if the client created it. Idempotent. If adapters fail to close, the others are still
   * closed and a {@link KithException} ({@code ADAPTER_FAILURE}) carries every failure.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<ProtocolAdapter> reversed = new ArrayList<>(adapters.values());
    Collections.reverse(reversed);
    KithException failure = closeAll(reversed);
    bus.close();
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static KithException closeAll(List<ProtocolAdapter> adapters) {
    KithException failure = null;
    for (ProtocolAdapter a : adapters) {
      try {
        a.close();
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError vme) {
          throw vme;
        }
        LOG.log(Level.WARNING, "closing the " + a.protocol() + " adapter failed", e);
        if (failure == null) {
          failure = new KithException(ErrorCode.Standard.ADAPTER_FAILURE, "closing adapters failed");
        }
        failure.addSuppressed(e);
      }
    }
    return failure;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new ClosedException("this Kith client is closed");
    }
  }

  private <T> T call(Protocol p, Callable<T> body) {
    return await(p, submit(body), System.nanoTime() + callTimeout.toNanos());
  }

  private <T> FutureTask<T> submit(Callable<T> body) {
    FutureTask<T> task = new FutureTask<>(body);
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      task.cancel(false);
      if (closed.get()) {
        throw new ClosedException("this Kith client is closed");
      }
      throw new KithException(ErrorCode.Standard.LIMIT_EXCEEDED, "the executor refused the call (too many in flight)", e);
    }
    return task;
  }

  private <T> T await(Protocol p, FutureTask<T> task, long deadlineNanos) {
    try {
      return task.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      throw new NetworkException(p + " did not answer within " + callTimeout);
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new NetworkException("interrupted while waiting for " + p, e);
    } catch (ExecutionException e) {
      throw asKith(p, e.getCause());
    }
  }

  private static KithException asKith(Protocol p, Throwable t) {
    if (t instanceof KithException k) {
      return k;
    }
    if (t instanceof VirtualMachineError vme) {
      throw vme;
    }
    return new KithException(ErrorCode.Standard.ADAPTER_FAILURE,
        p + " adapter threw " + t.getClass().getName() + " (an adapter bug)", t);
  }

  /**
   * Configures a {@link Kith}. Each setting may be given once; adding a second adapter for one
   * protocol, or a second identity for one protocol, fails at once with
   * {@link IllegalStateException}. Not thread-safe.
   */
  public static final class Builder {
    private final Map<Protocol, ProtocolAdapter> adapters = new LinkedHashMap<>();
    private final Map<Protocol, LocalIdentity> identities = new LinkedHashMap<>();
    private Executor executor;
    private InstantSource clock;
    private Duration callTimeout;
    private int eventBuffer;

    private Builder() {}

    /** Adds the adapter for its protocol. */
    public Builder adapter(ProtocolAdapter adapter) {
      Objects.requireNonNull(adapter, "adapter");
      Protocol p = Objects.requireNonNull(adapter.protocol(), "adapter.protocol()");
      if (adapters.containsKey(p)) {
        throw new IllegalStateException("an adapter for " + p + " was already added");
      }
      adapters.put(p, adapter);
      return this;
    }

    /** Registers the identity the client acts as on its protocol. */
    public Builder identity(LocalIdentity identity) {
      Objects.requireNonNull(identity, "identity");
      if (identities.containsKey(identity.protocol())) {
        throw new IllegalStateException("an identity for " + identity.protocol() + " was already registered");
      }
      identities.put(identity.protocol(), identity);
      return this;
    }

    /**
     * Runs adapter calls, background work and event deliveries. The client does not shut it down.
     * Defaults to a pool of up to {@value #DEFAULT_MAX_THREADS} daemon threads owned by the client.
     */
    public Builder executor(Executor executor) {
      Objects.requireNonNull(executor, "executor");
      if (this.executor != null) {
        throw new IllegalStateException("executor was already set to " + this.executor);
      }
      this.executor = executor;
      return this;
    }

    /** The clock adapters read. Defaults to {@link InstantSource#system()}. */
    public Builder clock(InstantSource clock) {
      Objects.requireNonNull(clock, "clock");
      if (this.clock != null) {
        throw new IllegalStateException("clock was already set to " + this.clock);
      }
      this.clock = clock;
      return this;
    }

    /** How long one blocking call may take (1 ms to 1 hour). Defaults to 30 seconds. */
    public Builder callTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (this.callTimeout != null) {
        throw new IllegalStateException("call timeout was already set to " + this.callTimeout);
      }
      if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("call timeout must be 1 ms to 1 hour, was " + timeout);
      }
      this.callTimeout = timeout;
      return this;
    }

    /** Events buffered per subscriber before it misses some (1 to 65536). Defaults to 256. */
    public Builder eventBuffer(int events) {
      if (this.eventBuffer != 0) {
        throw new IllegalStateException("event buffer was already set to " + this.eventBuffer);
      }
      if (events < 1 || events > 65536) {
        throw new IllegalArgumentException("event buffer must be 1 to 65536, was " + events);
      }
      this.eventBuffer = events;
      return this;
    }

    /**
     * Builds the client and starts every adapter. If one fails to start, those already started are
     * closed and the failure is thrown.
     *
     * @throws IllegalStateException without adapters, or with an identity whose protocol has none
     */
    public Kith build() {
      if (adapters.isEmpty()) {
        throw new IllegalStateException("add at least one protocol adapter");
      }
      for (Protocol p : identities.keySet()) {
        if (!adapters.containsKey(p)) {
          throw new IllegalStateException("identity on " + p + " has no adapter for its protocol");
        }
      }
      ExecutorService owned = null;
      Executor exec = executor;
      if (exec == null) {
        owned = defaultExecutor();
        exec = owned;
      }
      Kith kith = new Kith(this, Collections.unmodifiableMap(new LinkedHashMap<>(adapters)), exec, owned);
      InstantSource time = clock == null ? InstantSource.system() : clock;
      List<ProtocolAdapter> started = new ArrayList<>();
      for (ProtocolAdapter a : kith.adapters.values()) {
        try {
          a.start(new AdapterContext(kith.bus, time, exec, "social.kith." + a.protocol().id(), kith.callTimeout));
          started.add(a);
        } catch (RuntimeException e) {
          Collections.reverse(started);
          KithException closeFailure = closeAll(started);
          kith.bus.close();
          if (owned != null) {
            owned.shutdown();
          }
          KithException thrown = e instanceof KithException k ? k
              : new KithException(ErrorCode.Standard.ADAPTER_FAILURE, "the " + a.protocol() + " adapter failed to start", e);
          if (closeFailure != null) {
            thrown.addSuppressed(closeFailure);
          }
          throw thrown;
        }
      }
      return kith;
    }

    private static ExecutorService defaultExecutor() {
      AtomicInteger n = new AtomicInteger();
      return new ThreadPoolExecutor(0, DEFAULT_MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "kith-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
  }
}
