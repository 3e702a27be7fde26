package social.kith.ssb.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.core.ClosedException;
import social.kith.core.ErrorCode;
import social.kith.core.InvalidInputException;
import social.kith.core.KithException;
import social.kith.core.NetworkException;
import social.kith.core.NotFoundException;
import social.kith.core.event.Event;
import social.kith.core.feed.FeedPage;
import social.kith.core.feed.FeedPosition;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.Attachment;
import social.kith.core.model.Capability;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Mention;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;
import social.kith.core.spi.AdapterContext;
import social.kith.core.testing.MutableClock;
import social.kith.core.testing.RecordingEventSink;
import social.kith.ssb.BlobId;
import social.kith.ssb.FeedId;
import social.kith.ssb.SsbError;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.box.BoxedContent;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.mapping.SsbMapper;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoredMessage;

final class SsbAdapterTest {
  @TempDir
  Path dir;

  private final MutableClock clock = MutableClock.atDefaultStart();
  private final RecordingEventSink sink = new RecordingEventSink();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(opened);
    for (AutoCloseable c : opened) {
      c.close();
    }
    executor.shutdownNow();
  }

  private AdapterContext context() {
    return new AdapterContext(sink, clock, executor, "social.kith.ssb.test", Duration.ofSeconds(30));
  }

  private SsbAdapter node(String name, FakeSsbNetwork network) {
    SsbAdapter a = SsbAdapter.open(dir.resolve(name), network);
    opened.add(a);
    a.start(context());
    return a;
  }

  private SsbAdapter node(FakeSsbNetwork network) {
    return node("node", network);
  }

  private Post publish(SsbAdapter a, PostDraft draft) {
    clock.advance(Duration.ofSeconds(1));
    return a.publish(a.localIdentity(), draft);
  }

  private static List<PostId> ids(FeedPage<Post> page) {
    return page.items().stream().map(Post::id).toList();
  }

  private static PostId id(SsbMessage m) {
    return SsbMapper.post(m.id());
  }

  private static JsonObject content(Post post) {
    JsonObject kv = (JsonObject) JsonParser.DEFAULT.parse(post.nativeDocument().orElseThrow().text());
    return (JsonObject) ((JsonObject) kv.get("value").orElseThrow()).get("content").orElseThrow();
  }

  private static List<Post> all(SsbAdapter a, FeedQuery query) {
    List<Post> out = new ArrayList<>();
    FeedPage<Post> page = a.feed(query);
    out.addAll(page.items());
    while (page.next().isPresent()) {
      page = a.feed(query.after(page.next().get()));
      assertFalse(page.items().isEmpty(), "a cursor was given but no post follows it");
      out.addAll(page.items());
    }
    return out;
  }

  /** Asserts that {@code call} is refused with {@code code} and that the store did not change. */
  private static KithException refusedAndNothingStored(SsbAdapter a, ErrorCode code, Runnable call) {
    Map<FeedId, Long> before = a.store().latestSequences();
    KithException e = assertThrows(KithException.class, call::run);
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(before, a.store().latestSequences(), "a refused call stored something");
    return e;
  }

  // ---------------------------------------------------------------- construction

  @Test
  void open_createsAnOwnerOnlySecretAndTheSameNodeOnReopen() throws Exception {
    Path data = dir.resolve("data");
    FeedId first;
    SsbStore store;
    try (SsbAdapter a = SsbAdapter.open(data)) {
      first = a.feedId();
      store = a.store();
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(SsbAdapter.SECRET_FILE))));
      assertTrue(Files.isDirectory(data.resolve(SsbAdapter.STORE_DIR)));
    }
    assertThrows(ClosedException.class, store::latestSequences, "the adapter closes the store it opened");
    try (SsbAdapter again = SsbAdapter.open(data)) {
      assertEquals(first, again.feedId());
      again.close();
      again.close();
    }
  }

  @Test
  void builder_failsFast() {
    SsbKeyPair keys = SsbKeyPair.generate();
    assertThrows(IllegalStateException.class, () -> SsbAdapter.builder().keys(keys).build());
    try (SsbStore store = SsbStore.open(dir.resolve("s"))) {
      assertThrows(IllegalStateException.class, () -> SsbAdapter.builder().store(store).build());
      assertThrows(IllegalStateException.class, () -> SsbAdapter.builder().keys(keys).keys(keys));
      assertThrows(IllegalStateException.class, () -> SsbAdapter.builder().store(store).store(store));
      assertThrows(IllegalStateException.class, () -> SsbAdapter.builder().network(SsbNetwork.NONE).network(SsbNetwork.NONE));
      assertThrows(IllegalArgumentException.class, () -> SsbAdapter.builder().homeHops(SsbAdapter.MAX_HOME_HOPS + 1));
      assertThrows(IllegalArgumentException.class, () -> SsbAdapter.builder().homeHops(-1));
      SsbAdapter a = SsbAdapter.builder().keys(keys).store(store).build();
      assertEquals(SsbAdapter.DEFAULT_HOME_HOPS, a.homeHops());
      assertEquals(SsbNetwork.NONE, a.network());
      a.close();
      assertEquals(Map.of(), store.latestSequences(), "a builder-given store stays open: the caller owns it");
    }
  }

  @Test
  void capabilities_areWhatClassicSsbCarries() {
    EnumSet<Capability> classic = EnumSet.of(Capability.PUBLISH, Capability.REPLY, Capability.LIKE, Capability.REACTION_EMOJI,
        Capability.FOLLOW, Capability.UNFOLLOW, Capability.BLOCK, Capability.DIRECT_MESSAGE, Capability.CONTENT_WARNING,
        Capability.LIVE_EVENTS, Capability.RESOLVE_HANDLE, Capability.FEED_AUTHOR, Capability.FEED_HOME,
        Capability.FEED_NOTIFICATIONS, Capability.FEED_THREAD);
    assertEquals(classic, EnumSet.copyOf(SsbAdapter.CAPABILITIES));
    SsbAdapter withBlobs = node(new FakeSsbNetwork());
    EnumSet<Capability> expected = EnumSet.copyOf(classic);
    expected.add(Capability.ATTACHMENTS);
    assertEquals(expected, EnumSet.copyOf(withBlobs.capabilities()), "open() keeps blobs, so attachments work");
    for (Capability missing : List.of(Capability.SHARE, Capability.EDIT, Capability.DELETE,
        Capability.VISIBILITY_UNLISTED, Capability.VISIBILITY_FOLLOWERS)) {
      assertFalse(withBlobs.supports(missing), missing.name());
    }
    try (SsbStore store = SsbStore.open(dir.resolve("no-blobs"))) {
      SsbAdapter noBlobs = SsbAdapter.builder().keys(SsbKeyPair.generate()).store(store).build();
      assertEquals(classic, EnumSet.copyOf(noBlobs.capabilities()));
      noBlobs.start(context());
      refusedAndNothingStored(noBlobs, ErrorCode.Standard.UNSUPPORTED, () -> noBlobs.publish(noBlobs.localIdentity(),
          PostDraft.builder().text("x").attachment(Attachment.of(URI.create("ssb:blob/sha256/x"), "image/png", "")).build()));
      noBlobs.close();
    }
  }

  @Test
  void attachments_areBlobMentionsWithAMarkdownEmbed() {
    SsbAdapter a = node(new FakeSsbNetwork());
    BlobStore blobs = a.blobs().orElseThrow();
    BlobId image = blobs.put("not really a png".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    BlobId paper = blobs.put(new byte[] {1, 2, 3});
    Attachment picture = Attachment.of(URI.create(image.toUri()), "image/png", "a red [square]").withSize(10, 20);
    Post post = publish(a, PostDraft.builder().text("look").attachment(picture).build());
    assertEquals(List.of(picture), post.attachments());
    JsonObject c = content(post);
    assertEquals(JsonValue.of("look\n\n![a red  square](" + image + ")"), c.get("text").orElseThrow());
    JsonObject mention = (JsonObject) ((JsonArray) c.get("mentions").orElseThrow()).get(0);
    assertEquals(JsonValue.of(image.toString()), mention.get("link").orElseThrow());
    assertEquals(JsonValue.of("image/png"), mention.get("type").orElseThrow());
    assertEquals(JsonValue.of(16), mention.get("size").orElseThrow());
    Attachment file = Attachment.of(URI.create(paper.toUri()), "application/pdf", "the paper");
    Post fileOnly = publish(a, PostDraft.builder().attachment(file).build());
    assertEquals(JsonValue.of("[the paper](" + paper + ")"), content(fileOnly).get("text").orElseThrow());
    assertEquals(List.of(fileOnly, post), all(a, FeedQuery.author(a.localIdentity().id())));

    LocalIdentity me = a.localIdentity();
    BlobId missing = BlobId.of(new byte[32]);
    refusedAndNothingStored(a, ErrorCode.Standard.NOT_FOUND, () -> a.publish(me, PostDraft.builder()
        .attachment(Attachment.of(URI.create(missing.toUri()), "image/png", "gone")).build()));
    refusedAndNothingStored(a, ErrorCode.Standard.INVALID_INPUT, () -> a.publish(me, PostDraft.builder()
        .attachment(Attachment.of(URI.create("https://media.example/a.png"), "image/png", "elsewhere")).build()));
  }

  @Test
  void attachments_fromPeersAreReadFromTypedBlobMentions() {
    FakeSsbNetwork net = new FakeSsbNetwork();
    SsbAdapter a = node(net);
    Remote bob = new Remote(clock);
    a.interact(a.localIdentity(), new Interaction.Follow(bob.id()));
    BlobId blob = BlobId.of(new byte[32]);
    SsbMessage post = bob.publish(JsonObject.builder().put("type", "post").put("text", "![cat](" + blob + ")")
        .put("mentions", JsonArray.of(
            JsonObject.builder().put("link", blob.toString()).put("name", "cat").put("type", "image/jpeg")
                .put("width", 640).put("height", 480).build(),
            JsonObject.builder().put("link", blob.toString()).put("type", "not a media type").build(),
            JsonObject.builder().put("link", blob.toString()).put("name", "untyped").build(),
            JsonObject.builder().put("link", "&nope.sha256").put("type", "image/png").build()))
        .build());
    net.deliver(List.of(post));
    Post p = a.feed(FeedQuery.home()).items().get(0);
    assertEquals(List.of(Attachment.of(URI.create(blob.toUri()), "image/jpeg", "cat").withSize(640, 480)), p.attachments());
  }

  // ---------------------------------------------------------------- handles

  @Test
  void recognizes_feedIdsAndFeedUrisOnly() {
    SsbAdapter a = node(new FakeSsbNetwork());
    FeedId feed = a.feedId();
    assertTrue(a.recognizes(feed.toString()));
    assertTrue(a.recognizes(feed.toUri()));
    assertTrue(a.recognizes(feed.toUri().replace("ssb:", "ssb://")));
    String messageId = "%" + feed.toString().substring(1, 45) + ".sha256";
    for (String s : new String[] {null, "", messageId, "@alice@example.com", "https://example.com/@alice",
        feed.toString().replace(".ed25519", ".ed25519x"), "ssb:message/sha256/" + feed.toUri().substring(20), "ssb:feed/ed25519/!!"}) {
      assertFalse(a.recognizes(s), String.valueOf(s));
    }
  }

  @Test
  void resolve_readsTheProfileFromAboutMessages() {
    FakeSsbNetwork net = new FakeSsbNetwork();
    SsbAdapter a = node(net);
    Remote rita = new Remote(clock);
    net.deliver(List.of(rita.about("Remote Rita")));
    Identity byId = a.resolve(rita.feed().toString());
    assertEquals("Remote Rita", byId.displayName());
    assertEquals(Protocol.SSB, byId.protocol());
    assertEquals(byId, a.resolve(rita.feed().toUri()));
    assertTrue(byId.key(rita.feed().toString()).isPresent(), "the feed key is the identity's key");
    assertThrows(NotFoundException.class, () -> a.resolve(SsbKeyPair.generate().id().toString()));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> a.resolve("@rita@example.com"));
    assertEquals(ErrorCode.Standard.INVALID_INPUT, e.code());
  }

  @Test
  void resolve_findsAFollowedFeedBeforeItsMessagesArrive() {
    SsbAdapter a = node(new FakeSsbNetwork());
    FeedId followed = SsbKeyPair.generate().id();
    a.interact(a.localIdentity(), new Interaction.Follow(SsbMapper.identity(followed)));
    assertEquals(SsbMapper.identity(followed), a.resolve(followed.toString()).id());
  }

  // ---------------------------------------------------------------- publishing

  @Test
  void publish_writesAPostWithMentionsChannelAndContentWarning() {
    SsbAdapter a = node(new FakeSsbNetwork());
    Remote bob = new Remote(clock);
    Post post = publish(a, PostDraft.builder().text("hello @bob #Kith").hashtag("kith").contentWarning("spoilers")
        .mention(Mention.of(bob.id(), "@bob")).mention(Mention.ofHandle(bob.feed().toString())).build());
    JsonObject c = content(post);
    assertEquals(JsonValue.of("post"), c.get("type").orElseThrow());
    assertEquals(JsonValue.of("kith"), c.get("channel").orElseThrow());
    assertEquals(JsonValue.of("spoilers"), c.get("contentWarning").orElseThrow());
    String mentions = c.get("mentions").orElseThrow().toString();
    assertTrue(mentions.contains(bob.feed().toString()) && mentions.contains("#kith"), mentions);
    assertEquals(List.of("kith"), post.hashtags());
    assertEquals(Optional.of("spoilers"), post.contentWarning());
    assertTrue(post.sensitive(), "a content warning marks the post sensitive");
    assertTrue(post.addresses(bob.id()));
    assertEquals(Visibility.PUBLIC, post.visibility());
    assertEquals(clock.instant(), post.createdAt(), "the timestamp comes from the adapter's clock");
    StoredMessage stored = a.store().get(SsbAdapter.messageOf(post.id())).orElseThrow();
    assertEquals(a.feedId(), stored.author());
    assertEquals(List.of(post), all(a, FeedQuery.author(a.localIdentity().id())));
  }

  @Test
  void reply_namesTheThreadRootAndTheParent() {
    FakeSsbNetwork net = new FakeSsbNetwork();
    SsbAdapter a = node(net);
    Post root = publish(a, PostDraft.ofText("root"));
    Remote bob = new Remote(clock);
    clock.advance(Duration.ofSeconds(1));
    SsbMessage bobsReply = bob.reply("bob replies", root.id(), root.id());
    net.deliver(List.of(bobsReply));
    clock.advance(Duration.ofSeconds(1));
    Post mine = a.interact(a.localIdentity(), new Interaction.Reply(id(bobsReply), PostDraft.ofText("and I answer")))
        .post().orElseThrow();
    JsonObject c = content(mine);
    assertEquals(JsonValue.of(root.id().value()), c.get("root").orElseThrow());
    assertEquals(JsonValue.of(id(bobsReply).value()), c.get("branch").orElseThrow());
    assertEquals(Optional.of(id(bobsReply)), mine.inReplyTo());
    assertEquals(Optional.of(root.id()), mine.threadRoot());
    assertEquals(List.of(mine.id(), id(bobsReply), root.id()), ids(a.feed(FeedQuery.thread(root.id()))));
  }

  @Test
  void likesAndContacts_writeVoteAndContactMessages() {
    SsbAdapter a = node(new FakeSsbNetwork());
    Post post = publish(a, PostDraft.ofText("likeable"));
    IdentityId bob = SsbMapper.identity(SsbKeyPair.generate().id());
    LocalIdentity me = a.localIdentity();
    String like = a.interact(me, Interaction.Like.reaction(post.id(), "🎉")).id();
    a.interact(me, new Interaction.Follow(bob));
    assertTrue(a.store().isFollowing(a.feedId(), FeedId.parse(bob.value())));
    a.interact(me, new Interaction.Unfollow(bob));
    assertFalse(a.store().isFollowing(a.feedId(), FeedId.parse(bob.value())));
    String block = a.interact(me, new Interaction.Block(bob)).id();
    assertTrue(a.store().isBlocking(a.feedId(), FeedId.parse(bob.value())));
    JsonObject vote = (JsonObject) a.store().get(social.kith.ssb.MessageId.parse(like)).orElseThrow().content();
    JsonObject v = (JsonObject) vote.get("vote").orElseThrow();
    assertEquals(JsonValue.of(post.id().value()), v.get("link").orElseThrow());
    assertEquals(JsonValue.of("🎉"), v.get("expression").orElseThrow());
    JsonObject contact = (JsonObject) a.store().get(social.kith.ssb.MessageId.parse(block)).orElseThrow().content();
    assertEquals(JsonValue.of(true), contact.get("blocking").orElseThrow());
    assertEquals(5, a.store().feedState(a.feedId()).orElseThrow().sequence());
  }

  @Test
  void privateMessage_isBoxedForTheRecipientsAndTheAuthorOnly() {
    SsbAdapter a = node(new FakeSsbNetwork());
    SsbKeyPair bob = SsbKeyPair.generate();
    Post dm = publish(a, PostDraft.builder().text("just for bob").visibility(Visibility.DIRECT)
        .directRecipient(SsbMapper.identity(bob.id())).build());
    assertEquals(Visibility.DIRECT, dm.visibility());
    assertEquals(Set.of(a.localIdentity().id(), SsbMapper.identity(bob.id())), Set.copyOf(dm.directRecipients()));
    StoredMessage stored = a.store().get(SsbAdapter.messageOf(dm.id())).orElseThrow();
    String boxed = assertInstanceOf(JsonString.class, stored.content()).value();
    assertTrue(boxed.endsWith(".box"));
    JsonObject opened = (JsonObject) BoxedContent.unbox(boxed, bob).orElseThrow();
    assertEquals(JsonValue.of("just for bob"), opened.get("text").orElseThrow());
    assertTrue(BoxedContent.unbox(boxed, SsbKeyPair.generate()).isEmpty(), "a stranger cannot open it");
    assertEquals(List.of(), all(a, FeedQuery.author(a.localIdentity().id())), "the author feed shows public posts only");
    assertEquals(List.of(dm.id()), ids(a.feed(FeedQuery.home())), "the author's home shows it");
  }

  @Test
  void refusals_storeNothing() {
    FakeSsbNetwork net = new FakeSsbNetwork();
    SsbAdapter a = node(net);
    LocalIdentity me = a.localIdentity();
    Remote bob = new Remote(clock);
    SsbMessage secret = bob.privately("psst", a.feedId());
    net.deliver(List.of(secret));
    Post existing = publish(a, PostDraft.ofText("exists"));
    refusedAndNothingStored(a, ErrorCode.Standard.INVALID_INPUT,
        () -> a.publish(me, PostDraft.builder().text("hola").language("es").build()));
    refusedAndNothingStored(a, ErrorCode.Standard.INVALID_INPUT,
        () -> a.publish(me, PostDraft.builder().text("shh").sensitive(true).build()));
    PostDraft.Builder eight = PostDraft.builder().text("too many").visibility(Visibility.DIRECT);
    for (int i = 0; i < 7; i++) {
      eight.directRecipient(SsbMapper.identity(SsbKeyPair.generate().id()));
    }
    refusedAndNothingStored(a, ErrorCode.Standard.LIMIT_EXCEEDED, () -> a.publish(me, eight.build()));
    refusedAndNothingStored(a, ErrorCode.Standard.INVALID_INPUT, () -> a.publish(me, PostDraft.builder().text("x")
        .visibility(Visibility.DIRECT).directRecipient(IdentityId.of(Protocol.SSB, "bob")).build()));
    refusedAndNothingStored(a, ErrorCode.Standard.INVALID_INPUT,
        () -> a.publish(me, PostDraft.builder().text("hi").mention(Mention.ofHandle("@bob@example.com")).build()));
    refusedAndNothingStored(a, SsbError.INVALID_MESSAGE, () -> a.publish(me, PostDraft.ofText("x".repeat(9000))));
    PostId unknown = SsbMapper.post(social.kith.ssb.MessageId.of(new byte[32]));
    refusedAndNothingStored(a, ErrorCode.Standard.NOT_FOUND,
        () -> a.publish(me, PostDraft.builder().text("to nothing").inReplyTo(unknown).build()));
    refusedAndNothingStored(a, ErrorCode.Standard.NOT_FOUND, () -> a.interact(me, Interaction.Like.of(unknown)));
    refusedAndNothingStored(a, ErrorCode.Standard.INVALID_INPUT, () -> a.interact(me, new Interaction.Follow(me.id())));
    refusedAndNothingStored(a, ErrorCode.Standard.INVALID_INPUT,
        () -> a.interact(me, new Interaction.Follow(IdentityId.of(Protocol.SSB, "@not-a-feed"))));
    refusedAndNothingStored(a, ErrorCode.Standard.INVALID_INPUT,
        () -> a.publish(me, PostDraft.builder().text("public answer").inReplyTo(id(secret)).build()));
    refusedAndNothingStored(a, ErrorCode.Standard.INVALID_INPUT, () -> a.interact(me, Interaction.Like.of(id(secret))));
    refusedAndNothingStored(a, ErrorCode.Standard.UNSUPPORTED, () -> a.interact(me, new Interaction.Share(existing.id())));
    refusedAndNothingStored(a, ErrorCode.Standard.UNSUPPORTED, () -> a.interact(me, new Interaction.Delete(existing.id())));
    refusedAndNothingStored(a, ErrorCode.Standard.UNSUPPORTED,
        () -> a.publish(me, PostDraft.builder().text("x").visibility(Visibility.UNLISTED).build()));
    LocalIdentity impostor = LocalIdentity.of(me.identity(), me.keyId(), SsbKeyPair.generate().privateKey());
    refusedAndNothingStored(a, ErrorCode.Standard.INVALID_INPUT, () -> a.publish(impostor, PostDraft.ofText("not me")));
    assertEquals(List.of(existing.id()), ids(a.feed(FeedQuery.author(me.id()))));
  }

  @Test
  void concurrentPublishing_signsEachSequenceOnce() throws Exception {
    SsbAdapter a = node(new FakeSsbNetwork());
    LocalIdentity me = a.localIdentity();
    List<java.util.concurrent.Future<Post>> futures = new ArrayList<>();
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    for (int t = 0; t < 4; t++) {
      for (int i = 0; i < 8; i++) {
        String text = "thread " + t + " post " + i;
        futures.add(executor.submit(() -> {
          go.await();
          return a.publish(me, PostDraft.ofText(text));
        }));
      }
    }
    go.countDown();
    Set<PostId> published = new java.util.HashSet<>();
    for (var f : futures) {
      published.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS).id());
    }
    assertEquals(32, published.size());
    assertEquals(32, a.store().feedState(a.feedId()).orElseThrow().sequence());
    assertEquals(published, Set.copyOf(all(a, FeedQuery.author(me.id()).limit(7)).stream().map(Post::id).toList()));
  }

  @Test
  void boxedMessagesForOthers_areNeitherShownNorAnsweredInPublic() {
    FakeSsbNetwork net = new FakeSsbNetwork();
    SsbAdapter a = node(net);
    Remote bob = new Remote(clock);
    a.interact(a.localIdentity(), new Interaction.Follow(bob.id()));
    SsbMessage notForMe = bob.privately("for carol only", SsbKeyPair.generate().id());
    net.deliver(List.of(notForMe));
    assertEquals(List.of(), ids(a.feed(FeedQuery.home())));
    LocalIdentity me = a.localIdentity();
    refusedAndNothingStored(a, ErrorCode.Standard.INVALID_INPUT, () -> a.interact(me, Interaction.Like.of(id(notForMe))));
    refusedAndNothingStored(a, ErrorCode.Standard.INVALID_INPUT,
        () -> a.publish(me, PostDraft.builder().text("?").inReplyTo(id(notForMe)).build()));
  }

  // ---------------------------------------------------------------- feeds

  @Test
  void home_showsFollowedFeedsWithinHopsAndLeavesOutBlocked() {
    FakeSsbNetwork net = new FakeSsbNetwork();
    SsbAdapter a = node("one-hop", net);
    Remote friend = new Remote(clock);
    Remote friendOfFriend = new Remote(clock);
    Remote stranger = new Remote(clock);
    LocalIdentity me = a.localIdentity();
    a.interact(me, new Interaction.Follow(friend.id()));
    SsbMessage f1 = friend.contact(friendOfFriend.feed(), "following", true);
    SsbMessage f2 = friend.post("from a friend");
    SsbMessage fof = friendOfFriend.post("from a friend of a friend");
    SsbMessage s = stranger.post("from a stranger");
    net.deliver(List.of(f1, f2, fof, s));
    Post own = publish(a, PostDraft.ofText("my own"));
    assertEquals(List.of(own.id(), id(f2)), ids(a.feed(FeedQuery.home())));
    assertEquals(List.of(own.id(), id(f2)), ids(a.feed(FeedQuery.home(me.id()))));

    FakeSsbNetwork net2 = new FakeSsbNetwork();
    SsbAdapter wide;
    try (SsbStore store = SsbStore.open(dir.resolve("two-hops"))) {
      wide = SsbAdapter.builder().keys(SsbKeyPair.generate()).store(store).network(net2).homeHops(2).build();
      wide.start(context());
      wide.interact(wide.localIdentity(), new Interaction.Follow(friend.id()));
      net2.pullFrom(net);
      assertEquals(List.of(id(f2), id(fof)), ids(wide.feed(FeedQuery.home())));
      wide.interact(wide.localIdentity(), new Interaction.Block(friendOfFriend.id()));
      assertEquals(List.of(id(f2)), ids(wide.feed(FeedQuery.home())), "a blocked feed leaves the home feed");
      wide.close();
    }
  }

  @Test
  void home_pagesEveryPostExactlyOnceWhateverTheClaimedTimestamps() {
    FakeSsbNetwork net = new FakeSsbNetwork();
    SsbAdapter a = node(net);
    MutableClock claimed = MutableClock.atDefaultStart();
    List<Remote> friends = List.of(new Remote(claimed), new Remote(claimed), new Remote(claimed));
    for (Remote f : friends) {
      a.interact(a.localIdentity(), new Interaction.Follow(f.id()));
    }
    List<SsbMessage> sent = new ArrayList<>();
    long[] offsets = {50, 10, 50, 30, 10, 70, 20, 50, 0, 90, 30, 60};
    for (int i = 0; i < offsets.length; i++) {
      claimed.set(Instant.parse("2025-06-01T00:00:00Z").plusSeconds(offsets[i]));
      sent.add(friends.get(i % 3).post("post " + i)); // equal timestamps across feeds tie-break by id
    }
    net.deliver(sent);
    List<PostId> expected = sent.stream()
        .map(m -> new FeedPosition(SsbAdapter.instant(m.timestamp()), id(m))).sorted().map(FeedPosition::id).toList();
    for (int limit : new int[] {1, 2, 5, 12, 100}) {
      assertEquals(expected, all(a, FeedQuery.home().limit(limit)).stream().map(Post::id).toList(), "limit " + limit);
    }
  }

  @Test
  void notifications_areMentionsRepliesAndPrivateMessagesFromOthers() {
    FakeSsbNetwork net = new FakeSsbNetwork();
    SsbAdapter a = node(net);
    Post mine = publish(a, PostDraft.ofText("my post"));
    publish(a, PostDraft.builder().text("talking to myself").mention(Mention.of(a.localIdentity().id(), "@me")).build());
    Remote bob = new Remote(clock);
    Remote carol = new Remote(clock);
    clock.advance(Duration.ofSeconds(1));
    SsbMessage mention = bob.mention("hey you", a.feedId());
    clock.advance(Duration.ofSeconds(1));
    SsbMessage reply = bob.reply("nice post", mine.id(), mine.id());
    clock.advance(Duration.ofSeconds(1));
    SsbMessage dm = bob.privately("a secret", a.feedId());
    clock.advance(Duration.ofSeconds(1));
    SsbMessage unrelated = bob.post("about the weather");
    SsbMessage carolsMention = carol.mention("carol calls", a.feedId());
    net.deliver(List.of(mention, reply, dm, unrelated, carolsMention));
    List<Post> notes = all(a, FeedQuery.notifications());
    assertEquals(List.of(id(carolsMention), id(dm), id(reply), id(mention)), notes.stream().map(Post::id).toList());
    Post secret = notes.get(1);
    assertEquals(Visibility.DIRECT, secret.visibility());
    assertEquals("a secret", secret.content().plainText());
    assertEquals(notes, all(a, FeedQuery.notifications(a.localIdentity().id())));
    a.interact(a.localIdentity(), new Interaction.Block(carol.id()));
    assertEquals(List.of(id(dm), id(reply), id(mention)), ids(a.feed(FeedQuery.notifications())),
        "a blocked author's mentions are left out");
    assertThrows(InvalidInputException.class, () -> a.feed(FeedQuery.notifications(bob.id())));
  }

  @Test
  void feed_refusesIdsThatAreNotSsbShaped() {
    SsbAdapter a = node(new FakeSsbNetwork());
    assertThrows(InvalidInputException.class, () -> a.feed(FeedQuery.author(IdentityId.of(Protocol.SSB, "alice"))));
    assertThrows(InvalidInputException.class, () -> a.feed(FeedQuery.thread(PostId.of(Protocol.SSB, "%nope"))));
    assertThrows(InvalidInputException.class,
        () -> a.feed(FeedQuery.author(IdentityId.of(Protocol.ACTIVITYPUB, "https://example.com/u/a"))));
  }

  // ---------------------------------------------------------------- events and the network seam

  @Test
  void events_reportWhatArrivesFromTheNetworkAndWhatIsPublished() {
    FakeSsbNetwork net = new FakeSsbNetwork();
    SsbAdapter a = node(net);
    IdentityId me = a.localIdentity().id();
    Post mine = publish(a, PostDraft.ofText("mine"));
    assertTrue(sink.events(Event.PostReceived.class).stream().anyMatch(e -> e.post().id().equals(mine.id())),
        "a published post is reported too");
    Remote bob = new Remote(clock);
    SsbMessage mention = bob.mention("hi there", a.feedId());
    SsbMessage reply = bob.reply("re: mine", mine.id(), mine.id());
    SsbMessage like = bob.vote(mine.id(), "❤️");
    SsbMessage follow = bob.contact(a.feedId(), "following", true);
    SsbMessage dm = bob.privately("private hello", a.feedId());
    int before = sink.events().size();
    net.deliver(List.of(mention, reply, like, follow, dm));
    List<Event> events = sink.events().subList(before, sink.events().size());
    assertTrue(events.stream().anyMatch(e -> e instanceof Event.Mentioned m && m.post().id().equals(id(mention))
        && m.mentioned().equals(me)), events.toString());
    assertTrue(events.stream().anyMatch(e -> e instanceof Event.Replied r && r.reply().id().equals(id(reply))
        && r.parent().equals(mine.id())), events.toString());
    assertTrue(events.stream().anyMatch(e -> e instanceof Event.Liked l && l.post().equals(mine.id())
        && l.actor().equals(bob.id()) && l.reaction().equals(Optional.of("❤️"))), events.toString());
    assertTrue(events.stream().anyMatch(e -> e instanceof Event.Followed f && f.follower().equals(bob.id())
        && f.followee().equals(me)), events.toString());
    assertTrue(events.stream().anyMatch(e -> e instanceof Event.Mentioned m && m.post().id().equals(id(dm))
        && m.post().visibility() == Visibility.DIRECT), events.toString());
    assertEquals(3, events.stream().filter(e -> e instanceof Event.PostReceived).count(), events.toString());
    assertTrue(events.stream().allMatch(e -> e.at().equals(clock.instant())), "events carry the adapter's clock");
    int after = sink.events().size();
    net.deliver(List.of());
    assertEquals(after, sink.events().size(), "nothing is reported twice");
  }

  @Test
  void events_leaveOutBlockedAuthors() {
    FakeSsbNetwork net = new FakeSsbNetwork();
    SsbAdapter a = node(net);
    Remote troll = new Remote(clock);
    a.interact(a.localIdentity(), new Interaction.Block(troll.id()));
    int before = sink.events().size();
    net.deliver(List.of(troll.mention("you!", a.feedId())));
    assertEquals(before, sink.events().size(), sink.events().toString());
  }

  @Test
  void network_startsWithTheNodeAndHearsOfPublishedMessages() {
    FakeSsbNetwork net = new FakeSsbNetwork();
    SsbAdapter a = node(net);
    assertEquals(1, net.starts());
    assertEquals(a.feedId(), net.context().keys().id());
    assertEquals(a.store(), net.context().store());
    assertFalse(net.context().toString().contains(java.util.Base64.getEncoder().encodeToString(net.context().keys().seed())),
        "the context never shows the secret");
    Post post = publish(a, PostDraft.ofText("push me"));
    assertEquals(List.of(SsbAdapter.messageOf(post.id())), net.published().stream().map(StoredMessage::key).toList());
    a.close();
    a.close();
    assertEquals(1, net.closes());
    assertThrows(ClosedException.class, () -> a.feed(FeedQuery.home()));
  }

  @Test
  void network_failingToStart_failsTheStartAndReleasesTheStore() {
    FakeSsbNetwork net = new FakeSsbNetwork().failingToStartWith(new IllegalStateException("no sockets"));
    SsbAdapter a = SsbAdapter.open(dir.resolve("n"), net);
    NetworkException e = assertThrows(NetworkException.class, () -> a.start(context()));
    assertEquals(ErrorCode.Standard.NETWORK_FAILURE, e.code());
    assertThrows(ClosedException.class, () -> a.feed(FeedQuery.home()));
    try (SsbAdapter again = SsbAdapter.open(dir.resolve("n"))) {
      assertEquals(a.feedId(), again.feedId(), "the store's lock was released");
    }
  }

  @Test
  void start_twiceIsRefused() {
    SsbAdapter a = node(new FakeSsbNetwork());
    assertThrows(IllegalStateException.class, () -> a.start(context()));
  }

  @Test
  void addLocalIdentity_afterStart_opensItsEarlierPrivateMessages() {
    FakeSsbNetwork net = new FakeSsbNetwork();
    SsbAdapter a = node(net);
    SsbKeyPair second = SsbKeyPair.generate();
    Remote bob = new Remote(clock);
    SsbMessage dm = bob.privately("for the second feed", second.id());
    net.deliver(List.of(dm));
    assertEquals(List.of(), ids(a.feed(FeedQuery.notifications())));
    LocalIdentity added = a.addLocalIdentity(second);
    assertEquals(List.of(a.localIdentity().id(), added.id()), a.localIdentities());
    assertEquals(List.of(id(dm)), ids(a.feed(FeedQuery.notifications(added.id()))));
    assertEquals(List.of(), ids(a.feed(FeedQuery.notifications(a.localIdentity().id()))));
    Post fromSecond = a.publish(added, PostDraft.ofText("the second feed speaks"));
    assertEquals(added.id(), fromSecond.author());
  }

  @Test
  void messagesAppendedToTheStoreDirectly_areIndexedOnTheNextRead() {
    SsbAdapter a = node(new FakeSsbNetwork());
    Remote bob = new Remote(clock);
    a.interact(a.localIdentity(), new Interaction.Follow(bob.id()));
    SsbMessage post = bob.post("written behind the adapter's back");
    a.store().append(post);
    Supplier<List<PostId>> home = () -> ids(a.feed(FeedQuery.home()));
    assertEquals(List.of(id(post)), home.get());
    assertTrue(sink.events(Event.PostReceived.class).stream().anyMatch(e -> e.post().id().equals(id(post))));
  }

  @Test
  void untrustedPostText_isCleanedAndStillMaps() {
    FakeSsbNetwork net = new FakeSsbNetwork();
    SsbAdapter a = node(net);
    Remote bob = new Remote(clock);
    a.interact(a.localIdentity(), new Interaction.Follow(bob.id()));
    SsbMessage odd = bob.publish(JsonObject.builder().put("type", "post").put("text", "<script>alert(1)</script>\u0000ok")
        .put("mentions", JsonArray.of(JsonValue.of(7), JsonObject.builder().put("link", 3).build()))
        .put("root", 42).put("branch", JsonArray.of(JsonValue.of("%nope"))).build());
    net.deliver(List.of(odd));
    Post p = a.feed(FeedQuery.home()).items().get(0);
    assertEquals(id(odd), p.id());
    assertFalse(p.content().html().contains("<script"), p.content().html());
    assertEquals(Optional.empty(), p.inReplyTo());
  }
}
