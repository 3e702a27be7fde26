package social.kith.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import social.kith.core.event.Event;
import social.kith.core.event.EventBus;
import social.kith.core.feed.Cursor;
import social.kith.core.feed.FeedPage;
import social.kith.core.feed.FeedPosition;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.Capability;
import social.kith.core.model.Identity;
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
import social.kith.core.testing.Eventually;
import social.kith.core.testing.FakeProtocolAdapter;
import social.kith.core.testing.MutableClock;
import social.kith.core.testing.RecordingLogHandler;

/** The client facade over two fake adapters: fan-out, isolation, merging, routing, lifecycle. */
final class KithTest {
  private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private FakeProtocolAdapter ap;
  private FakeProtocolAdapter ssb;
  private LocalIdentity aliceAp;
  private LocalIdentity aliceSsb;
  private Kith kith;

  @BeforeEach
  void setUp() {
    ap = new FakeProtocolAdapter(Protocol.ACTIVITYPUB);
    ssb = new FakeProtocolAdapter(Protocol.SSB, EnumSet.complementOf(EnumSet.of(
        Capability.CONTENT_WARNING, Capability.VISIBILITY_UNLISTED, Capability.VISIBILITY_FOLLOWERS,
        Capability.REACTION_EMOJI, Capability.EDIT)));
    aliceAp = ap.newLocalIdentity("alice");
    aliceSsb = ssb.newLocalIdentity("alice");
    kith = Kith.builder().adapter(ap).adapter(ssb).identity(aliceAp).identity(aliceSsb).clock(clock).build();
  }

  @AfterEach
  void tearDown() {
    kith.close();
  }

  // ---- builder and lifecycle ---------------------------------------------------------------------

  @Test
  void builder_failsFastOnConflicts() {
    FakeProtocolAdapter another = new FakeProtocolAdapter(Protocol.SSB);
    Kith.Builder b = Kith.builder().adapter(new FakeProtocolAdapter(Protocol.SSB));
    IllegalStateException dup = assertThrows(IllegalStateException.class, () -> b.adapter(another));
    assertTrue(dup.getMessage().contains("ssb"), dup.getMessage());
    b.executor(Runnable::run);
    assertThrows(IllegalStateException.class, () -> b.executor(Runnable::run));
    b.clock(clock);
    assertThrows(IllegalStateException.class, () -> b.clock(clock));
    b.identity(another.newLocalIdentity("x"));
    assertThrows(IllegalStateException.class, () -> b.identity(another.newLocalIdentity("y")));
    assertThrows(IllegalArgumentException.class, () -> Kith.builder().callTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Kith.builder().eventBuffer(0));
    assertThrows(IllegalStateException.class, () -> Kith.builder().build(), "no adapters");
    assertThrows(IllegalStateException.class,
        () -> Kith.builder().adapter(new FakeProtocolAdapter(Protocol.SSB)).identity(aliceAp).build(),
        "an identity whose protocol has no adapter");
    assertFalse(another.isStarted(), "a refused builder starts nothing");
  }

  @Test
  void build_startsAdapters_andCloseClosesEachOnceAndRefusesLaterCalls() {
    assertTrue(ap.isStarted());
    assertTrue(ssb.isStarted());
    assertEquals(List.of(Protocol.ACTIVITYPUB, Protocol.SSB), List.copyOf(kith.protocols()));
    assertSame(ap, kith.adapter(Protocol.ACTIVITYPUB).orElseThrow());
    kith.close();
    kith.close();
    assertTrue(ap.isClosed());
    assertTrue(ssb.isClosed());
    assertEquals(1, ap.closeCalls());
    assertEquals(1, ssb.closeCalls());
    for (Runnable call : List.<Runnable>of(
        () -> kith.publish(PostDraft.ofText("late")),
        () -> kith.feed(FeedQuery.home()),
        () -> kith.resolve("@bob@ssb.example"),
        () -> kith.on(e -> { }))) {
      ClosedException e = assertThrows(ClosedException.class, call::run);
      assertEquals(ErrorCode.Standard.CLOSED, e.code());
    }
  }

  @Test
  void close_closesEveryAdapterEvenIfOneThrows_andReportsIt() {
    FakeProtocolAdapter good = new FakeProtocolAdapter(Protocol.of("good"));
    ProtocolAdapter bad = new CloseFailingAdapter(new FakeProtocolAdapter(Protocol.of("bad")));
    Kith k = Kith.builder().adapter(good).adapter(bad).build();
    KithException e = assertThrows(KithException.class, k::close);
    assertEquals(ErrorCode.Standard.ADAPTER_FAILURE, e.code());
    assertEquals(1, e.getSuppressed().length);
    assertTrue(good.isClosed(), "the other adapter was still closed");
    k.close(); // idempotent: nothing thrown the second time
  }

  @Test
  void build_whenAnAdapterFailsToStart_closesThoseAlreadyStarted() {
    FakeProtocolAdapter first = new FakeProtocolAdapter(Protocol.of("first"));
    FakeProtocolAdapter broken = new FakeProtocolAdapter(Protocol.of("broken"));
    broken.close(); // a closed fake refuses to start
    ClosedException e = assertThrows(ClosedException.class,
        () -> Kith.builder().adapter(first).adapter(broken).build());
    assertEquals(ErrorCode.Standard.CLOSED, e.code());
    assertTrue(first.isStarted());
    assertTrue(first.isClosed(), "the started adapter was closed again");
  }

  // ---- publishing ---------------------------------------------------------------------------------

  @Test
  void publish_fansOutToEveryAdapterThatCanPublish() {
    PublishResult r = kith.publish(PostDraft.ofText("Hello, both networks"));
    assertTrue(r.isComplete());
    assertEquals(Set.of(Protocol.ACTIVITYPUB, Protocol.SSB), r.published().keySet());
    Post onAp = r.post(Protocol.ACTIVITYPUB).orElseThrow();
    Post onSsb = r.post(Protocol.SSB).orElseThrow();
    assertEquals(aliceAp.id(), onAp.author());
    assertEquals(aliceSsb.id(), onSsb.author());
    assertEquals(Optional.of(onAp), ap.posts().get(onAp.id()));
    assertEquals(Optional.of(onSsb), ssb.posts().get(onSsb.id()));
    assertEquals("Hello, both networks", onSsb.content().plainText());
  }

  @Test
  void publish_aFailingAdapterIsReportedWithoutLosingTheOthersPost() {
    ssb.failPublishingWith(new NetworkException("peer went away"));
    PublishResult r = kith.publish(PostDraft.ofText("one of two"));
    assertFalse(r.isComplete());
    assertEquals(Set.of(Protocol.ACTIVITYPUB), r.published().keySet());
    assertEquals(ErrorCode.Standard.NETWORK_FAILURE, r.failed().get(Protocol.SSB).code());
    assertEquals(1, ap.posts().size());
    assertEquals(0, ssb.posts().size());
    KithException thrown = assertThrows(KithException.class, r::orThrow);
    assertEquals(ErrorCode.Standard.NETWORK_FAILURE, thrown.code());
  }

  @Test
  void publish_anAdapterBugBecomesAdapterFailure() {
    ap.failPublishingWith(new IllegalStateException("bug"));
    PublishResult r = kith.publish(PostDraft.ofText("x"));
    KithException e = r.failed().get(Protocol.ACTIVITYPUB);
    assertEquals(ErrorCode.Standard.ADAPTER_FAILURE, e.code());
    assertTrue(e.getCause() instanceof IllegalStateException);
    assertTrue(r.post(Protocol.SSB).isPresent());
  }

  @Test
  void publish_anAdapterThatDoesNotAnswerInTime_isANetworkFailure() {
    CountDownLatch gate = new CountDownLatch(1);
    FakeProtocolAdapter slow = new FakeProtocolAdapter(Protocol.of("slow"));
    FakeProtocolAdapter fast = new FakeProtocolAdapter(Protocol.of("fast"));
    slow.holdPublishingUntil(gate);
    try (Kith k = Kith.builder().adapter(slow).adapter(fast).identity(slow.newLocalIdentity("a"))
        .identity(fast.newLocalIdentity("a")).callTimeout(Duration.ofMillis(300)).build()) {
      PublishResult r = k.publish(PostDraft.ofText("deadline"));
      assertEquals(ErrorCode.Standard.NETWORK_FAILURE, r.failed().get(Protocol.of("slow")).code());
      assertTrue(r.post(Protocol.of("fast")).isPresent());
    } finally {
      gate.countDown();
    }
  }

  @Test
  void publish_aFeatureOneAdapterLacks_isRefusedBeforeAnythingIsPublished() {
    PostDraft withWarning = PostDraft.builder().text("spoilers").contentWarning("film ending").build();
    UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, () -> kith.publish(withWarning));
    assertEquals(ErrorCode.Standard.UNSUPPORTED, e.code());
    assertEquals(Protocol.SSB, e.protocol());
    assertEquals(Set.of(Capability.CONTENT_WARNING), e.missing());
    assertEquals(0, ap.posts().size(), "nothing published on the capable adapter either");
    assertEquals(0, ssb.posts().size());
  }

  @Test
  void publish_withAPerProtocolOverride_publishesEachVersion() {
    PostDraft withWarning = PostDraft.builder().text("spoilers").contentWarning("film ending").build();
    PostDraft plain = PostDraft.ofText("spoilers (film ending)");
    PublishResult r = kith.publish(PublishRequest.builder(withWarning).override(Protocol.SSB, plain).build());
    assertTrue(r.isComplete());
    assertEquals(Optional.of("film ending"), r.post(Protocol.ACTIVITYPUB).orElseThrow().contentWarning());
    assertEquals(Optional.empty(), r.post(Protocol.SSB).orElseThrow().contentWarning());
  }

  @Test
  void publish_unlistedVisibility_isRefusedWhereUnsupported() {
    PostDraft unlisted = PostDraft.builder().text("quiet").visibility(Visibility.UNLISTED).build();
    UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, () -> kith.publish(unlisted));
    assertEquals(Set.of(Capability.VISIBILITY_UNLISTED), e.missing());
    assertEquals(0, ap.posts().size() + ssb.posts().size());
  }

  @Test
  void publish_aReplyToOneProtocolsPost_needsAnOverrideForTheOthers() {
    Post parent = kith.publish(PublishRequest.builder(PostDraft.ofText("parent")).as(aliceAp).build())
        .post(Protocol.ACTIVITYPUB).orElseThrow();
    PostDraft reply = PostDraft.builder().text("reply").inReplyTo(parent.id()).build();
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> kith.publish(reply));
    assertEquals(ErrorCode.Standard.INVALID_INPUT, e.code());
    assertEquals(1, ap.posts().size(), "only the parent");
    assertEquals(0, ssb.posts().size());
    PublishResult onlyAp = kith.publish(PublishRequest.builder(reply).as(aliceAp).build());
    assertEquals(Set.of(Protocol.ACTIVITYPUB), onlyAp.targets());
    assertEquals(Optional.of(parent.id()), onlyAp.post(Protocol.ACTIVITYPUB).orElseThrow().threadRoot());
  }

  @Test
  void publish_anOverrideForANonTarget_isRefused() {
    PublishRequest r = PublishRequest.builder(PostDraft.ofText("x")).as(aliceAp)
        .override(Protocol.SSB, PostDraft.ofText("y")).build();
    assertThrows(InvalidInputException.class, () -> kith.publish(r));
    assertEquals(0, ap.posts().size() + ssb.posts().size());
  }

  @Test
  void publish_withoutAnyIdentity_isRefused() {
    try (Kith k = Kith.builder().adapter(new FakeProtocolAdapter(Protocol.of("lonely"))).build()) {
      assertThrows(InvalidInputException.class, () -> k.publish(PostDraft.ofText("x")));
    }
  }

  // ---- timelines ------------------------------------------------------------------------------------

  @Test
  void homeTimeline_mergesAdaptersInTimeOrderWithACursorThatPagesExactlyOnce() {
    ap.addRemoteIdentity("bob");
    ssb.addRemoteIdentity("bob");
    kith.interact(new Interaction.Follow(ap.idOf("bob")));
    kith.interact(new Interaction.Follow(ssb.idOf("bob")));
    List<Post> all = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      Instant at = T0.plusSeconds(i / 2); // pairs share a timestamp, across protocols too
      all.add((i % 3 == 0 ? ssb : ap).receive("bob", "post " + i, at));
    }
    all.add(ap.receive("stranger", "not followed", T0.plusSeconds(3))); // not in anyone's home
    List<PostId> expected = all.stream().filter(p -> !p.author().value().endsWith("stranger"))
        .sorted(FeedPosition.POST_ORDER).map(Post::id).toList();
    for (int limit : new int[] {1, 4, 5, 13, 100}) {
      List<PostId> seen = new ArrayList<>();
      FeedPage<Post> page = kith.feed(FeedQuery.home().limit(limit));
      seen.addAll(page.items().stream().map(Post::id).toList());
      while (page.next().isPresent()) {
        assertEquals(limit, page.items().size(), "only the last page may be short");
        page = kith.feed(FeedQuery.home().limit(limit).after(page.next().get()));
        seen.addAll(page.items().stream().map(Post::id).toList());
      }
      assertEquals(expected, seen, "limit " + limit);
    }
  }

  @Test
  void homeTimeline_cursorIsStableWhenNewerPostsArrive() {
    ssb.addRemoteIdentity("bob");
    kith.interact(new Interaction.Follow(ssb.idOf("bob")));
    for (int i = 0; i < 6; i++) {
      ssb.receive("bob", "old " + i, T0.plusSeconds(i));
    }
    FeedPage<Post> first = kith.feed(FeedQuery.home().limit(3));
    ap.receive("alice", "brand new", T0.plusSeconds(100)); // alice is local on ap: in home
    FeedPage<Post> second = kith.feed(FeedQuery.home().limit(3).after(first.next().orElseThrow()));
    assertEquals(List.of("old 2", "old 1", "old 0"),
        second.items().stream().map(p -> p.content().plainText()).toList());
    assertFalse(second.hasNext());
  }

  @Test
  void homeTimeline_refusesAGarbageCursor() {
    assertThrows(InvalidInputException.class, () -> kith.feed(FeedQuery.home().after(Cursor.of("nope"))));
  }

  @Test
  void authorFeed_isRoutedToTheAuthorsProtocol() {
    Post post = kith.publish(PostDraft.ofText("mine")).post(Protocol.SSB).orElseThrow();
    FeedPage<Post> page = kith.feed(FeedQuery.author(aliceSsb.id()));
    assertEquals(List.of(post.id()), page.items().stream().map(Post::id).toList());
  }

  // ---- events -----------------------------------------------------------------------------------

  @Test
  void aListenerThatThrows_doesNotStopTheOthers_andIsLogged() {
    List<Event> first = new CopyOnWriteArrayList<>();
    List<Event> third = new CopyOnWriteArrayList<>();
    List<Event> thrower = new CopyOnWriteArrayList<>();
    try (RecordingLogHandler log = RecordingLogHandler.attach(EventBus.class.getName())) {
      kith.on(first::add);
      kith.on(e -> {
        thrower.add(e);
        throw new IllegalStateException("listener bug");
      });
      kith.on(third::add);
      Post one = ap.receive("bob", "one", T0);
      Post two = ssb.receive("bob", "two", T0);
      Eventually.await("both events reach the healthy listeners", () -> first.size() == 2 && third.size() == 2);
      Eventually.await("the throwing listener keeps receiving", () -> thrower.size() == 2);
      assertEquals(List.of(one, two), first.stream().map(e -> ((Event.PostReceived) e).post()).toList());
      assertEquals(first, third);
      Eventually.await("the throws are logged", () -> log.records(Level.WARNING).size() == 2);
      assertTrue(log.records(Level.WARNING).get(0).getThrown() instanceof IllegalStateException);
    }
  }

  @Test
  void events_mergesEveryAdapterIntoOnePublisher() {
    List<Event> received = new CopyOnWriteArrayList<>();
    kith.events().subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(10);
      }

      @Override
      public void onNext(Event item) {
        received.add(item);
      }

      @Override
      public void onError(Throwable t) { }

      @Override
      public void onComplete() { }
    });
    ap.receive("bob", "from ap", T0);
    ssb.receive("bob", "from ssb", T0);
    Eventually.await("events from both adapters", () -> received.size() == 2);
    assertEquals(Set.of(Protocol.ACTIVITYPUB, Protocol.SSB), Set.of(received.get(0).protocol(), received.get(1).protocol()));
  }

  // ---- interactions and resolve -------------------------------------------------------------------

  @Test
  void interactions_areRoutedToTheTargetsAdapter() {
    Post onAp = kith.publish(PostDraft.ofText("like me")).post(Protocol.ACTIVITYPUB).orElseThrow();
    Receipt like = kith.interact(Interaction.Like.of(onAp.id()));
    assertEquals(Protocol.ACTIVITYPUB, like.protocol());
    assertEquals(List.of(Interaction.Like.of(onAp.id())), ap.interactions());
    assertEquals(List.of(), ssb.interactions());
    ssb.addRemoteIdentity("carol");
    kith.interact(new Interaction.Follow(ssb.idOf("carol")));
    assertEquals(1, ssb.interactions().size());
    assertTrue(ssb.follows().isFollowing(aliceSsb.id(), ssb.idOf("carol")));
  }

  @Test
  void interact_refusesUnsupportedAndMismatchedCallsBeforeReachingAnAdapter() {
    Post onSsb = kith.publish(PostDraft.ofText("react")).post(Protocol.SSB).orElseThrow();
    UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
        () -> kith.interact(Interaction.Like.reaction(onSsb.id(), "🎉")));
    assertEquals(Set.of(Capability.REACTION_EMOJI), e.missing());
    assertThrows(InvalidInputException.class, () -> kith.interact(aliceAp, Interaction.Like.of(onSsb.id())));
    assertThrows(UnsupportedCapabilityException.class,
        () -> kith.interact(Interaction.Like.of(PostId.of(Protocol.of("nostr"), "note1"))));
    assertEquals(List.of(), ssb.interactions());
    assertEquals(List.of(), ap.interactions());
  }

  @Test
  void resolve_triesTheAdaptersThatRecogniseTheForm() {
    Identity bob = ssb.addRemoteIdentity("bob");
    assertEquals(bob, kith.resolve("@bob@ssb.example"));
    assertEquals(bob, kith.resolve(bob.id().value()));
    assertThrows(NotFoundException.class, () -> kith.resolve("@nobody@ssb.example"));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> kith.resolve("not a handle"));
    assertEquals(ErrorCode.Standard.INVALID_INPUT, e.code());
    assertThrows(InvalidInputException.class, () -> kith.resolve(null));
  }

  @Test
  void capabilities_areReportedPerProtocol() {
    assertTrue(kith.capabilities(Protocol.ACTIVITYPUB).contains(Capability.EDIT));
    assertFalse(kith.capabilities(Protocol.SSB).contains(Capability.EDIT));
    assertEquals(Set.of(), kith.capabilities(Protocol.of("nostr")));
  }

  // ---- conveniences: the client picks the adapter from the target ---------------------------------

  @Test
  void reply_goesToTheParentsProtocol_andReturnsTheReply() {
    PublishResult r = kith.publish(PostDraft.ofText("parent on both"));
    Post onSsb = r.post(Protocol.SSB).orElseThrow();
    Post reply = kith.reply(onSsb, PostDraft.ofText("answer"));
    assertEquals(Protocol.SSB, reply.protocol());
    assertEquals(aliceSsb.id(), reply.author());
    assertEquals(Optional.of(onSsb.id()), reply.inReplyTo());
    assertEquals(Optional.of(onSsb.id()), reply.threadRoot());
    assertEquals(List.of(new Interaction.Reply(onSsb.id(), PostDraft.ofText("answer"))), ssb.interactions());
    assertEquals(List.of(), ap.interactions(), "the other adapter saw nothing");
    Post onAp = r.post(Protocol.ACTIVITYPUB).orElseThrow();
    assertEquals(Protocol.ACTIVITYPUB, kith.reply(onAp.id(), PostDraft.ofText("and here")).protocol());
  }

  @Test
  void reply_withADraftThatNamesAnotherProtocol_isRefusedBeforeAnyAdapter() {
    Post onSsb = kith.publish(PostDraft.ofText("parent")).post(Protocol.SSB).orElseThrow();
    PostDraft mixed = PostDraft.builder().text("dm").visibility(Visibility.DIRECT)
        .directRecipient(ap.addRemoteIdentity("bob").id()).build();
    assertThrows(InvalidInputException.class, () -> kith.reply(onSsb, mixed));
    assertEquals(List.of(), ssb.interactions());
    assertEquals(2, ap.posts().size() + ssb.posts().size(), "only the parents");
  }

  @Test
  void likeShareFollowUnfollowBlock_areRoutedByTheTargetsProtocol() {
    Post onAp = kith.publish(PostDraft.ofText("like me")).post(Protocol.ACTIVITYPUB).orElseThrow();
    assertEquals(Protocol.ACTIVITYPUB, kith.like(onAp.id()).protocol());
    assertEquals(Protocol.ACTIVITYPUB, kith.share(onAp.id()).protocol());
    assertEquals(List.of(Interaction.Like.of(onAp.id()), new Interaction.Share(onAp.id())), ap.interactions());

    Identity carol = ssb.addRemoteIdentity("carol");
    Identity dave = ssb.addRemoteIdentity("dave");
    kith.follow(carol.id());
    assertTrue(ssb.follows().isFollowing(aliceSsb.id(), carol.id()));
    kith.unfollow(carol.id());
    assertFalse(ssb.follows().isFollowing(aliceSsb.id(), carol.id()));
    kith.block(dave.id());
    assertEquals(List.of(new Interaction.Follow(carol.id()), new Interaction.Unfollow(carol.id()),
        new Interaction.Block(dave.id())), ssb.interactions());
    assertEquals(2, ap.interactions().size(), "the SSB calls never reached the ActivityPub adapter");
  }

  @Test
  void conveniences_refuseWhatTheTargetsAdapterCannotDo_beforeReachingIt() {
    Post onSsb = kith.publish(PostDraft.ofText("mine")).post(Protocol.SSB).orElseThrow();
    UnsupportedCapabilityException react = assertThrows(UnsupportedCapabilityException.class,
        () -> kith.react(onSsb.id(), "🎉"));
    assertEquals(Set.of(Capability.REACTION_EMOJI), react.missing());
    UnsupportedCapabilityException edit = assertThrows(UnsupportedCapabilityException.class,
        () -> kith.edit(onSsb.id(), PostDraft.ofText("changed")));
    assertEquals(Set.of(Capability.EDIT), edit.missing());
    assertEquals(Protocol.SSB, edit.protocol());
    assertEquals(List.of(), ssb.interactions());
    assertEquals("mine", ssb.posts().get(onSsb.id()).orElseThrow().content().plainText(), "unchanged");
    Post onAp = kith.publish(PublishRequest.builder(PostDraft.ofText("ap only")).as(aliceAp).build())
        .post(Protocol.ACTIVITYPUB).orElseThrow();
    assertEquals("edited", kith.edit(onAp.id(), PostDraft.ofText("edited")).content().plainText());
    assertEquals(Protocol.ACTIVITYPUB, kith.react(onAp.id(), "🎉").protocol());
    assertEquals(Interaction.Like.reaction(onAp.id(), "🎉"), ap.interactions().get(1));
    kith.delete(onAp.id());
    assertTrue(ap.posts().get(onAp.id()).isEmpty());
  }

  @Test
  void conveniences_withoutAnIdentityOnTheTargetsProtocol_areRefused() {
    FakeProtocolAdapter other = new FakeProtocolAdapter(Protocol.of("other"));
    try (Kith k = Kith.builder().adapter(other).build()) {
      Identity x = other.addRemoteIdentity("x");
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> k.follow(x.id()));
      assertTrue(e.getMessage().contains("no identity"), e.getMessage());
      assertEquals(List.of(), other.interactions());
    }
  }

  // ---- what an override must leave out, stated by the capability flags ----------------------------

  @Test
  void missingCapabilities_namesWhatEachTargetLacks_andNothingIsSent() {
    PostDraft rich = PostDraft.builder().text("quiet spoilers").contentWarning("film ending")
        .visibility(Visibility.UNLISTED).build();
    assertEquals(java.util.Map.of(Protocol.SSB, Set.of(Capability.CONTENT_WARNING, Capability.VISIBILITY_UNLISTED)),
        kith.missingCapabilities(PublishRequest.of(rich)));
    PublishRequest fixed = PublishRequest.builder(rich).override(Protocol.SSB, PostDraft.ofText("spoilers, see AP")).build();
    assertEquals(java.util.Map.of(), kith.missingCapabilities(fixed));
    assertEquals(java.util.Map.of(), kith.missingCapabilities(PublishRequest.of(PostDraft.ofText("plain"))));
    assertEquals(0, ap.posts().size() + ssb.posts().size(), "asking publishes nothing");
    PublishResult r = kith.publish(fixed);
    assertEquals(Visibility.UNLISTED, r.post(Protocol.ACTIVITYPUB).orElseThrow().visibility());
    assertEquals(Visibility.PUBLIC, r.post(Protocol.SSB).orElseThrow().visibility());
  }

  @Test
  void missingCapabilities_refusesTheSameBadRequestsAsPublish() {
    PublishRequest overrideForNonTarget = PublishRequest.builder(PostDraft.ofText("x")).as(aliceAp)
        .override(Protocol.SSB, PostDraft.ofText("y")).build();
    assertThrows(InvalidInputException.class, () -> kith.missingCapabilities(overrideForNonTarget));
    FakeProtocolAdapter nostr = new FakeProtocolAdapter(Protocol.of("nostr"));
    PublishRequest unknown = PublishRequest.builder(PostDraft.ofText("x")).as(nostr.newLocalIdentity("n")).build();
    UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
        () -> kith.missingCapabilities(unknown));
    assertEquals(Protocol.of("nostr"), e.protocol());
  }

  // ---- one notification stream ---------------------------------------------------------------------

  @Test
  void notifications_mergeBothProtocols_andTypedListenersSeeOnlyTheirKind() {
    List<Event.Mentioned> mentions = new CopyOnWriteArrayList<>();
    List<Event> everything = new CopyOnWriteArrayList<>();
    kith.on(Event.Mentioned.class, mentions::add);
    kith.on(everything::add);
    Post fromAp = ap.receive(Post.builder(PostId.of(Protocol.ACTIVITYPUB, "fake-activitypub:post/m1"),
        ap.idOf("bob"), T0).content(social.kith.core.model.Content.plain("hi alice"))
        .mentions(List.of(social.kith.core.model.Mention.of(aliceAp.id(), "@alice"))).build());
    Post fromSsb = ssb.receive(Post.builder(PostId.of(Protocol.SSB, "fake-ssb:post/m2"),
        ssb.idOf("bob"), T0.plusSeconds(1)).content(social.kith.core.model.Content.plain("hi alice too"))
        .mentions(List.of(social.kith.core.model.Mention.of(aliceSsb.id(), "@alice"))).build());
    ssb.receive("bob", "not for alice", T0.plusSeconds(2));
    Eventually.await("both mentions", () -> mentions.size() == 2);
    Eventually.await("every event", () -> everything.size() == 5);
    assertEquals(Set.of(fromAp.id(), fromSsb.id()), Set.of(mentions.get(0).post().id(), mentions.get(1).post().id()));
    assertEquals(List.of(fromSsb.id(), fromAp.id()),
        kith.feed(FeedQuery.notifications()).items().stream().map(Post::id).toList(), "newest first, both networks");
  }

  /** Delegates to a fake but fails to close, to test that close goes on. */
  private static final class CloseFailingAdapter implements ProtocolAdapter {
    private final FakeProtocolAdapter delegate;

    CloseFailingAdapter(FakeProtocolAdapter delegate) {
      this.delegate = delegate;
    }

    @Override
    public Protocol protocol() {
      return delegate.protocol();
    }

    @Override
    public Set<Capability> capabilities() {
      return delegate.capabilities();
    }

    @Override
    public boolean recognizes(String handleOrId) {
      return delegate.recognizes(handleOrId);
    }

    @Override
    public void start(AdapterContext context) {
      delegate.start(context);
    }

    @Override
    public Identity resolve(String handleOrId) {
      return delegate.resolve(handleOrId);
    }

    @Override
    public Post publish(LocalIdentity author, PostDraft draft) {
      return delegate.publish(author, draft);
    }

    @Override
    public Receipt interact(LocalIdentity actor, Interaction interaction) {
      return delegate.interact(actor, interaction);
    }

    @Override
    public FeedPage<Post> feed(FeedQuery query) {
      return delegate.feed(query);
    }

    @Override
    public void close() {
      delegate.close();
      throw new IllegalStateException("close failed");
    }
  }

}
