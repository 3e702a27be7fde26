package social.kith.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.core.InvalidInputException;
import social.kith.core.NotFoundException;
import social.kith.core.PublishResult;
import social.kith.core.UnsupportedCapabilityException;
import social.kith.core.event.Event;
import social.kith.core.feed.FeedPosition;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.Capability;
import social.kith.core.model.Identity;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.Protocol;
import social.kith.ssb.FeedId;
import social.kith.ssb.SsbKeyPair;

/**
 * The unified client over both real adapters: an {@code ApAdapter} serving on 127.0.0.1 and an
 * {@code SsbAdapter} with a live {@code PeerNetwork} on 127.0.0.1, in one {@code Kith}; a second
 * person's server and peer are the other side of the traffic.
 */
class KithBothNetworksTest {
  private static final Duration WAIT = Duration.ofSeconds(45);

  @TempDir
  Path dir;

  private final List<DemoNode> nodes = new java.util.ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(DemoNode::close);
  }

  private DemoNode node(String name) {
    DemoNode n = DemoNode.start(name, dir.resolve(name));
    nodes.add(n);
    return n;
  }

  @Test
  void onePostToBothNetworks_oneMergedTimeline_andEventsFromBothThroughOneListener() {
    DemoNode alice = node("alice");
    DemoNode bob = node("bob");
    List<Event> heard = new CopyOnWriteArrayList<>();
    alice.kith().on(heard::add);
    bob.kith().follow(alice.apIdentity().id());
    bob.kith().follow(alice.ssbIdentity().id());
    alice.kith().follow(bob.ssbIdentity().id());
    bob.connectSsb(alice);
    Await.until("alice to accept bob", WAIT, () -> alice.activityPub().follows()
        .isAcceptedFollower("alice", bob.actorUrl()));

    PublishResult r = alice.kith().publish(PostDraft.ofText("One post, two networks")).orThrow();
    assertEquals(Set.of(Protocol.ACTIVITYPUB, Protocol.SSB), r.published().keySet());
    Post onAp = r.post(Protocol.ACTIVITYPUB).orElseThrow();
    Post onSsb = r.post(Protocol.SSB).orElseThrow();
    assertEquals(alice.apIdentity().id(), onAp.author());
    assertEquals(alice.ssbIdentity().id(), onSsb.author());

    Await.until("bob to receive the post on both networks", WAIT, () -> {
      List<Post> bobsHome = bob.kith().feed(FeedQuery.home()).items();
      return bobsHome.stream().anyMatch(p -> p.id().equals(onAp.id()))
          && bobsHome.stream().anyMatch(p -> p.id().equals(onSsb.id()));
    });
    bob.kith().like(onAp.id()); // the client picks bob's ActivityPub adapter from the post id ...
    bob.kith().like(onSsb.id()); // ... and his SSB adapter from this one
    Await.until("alice to hear bob's likes from both networks", WAIT, () -> heard.stream()
        .filter(e -> e instanceof Event.Liked l && l.actor().equals(bob.id(l.protocol())))
        .map(e -> ((Event.Liked) e).post()).collect(Collectors.toSet()).equals(Set.of(onAp.id(), onSsb.id())));
    assertEquals(Set.of(Protocol.ACTIVITYPUB, Protocol.SSB),
        heard.stream().map(Event::protocol).collect(Collectors.toSet()), "one listener, both networks");
    assertTrue(alice.peer().stats().messagesReplicated() >= 2, "bob's contact and vote came over the wire: "
        + alice.peer().stats());
    assertTrue(alice.activityPub().stats().signaturesVerified() >= 2, "bob's Follow and Like, verified: "
        + alice.activityPub().stats());

    Post apReply = bob.kith().reply(onAp, PostDraft.ofText("re: ActivityPub"));
    Post ssbAnswer = bob.kith().reply(onSsb, PostDraft.ofText("re: SSB"));
    assertEquals(Protocol.ACTIVITYPUB, apReply.protocol());
    assertEquals(Protocol.SSB, ssbAnswer.protocol());
    Await.until("both replies in alice's one notification feed", WAIT, () -> alice.kith()
        .feed(FeedQuery.notifications()).items().stream().map(Post::id).collect(Collectors.toSet())
        .containsAll(Set.of(apReply.id(), ssbAnswer.id())));

    List<Post> home = alice.kith().feed(FeedQuery.home()).items();
    assertTrue(home.stream().anyMatch(p -> p.id().equals(onAp.id())), home.toString());
    assertTrue(home.stream().anyMatch(p -> p.id().equals(onSsb.id())), home.toString());
    assertEquals(home.stream().sorted(FeedPosition.POST_ORDER).toList(), home, "newest first across both");

    Post ssbReply = alice.kith().reply(onSsb, PostDraft.ofText("a thread on SSB"));
    assertEquals(Protocol.SSB, ssbReply.protocol());
    assertEquals(Optional.of(onSsb.id()), ssbReply.inReplyTo());
    UnsupportedCapabilityException refused = assertThrows(UnsupportedCapabilityException.class,
        () -> alice.kith().share(onSsb.id()));
    assertEquals(Set.of(Capability.SHARE), refused.missing());
    assertEquals(Protocol.SSB, refused.protocol());
    assertEquals(2, alice.kith().feed(FeedQuery.author(alice.ssbIdentity().id())).items().size(),
        "the post and the reply; the refused share wrote nothing");
  }

  @Test
  void everyHandleFormResolvesOnItsNetwork() {
    DemoNode alice = node("alice");
    DemoNode bob = node("bob");
    Identity byHandle = alice.kith().resolve(bob.apHandle()); // @bob@127.0.0.1:port, through WebFinger
    assertEquals(Protocol.ACTIVITYPUB, byHandle.protocol());
    assertEquals(bob.actorUrl().toString(), byHandle.id().value());
    assertEquals(Optional.of(bob.apHandle()), byHandle.handle());
    assertEquals(byHandle.id(), alice.kith().resolve(bob.actorUrl().toString()).id()); // the actor URL

    String feed = alice.ssbIdentity().id().value(); // @<base64>=.ed25519
    Identity bySigil = alice.kith().resolve(feed);
    assertEquals(Protocol.SSB, bySigil.protocol());
    assertEquals(feed, bySigil.id().value());
    String uri = FeedId.parse(feed).toUri(); // ssb:feed/ed25519/<base64url>
    assertTrue(uri.startsWith("ssb:feed/ed25519/"), uri);
    assertEquals(bySigil.id(), alice.kith().resolve(uri).id());

    String stranger = SsbKeyPair.generate().id().toString();
    assertThrows(NotFoundException.class, () -> alice.kith().resolve(stranger), "a feed nobody follows or wrote");
    assertThrows(InvalidInputException.class, () -> alice.kith().resolve("not a handle at all"));
    assertThrows(InvalidInputException.class, () -> alice.kith().resolve("ssb:message/sha256/AAAA"));
  }
}
