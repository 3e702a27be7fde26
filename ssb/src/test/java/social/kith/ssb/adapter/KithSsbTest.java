package social.kith.ssb.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.core.ErrorCode;
import social.kith.core.Kith;
import social.kith.core.PublishRequest;
import social.kith.core.PublishResult;
import social.kith.core.UnsupportedCapabilityException;
import social.kith.core.event.Event;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Receipt;
import social.kith.core.model.Visibility;
import social.kith.core.testing.Eventually;
import social.kith.core.testing.MutableClock;
import social.kith.ssb.FeedId;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.mapping.SsbMapper;

/**
 * Two SSB nodes, Alice and Bob, each with its own store and a {@link Kith} client, used only
 * through the facade. The network is simulated by copying messages between the two stores through
 * the {@link SsbNetwork} seam ({@link FakeSsbNetwork#exchange}).
 */
final class KithSsbTest {
  @TempDir
  Path dir;

  private final MutableClock clock = MutableClock.atDefaultStart();
  private final List<Event> aliceEvents = new CopyOnWriteArrayList<>();
  private final List<Event> bobEvents = new CopyOnWriteArrayList<>();
  private FakeSsbNetwork aliceNet;
  private FakeSsbNetwork bobNet;
  private SsbAdapter aliceNode;
  private SsbAdapter bobNode;
  private Kith alice;
  private Kith bob;

  @BeforeEach
  void startBoth() {
    aliceNet = new FakeSsbNetwork();
    bobNet = new FakeSsbNetwork();
    aliceNode = SsbAdapter.open(dir.resolve("alice"), aliceNet);
    bobNode = SsbAdapter.open(dir.resolve("bob"), bobNet);
    alice = Kith.builder().adapter(aliceNode).identity(aliceNode.localIdentity()).clock(clock).build();
    bob = Kith.builder().adapter(bobNode).identity(bobNode.localIdentity()).clock(clock).build();
    alice.on(aliceEvents::add);
    bob.on(bobEvents::add);
  }

  @AfterEach
  void closeBoth() {
    alice.close();
    bob.close();
  }

  private IdentityId aliceId() {
    return alice.identity(Protocol.SSB).orElseThrow().id();
  }

  private IdentityId bobId() {
    return bob.identity(Protocol.SSB).orElseThrow().id();
  }

  private Post publish(Kith client, PostDraft draft) {
    clock.advance(Duration.ofSeconds(1));
    PublishResult r = client.publish(draft).orThrow();
    return r.post(Protocol.SSB).orElseThrow();
  }

  private void sync() {
    FakeSsbNetwork.exchange(aliceNet, bobNet);
  }

  private static List<PostId> ids(List<Post> posts) {
    return posts.stream().map(Post::id).toList();
  }

  @Test
  void publishFollowReadReplyLikeAndBlock_throughTheFacade() {
    Post hello = publish(alice, PostDraft.ofText("Hello, Scuttlebutt"));
    assertEquals(aliceId(), hello.author());
    Receipt follow = alice.interact(new Interaction.Follow(bobId()));
    assertEquals(Protocol.SSB, follow.protocol());
    Post bobsPost = publish(bob, PostDraft.builder().text("Bob here #intro").hashtag("intro").build());
    sync();

    assertEquals(List.of(bobsPost.id(), hello.id()), ids(alice.feed(FeedQuery.home()).items()));
    assertEquals(List.of(hello.id()), ids(alice.feed(FeedQuery.author(aliceId())).items()));
    Eventually.await("Bob hears that Alice follows him", () -> bobEvents.stream()
        .anyMatch(e -> e instanceof Event.Followed f && f.follower().equals(aliceId()) && f.followee().equals(bobId())));

    clock.advance(Duration.ofSeconds(1));
    Receipt reply = alice.interact(new Interaction.Reply(bobsPost.id(), PostDraft.ofText("Welcome, Bob")));
    Post replyPost = reply.post().orElseThrow();
    assertEquals(Optional.of(bobsPost.id()), replyPost.inReplyTo());
    clock.advance(Duration.ofSeconds(1));
    alice.interact(Interaction.Like.reaction(bobsPost.id(), "🎉"));
    sync();

    assertEquals(List.of(replyPost.id(), bobsPost.id()), ids(bob.feed(FeedQuery.thread(bobsPost.id())).items()));
    assertEquals(List.of(replyPost.id()), ids(bob.feed(FeedQuery.notifications()).items()));
    Eventually.await("Bob hears the reply and the reaction", () ->
        bobEvents.stream().anyMatch(e -> e instanceof Event.Replied r && r.reply().id().equals(replyPost.id()))
            && bobEvents.stream().anyMatch(e -> e instanceof Event.Liked l && l.post().equals(bobsPost.id())
                && l.reaction().equals(Optional.of("🎉")) && l.actor().equals(aliceId())));

    alice.interact(new Interaction.Block(bobId()));
    assertEquals(List.of(replyPost.id(), hello.id()), ids(alice.feed(FeedQuery.home()).items()),
        "Bob's posts leave Alice's home once she blocks him");
    sync();
    Eventually.await("Bob hears of the block", () -> bobEvents.stream()
        .anyMatch(e -> e instanceof Event.Blocked b && b.actor().equals(aliceId()) && b.target().equals(bobId())));
  }

  @Test
  void privateMessage_reachesTheRecipientAsADirectPost() {
    Post dm = publish(alice, PostDraft.builder().text("Meet at noon?").visibility(Visibility.DIRECT)
        .directRecipient(bobId()).build());
    assertEquals(Visibility.DIRECT, dm.visibility());
    assertTrue(bob.feed(FeedQuery.notifications()).items().isEmpty(), "nothing arrived before the exchange");
    sync();

    List<Post> notes = bob.feed(FeedQuery.notifications()).items();
    assertEquals(List.of(dm.id()), ids(notes));
    Post received = notes.get(0);
    assertEquals(Visibility.DIRECT, received.visibility());
    assertEquals("Meet at noon?", received.content().plainText());
    assertEquals(aliceId(), received.author());
    assertTrue(received.directRecipients().contains(bobId()));
    assertEquals(List.of(dm.id()), ids(bob.feed(FeedQuery.home()).items()), "a private message to Bob is in his home");
    Eventually.await("Bob is told he was addressed", () -> bobEvents.stream()
        .anyMatch(e -> e instanceof Event.Mentioned m && m.post().id().equals(dm.id()) && m.mentioned().equals(bobId())));

    clock.advance(Duration.ofSeconds(1));
    Post answer = bob.interact(new Interaction.Reply(dm.id(), PostDraft.builder().text("Noon works")
        .visibility(Visibility.DIRECT).directRecipient(aliceId()).build())).post().orElseThrow();
    sync();
    assertEquals(List.of(answer.id(), dm.id()), ids(alice.feed(FeedQuery.thread(dm.id())).items()));
    assertEquals(List.of(answer.id()), ids(alice.feed(FeedQuery.notifications()).items()));

    FakeSsbNetwork carolNet = new FakeSsbNetwork();
    try (SsbAdapter carolNode = SsbAdapter.open(dir.resolve("carol"), carolNet);
        Kith carol = Kith.builder().adapter(carolNode).identity(carolNode.localIdentity()).clock(clock).build()) {
      carol.interact(new Interaction.Follow(aliceId()));
      carolNet.pullFrom(aliceNet);
      assertTrue(carolNode.store().get(SsbAdapter.messageOf(dm.id())).isPresent(), "Carol replicates the boxed message");
      assertEquals(List.of(), carol.feed(FeedQuery.home()).items(), "but cannot read it");
      assertEquals(List.of(), carol.feed(FeedQuery.notifications()).items());
    }
  }

  @Test
  void rejections_throughTheFacade_storeNothing() {
    Post post = publish(alice, PostDraft.ofText("original"));
    Map<FeedId, Long> before = aliceNode.store().latestSequences();

    UnsupportedCapabilityException share = assertThrows(UnsupportedCapabilityException.class,
        () -> alice.interact(new Interaction.Share(post.id())));
    assertEquals(ErrorCode.Standard.UNSUPPORTED, share.code());
    assertThrows(UnsupportedCapabilityException.class,
        () -> alice.interact(new Interaction.Edit(post.id(), PostDraft.ofText("edited"))));
    assertThrows(UnsupportedCapabilityException.class,
        () -> alice.publish(PostDraft.builder().text("followers only").visibility(Visibility.FOLLOWERS).build()));

    PostDraft.Builder crowd = PostDraft.builder().text("a crowd").visibility(Visibility.DIRECT);
    for (int i = 0; i < 7; i++) {
      crowd.directRecipient(SsbMapper.identity(SsbKeyPair.generate().id()));
    }
    PublishResult result = alice.publish(PublishRequest.of(crowd.build()));
    assertFalse(result.isComplete());
    assertEquals(ErrorCode.Standard.LIMIT_EXCEEDED, result.failed().get(Protocol.SSB).code());

    assertEquals(before, aliceNode.store().latestSequences(), "a refusal stored nothing");
    assertEquals(List.of(post.id()), ids(alice.feed(FeedQuery.author(aliceId())).items()));
  }
}
