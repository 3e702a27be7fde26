package social.kith.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import social.kith.core.ClosedException;
import social.kith.core.ErrorCode;
import social.kith.core.InvalidInputException;
import social.kith.core.KithException;
import social.kith.core.UnsupportedCapabilityException;
import social.kith.core.event.Event;
import social.kith.core.feed.Cursor;
import social.kith.core.feed.FeedPage;
import social.kith.core.feed.FeedPosition;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.Attachment;
import social.kith.core.model.Capability;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;
import social.kith.core.spi.AdapterContext;
import social.kith.core.spi.ProtocolAdapter;

/**
 * The contract every {@link ProtocolAdapter} must pass. A protocol module extends this class in
 * a {@code *ContractTest}, supplies fresh adapters and fixtures, and inherits every test. Tests that
 * need a capability the adapter lacks check that it is refused with {@code UNSUPPORTED} instead
 * (nothing is skipped, which CI would count as a failure), so the suite fits adapters of any
 * capability set.
 *
 * <p>Each test gets a new adapter started with a {@link RecordingEventSink}, a
 * {@link MutableClock} (which the adapter must use for the timestamps of what it publishes) and a
 * fresh executor; the adapter is closed afterwards.
 */
public abstract class ProtocolAdapterContract {
  protected ProtocolAdapter adapter;
  protected RecordingEventSink sink;
  protected MutableClock clock;
  private ExecutorService executor;

  /** A new, unstarted adapter. */
  protected abstract ProtocolAdapter newAdapter();

  /** A fresh local identity that {@code adapter} can act as. */
  protected abstract LocalIdentity newLocalIdentity(ProtocolAdapter adapter, String name);

  /** An identity other than the local ones that {@code adapter} can follow and block. */
  protected abstract IdentityId remoteIdentity(ProtocolAdapter adapter);

  /** A handle or id that {@code adapter} resolves (only called with {@code RESOLVE_HANDLE}). */
  protected abstract String resolvableHandle(ProtocolAdapter adapter);

  /**
   * Makes a remote peer send a post whose plain text is {@code text}, which the started adapter
   * will report as {@link Event.PostReceived} (only called with {@code LIVE_EVENTS}).
   */
  protected abstract void arrangeIncomingPost(ProtocolAdapter adapter, String text);

  /** A syntactically valid post id of the adapter's protocol that refers to nothing. */
  protected abstract PostId unknownPostId(ProtocolAdapter adapter);

  /** An id of the same shape on another protocol (for cross-protocol refusals). */
  protected Protocol otherProtocol() {
    return Protocol.of("contract-other");
  }

  @BeforeEach
  void startAdapter() {
    adapter = newAdapter();
    sink = new RecordingEventSink();
    clock = MutableClock.atDefaultStart();
    executor = Executors.newCachedThreadPool();
    adapter.start(new AdapterContext(sink, clock, executor, "social.kith.contract", Duration.ofSeconds(30)));
  }

  @AfterEach
  void closeAdapter() {
    adapter.close();
    executor.shutdownNow();
  }

  private boolean can(Capability... caps) {
    return adapter.capabilities().containsAll(List.of(caps));
  }

  private Post publish(LocalIdentity author, String text) {
    clock.advance(Duration.ofSeconds(1));
    return adapter.publish(author, PostDraft.ofText(text));
  }

  private List<Post> authorFeed(IdentityId author) {
    List<Post> all = new ArrayList<>();
    FeedQuery q = FeedQuery.author(author).limit(FeedQuery.MAX_LIMIT);
    FeedPage<Post> page = adapter.feed(q);
    all.addAll(page.items());
    while (page.next().isPresent()) {
      page = adapter.feed(q.after(page.next().get()));
      all.addAll(page.items());
    }
    return all;
  }

  // ---- capabilities -------------------------------------------------------------------------

  @Test
  void capabilities_areImmutableAndStable() {
    Set<Capability> caps = adapter.capabilities();
    assertEquals(caps, adapter.capabilities());
    assertThrows(UnsupportedOperationException.class, () -> caps.add(Capability.PUBLISH));
    assertThrows(UnsupportedOperationException.class, () -> caps.remove(Capability.PUBLISH));
    assertEquals(caps, adapter.capabilities());
    assertNotNull(adapter.protocol());
    for (Capability c : Capability.values()) {
      assertEquals(caps.contains(c), adapter.supports(c), c.name());
    }
  }

  @Test
  void recognizes_neverThrowsOnGarbage() {
    for (String s : new String[] {null, "", " ", "@", "@@", "\u0000\uffff"}) {
      assertFalse(adapter.recognizes(s), "no protocol has a handle like '" + s + "'");
    }
    for (String s : new String[] {"x".repeat(100_000), "%%%=.sha256", "https://", "javascript:alert(1)", "@a@b@c"}) {
      adapter.recognizes(s); // any verdict, but no exception
    }
  }

  @Test
  void unsupportedCapabilities_areRefusedWithUnsupportedAndChangeNothing() {
    LocalIdentity me = newLocalIdentity(adapter, "uncapable");
    Post existing = can(Capability.PUBLISH) ? publish(me, "an existing post") : null;
    PostId target = existing != null ? existing.id() : unknownPostId(adapter);
    IdentityId remote = remoteIdentity(adapter);
    Map<Capability, Runnable> calls = callsNeeding(me, target, remote);
    List<Post> before = can(Capability.FEED_AUTHOR) ? authorFeed(me.id()) : List.of();
    int checked = 0;
    for (Map.Entry<Capability, Runnable> call : calls.entrySet()) {
      Capability c = call.getKey();
      if (adapter.supports(c)) {
        continue;
      }
      UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, call.getValue()::run, c.name());
      assertEquals(ErrorCode.Standard.UNSUPPORTED, e.code());
      assertTrue(e.missing().contains(c), c + " should be named in " + e.missing());
      assertEquals(adapter.protocol(), e.protocol());
      checked++;
    }
    if (can(Capability.FEED_AUTHOR)) {
      assertEquals(before, authorFeed(me.id()), "an unsupported call changed the author's feed");
    }
    assertEquals(EnumSet.complementOf(EnumSet.copyOf(withLive(adapter.capabilities()))).size(), checked);
  }

  /** One call per capability (except LIVE_EVENTS) that needs exactly that capability beyond PUBLISH. */
  private Map<Capability, Runnable> callsNeeding(LocalIdentity me, PostId target, IdentityId remote) {
    Map<Capability, Runnable> calls = new java.util.EnumMap<>(Capability.class);
    calls.put(Capability.PUBLISH, () -> adapter.publish(me, PostDraft.ofText("x")));
    calls.put(Capability.REPLY, () -> adapter.publish(me, PostDraft.builder().text("x").inReplyTo(target).build()));
    calls.put(Capability.CONTENT_WARNING, () -> adapter.publish(me, PostDraft.builder().text("x").contentWarning("cw").build()));
    calls.put(Capability.ATTACHMENTS, () -> adapter.publish(me, PostDraft.builder()
        .attachment(Attachment.of(URI.create("https://media.example/a.png"), "image/png", "alt")).build()));
    calls.put(Capability.VISIBILITY_UNLISTED, () -> adapter.publish(me, PostDraft.builder().text("x").visibility(Visibility.UNLISTED).build()));
    calls.put(Capability.VISIBILITY_FOLLOWERS, () -> adapter.publish(me, PostDraft.builder().text("x").visibility(Visibility.FOLLOWERS).build()));
    calls.put(Capability.DIRECT_MESSAGE, () -> adapter.publish(me, PostDraft.builder().text("x")
        .visibility(Visibility.DIRECT).directRecipient(remote).build()));
    calls.put(Capability.LIKE, () -> adapter.interact(me, Interaction.Like.of(target)));
    calls.put(Capability.REACTION_EMOJI, () -> adapter.interact(me, Interaction.Like.reaction(target, "🎉")));
    calls.put(Capability.SHARE, () -> adapter.interact(me, new Interaction.Share(target)));
    calls.put(Capability.FOLLOW, () -> adapter.interact(me, new Interaction.Follow(remote)));
    calls.put(Capability.UNFOLLOW, () -> adapter.interact(me, new Interaction.Unfollow(remote)));
    calls.put(Capability.BLOCK, () -> adapter.interact(me, new Interaction.Block(remote)));
    calls.put(Capability.EDIT, () -> adapter.interact(me, new Interaction.Edit(target, PostDraft.ofText("y"))));
    calls.put(Capability.DELETE, () -> adapter.interact(me, new Interaction.Delete(target)));
    calls.put(Capability.RESOLVE_HANDLE, () -> adapter.resolve(resolvableHandle(adapter)));
    calls.put(Capability.FEED_AUTHOR, () -> adapter.feed(FeedQuery.author(me.id())));
    calls.put(Capability.FEED_HOME, () -> adapter.feed(FeedQuery.home()));
    calls.put(Capability.FEED_NOTIFICATIONS, () -> adapter.feed(FeedQuery.notifications()));
    calls.put(Capability.FEED_THREAD, () -> adapter.feed(FeedQuery.thread(target)));
    return calls;
  }

  /**
   * True if the adapter offers every capability in {@code caps}. Otherwise asserts that the
   * missing ones are refused with UNSUPPORTED (so a test of a feature the adapter lacks still checks
   * the refusal instead of being skipped) and returns false.
   */
  protected final boolean supportedOrRefused(Capability... caps) {
    EnumSet<Capability> missing = EnumSet.noneOf(Capability.class);
    for (Capability c : caps) {
      if (!adapter.supports(c)) {
        missing.add(c);
      }
    }
    if (missing.isEmpty()) {
      return true;
    }
    LocalIdentity me = newLocalIdentity(adapter, "refused");
    Map<Capability, Runnable> calls = callsNeeding(me, unknownPostId(adapter), remoteIdentity(adapter));
    for (Capability c : missing) {
      if (c == Capability.LIVE_EVENTS) {
        continue; // the absence of events cannot be observed
      }
      UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, calls.get(c)::run, c.name());
      assertTrue(e.missing().contains(c));
    }
    return false;
  }

  private static Set<Capability> withLive(Set<Capability> caps) {
    Set<Capability> s = new HashSet<>(caps);
    s.add(Capability.LIVE_EVENTS);
    return s;
  }


  // ---- publish and feeds -------------------------------------------------------------------

  @Test
  void publish_thenAuthorFeedReturnsThePost() {
    if (!supportedOrRefused(Capability.PUBLISH, Capability.FEED_AUTHOR)) {
      return;
    }
    LocalIdentity me = newLocalIdentity(adapter, "author");
    Post post = publish(me, "Hello from the contract");
    assertEquals(adapter.protocol(), post.protocol());
    assertEquals(me.id(), post.author());
    assertEquals("Hello from the contract", post.content().plainText());
    List<Post> feed = authorFeed(me.id());
    assertEquals(List.of(post.id()), feed.stream().map(Post::id).toList());
    assertEquals("Hello from the contract", feed.get(0).content().plainText());
  }

  @Test
  void feedPaging_coversEverythingExactlyOnceInOrder() {
    if (!supportedOrRefused(Capability.PUBLISH, Capability.FEED_AUTHOR)) {
      return;
    }
    LocalIdentity me = newLocalIdentity(adapter, "pager");
    List<Post> published = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      if (i % 3 != 0) {
        clock.advance(Duration.ofSeconds(1)); // some posts share a timestamp: ties break by id
      }
      published.add(adapter.publish(me, PostDraft.ofText("post " + i)));
    }
    List<Post> expected = new ArrayList<>(published);
    expected.sort(FeedPosition.POST_ORDER);
    for (int limit : new int[] {1, 3, 4, 11, 50}) {
      List<PostId> seen = new ArrayList<>();
      FeedQuery q = FeedQuery.author(me.id()).limit(limit);
      FeedPage<Post> page = adapter.feed(q);
      int pages = 1;
      while (true) {
        assertTrue(page.items().size() <= limit, "page larger than its limit");
        page.items().forEach(p -> seen.add(p.id()));
        if (page.next().isEmpty()) {
          break;
        }
        assertTrue(pages++ < 100, "paging does not end");
        page = adapter.feed(q.after(page.next().get()));
      }
      assertEquals(expected.stream().map(Post::id).toList(), seen, "limit " + limit);
    }
  }

  @Test
  void feed_acceptsAPositionCursorAndContinuesStrictlyAfterIt() {
    if (!supportedOrRefused(Capability.PUBLISH, Capability.FEED_AUTHOR)) {
      return;
    }
    LocalIdentity me = newLocalIdentity(adapter, "positions");
    List<Post> published = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      published.add(publish(me, "p" + i));
    }
    Cursor afterThird = FeedPosition.of(published.get(2)).toCursor();
    FeedPage<Post> page = adapter.feed(FeedQuery.author(me.id()).after(afterThird));
    assertEquals(List.of(published.get(1).id(), published.get(0).id()), page.items().stream().map(Post::id).toList());
    assertFalse(page.hasNext());
  }

  @Test
  void feed_refusesAForeignCursorWithInvalidInput() {
    if (!supportedOrRefused(Capability.FEED_AUTHOR)) {
      return;
    }
    LocalIdentity me = newLocalIdentity(adapter, "cursor");
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> adapter.feed(FeedQuery.author(me.id()).after(Cursor.of("not-a-cursor"))));
    assertEquals(ErrorCode.Standard.INVALID_INPUT, e.code());
  }

  @Test
  void publish_asAnIdentityOfAnotherProtocol_isRefusedAndStoresNothing() {
    if (!supportedOrRefused(Capability.PUBLISH, Capability.FEED_AUTHOR)) {
      return;
    }
    LocalIdentity me = newLocalIdentity(adapter, "owner");
    LocalIdentity stranger = foreignIdentity();
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> adapter.publish(stranger, PostDraft.ofText("not mine to publish")));
    assertEquals(ErrorCode.Standard.INVALID_INPUT, e.code());
    assertEquals(List.of(), authorFeed(me.id()));
  }

  @Test
  void publish_replyToAnotherProtocolsPost_isRefusedAndStoresNothing() {
    if (!supportedOrRefused(Capability.PUBLISH, Capability.REPLY, Capability.FEED_AUTHOR)) {
      return;
    }
    LocalIdentity me = newLocalIdentity(adapter, "replier");
    PostDraft crossProtocol = PostDraft.builder().text("hi").inReplyTo(PostId.of(otherProtocol(), "elsewhere")).build();
    KithException e = assertThrows(KithException.class, () -> adapter.publish(me, crossProtocol));
    assertEquals(ErrorCode.Standard.INVALID_INPUT, e.code());
    assertEquals(List.of(), authorFeed(me.id()));
  }

  @Test
  void reply_isPartOfTheThread() {
    if (!supportedOrRefused(Capability.PUBLISH, Capability.REPLY, Capability.FEED_THREAD)) {
      return;
    }
    LocalIdentity me = newLocalIdentity(adapter, "threader");
    Post root = publish(me, "root");
    clock.advance(Duration.ofSeconds(1));
    Post reply = adapter.publish(me, PostDraft.builder().text("reply").inReplyTo(root.id()).build());
    assertEquals(Optional.of(root.id()), reply.inReplyTo());
    List<PostId> thread = adapter.feed(FeedQuery.thread(root.id())).items().stream().map(Post::id).toList();
    assertEquals(List.of(reply.id(), root.id()), thread);
  }

  // ---- interactions --------------------------------------------------------------------------

  @Test
  void interactions_returnReceiptsOfTheProtocol() {
    LocalIdentity me = newLocalIdentity(adapter, "actor");
    Post post = can(Capability.PUBLISH) ? publish(me, "likeable") : null;
    List<Interaction> doable = new ArrayList<>();
    if (post != null && can(Capability.LIKE)) {
      doable.add(Interaction.Like.of(post.id()));
    }
    if (post != null && can(Capability.SHARE)) {
      doable.add(new Interaction.Share(post.id()));
    }
    if (can(Capability.FOLLOW)) {
      doable.add(new Interaction.Follow(remoteIdentity(adapter)));
    }
    if (can(Capability.UNFOLLOW)) {
      doable.add(new Interaction.Unfollow(remoteIdentity(adapter)));
    }
    if (doable.isEmpty()) {
      supportedOrRefused(Capability.LIKE, Capability.SHARE, Capability.FOLLOW, Capability.UNFOLLOW);
      return;
    }
    for (Interaction i : doable) {
      var receipt = adapter.interact(me, i);
      assertEquals(adapter.protocol(), receipt.protocol(), i.toString());
      assertFalse(receipt.id().isBlank());
    }
  }

  @Test
  void edit_replacesTheTextAndMarksTheEdit() {
    if (!supportedOrRefused(Capability.PUBLISH, Capability.EDIT, Capability.FEED_AUTHOR)) {
      return;
    }
    LocalIdentity me = newLocalIdentity(adapter, "editor");
    Post post = publish(me, "befor");
    clock.advance(Duration.ofSeconds(5));
    var receipt = adapter.interact(me, new Interaction.Edit(post.id(), PostDraft.ofText("before")));
    assertEquals("before", receipt.post().orElseThrow().content().plainText());
    Post stored = authorFeed(me.id()).get(0);
    assertEquals(post.id(), stored.id());
    assertEquals("before", stored.content().plainText());
    assertTrue(stored.editedAt().isPresent());
  }

  @Test
  void delete_removesThePostFromFeeds() {
    if (!supportedOrRefused(Capability.PUBLISH, Capability.DELETE, Capability.FEED_AUTHOR)) {
      return;
    }
    LocalIdentity me = newLocalIdentity(adapter, "deleter");
    Post keep = publish(me, "keep");
    Post gone = publish(me, "gone");
    adapter.interact(me, new Interaction.Delete(gone.id()));
    assertEquals(List.of(keep.id()), authorFeed(me.id()).stream().map(Post::id).toList());
  }

  @Test
  void interact_onAnotherProtocolsTarget_isRefused() {
    if (!supportedOrRefused(Capability.LIKE)) {
      return;
    }
    LocalIdentity me = newLocalIdentity(adapter, "crossliker");
    KithException e = assertThrows(KithException.class,
        () -> adapter.interact(me, Interaction.Like.of(PostId.of(otherProtocol(), "elsewhere"))));
    assertEquals(ErrorCode.Standard.INVALID_INPUT, e.code());
  }

  // ---- resolve ---------------------------------------------------------------------------------

  @Test
  void resolve_findsAnIdentityOfTheProtocol() {
    if (!supportedOrRefused(Capability.RESOLVE_HANDLE)) {
      return;
    }
    String handle = resolvableHandle(adapter);
    assertTrue(adapter.recognizes(handle));
    Identity identity = adapter.resolve(handle);
    assertEquals(adapter.protocol(), identity.protocol());
  }

  @Test
  void resolve_ofAnUnrecognisedForm_isInvalidInput() {
    if (!supportedOrRefused(Capability.RESOLVE_HANDLE)) {
      return;
    }
    String garbage = "not a handle at all";
    assertFalse(adapter.recognizes(garbage));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> adapter.resolve(garbage));
    assertEquals(ErrorCode.Standard.INVALID_INPUT, e.code());
  }

  // ---- events ------------------------------------------------------------------------------------

  @Test
  void incomingPosts_reachTheEventSink() {
    if (!supportedOrRefused(Capability.LIVE_EVENTS)) {
      return;
    }
    String text = "incoming " + System.nanoTime();
    arrangeIncomingPost(adapter, text);
    Eventually.await("a PostReceived event with the text", () -> sink.events(Event.PostReceived.class).stream()
        .anyMatch(e -> e.post().content().plainText().equals(text) && e.protocol().equals(adapter.protocol())));
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  @Test
  void close_isIdempotentAndLaterCallsThrowClosed() {
    LocalIdentity me = newLocalIdentity(adapter, "closer");
    adapter.close();
    adapter.close();
    List<Consumer<ProtocolAdapter>> calls = List.of(
        a -> a.publish(me, PostDraft.ofText("too late")),
        a -> a.feed(FeedQuery.author(me.id())),
        a -> a.resolve(resolvableHandle(a)),
        a -> a.interact(me, new Interaction.Follow(remoteIdentity(a))));
    for (Consumer<ProtocolAdapter> call : calls) {
      KithException e = assertThrows(ClosedException.class, () -> call.accept(adapter));
      assertSame(ErrorCode.Standard.CLOSED, e.code());
    }
  }

  @Test
  void callsBeforeStart_throwIllegalState() {
    ProtocolAdapter fresh = newAdapter();
    try {
      LocalIdentity me = newLocalIdentity(fresh, "early");
      assertThrows(IllegalStateException.class, () -> fresh.publish(me, PostDraft.ofText("early")));
      assertThrows(IllegalStateException.class, () -> fresh.feed(FeedQuery.author(me.id())));
    } finally {
      fresh.close();
    }
  }

  private LocalIdentity foreignIdentity() {
    FakeSigningKey key = FakeSigningKey.fromSeed("foreign");
    IdentityId id = IdentityId.of(otherProtocol(), "someone-elsewhere");
    Identity identity = Identity.builder(id)
        .key(new social.kith.core.model.IdentityKey("someone-elsewhere#key", key.verifyingKey())).build();
    return LocalIdentity.of(identity, "someone-elsewhere#key", key);
  }
}
