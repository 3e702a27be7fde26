package social.kith.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.adapter.ApAdapter;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.activitypub.server.FollowState;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.core.Kith;
import social.kith.core.event.Event;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;
import social.kith.core.testing.Eventually;

/**
 * The bridge's {@code --once} between a Kith ActivityPub actor (alice) and a Kith SSB node (carol) on
 * loopback, both following the bridge back so that its mirrors reach them and could come back:
 * each post crosses exactly once, the bridge's own mirrors never return, and a post another bridge
 * already mirrored is left alone.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BridgeTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path tmp;

  private static List<Post> received(List<Event> events, String author) {
    return events.stream().filter(e -> e instanceof Event.PostReceived r && r.post().author().value().equals(author))
        .map(e -> ((Event.PostReceived) e).post()).toList();
  }

  @Test
  void mirrorsEachWayOnceAndNeverItsOwnMirrors() {
    ApAdapter aliceAp = ApAdapter.builder().dataDir(tmp.resolve("alice")).actorName("alice")
        .fetchPolicy(FetchPolicy.builder().insecureAllowLoopbackForTesting().build()).build();
    List<Event> aliceEvents = new CopyOnWriteArrayList<>();
    try (Kith alice = Kith.builder().adapter(aliceAp).identity(aliceAp.localIdentity("alice")).build();
        SsbNode carol = SsbNode.start(tmp.resolve("carol"))) {
      alice.on(aliceEvents::add);
      URI aliceActor = aliceAp.actorUrl("alice");
      Path data = tmp.resolve("bridge");
      ExampleRun bridge = ExampleRun.start(Bridge::run, "--data", data.toString(), "--insecure-local",
          "--ap-follow", aliceActor.toString(), "--ssb-follow", carol.id().value(), "--ssb-connect", carol.address(),
          "--ssb-port", "0", "--once", "--count", "2", "--timeout", "180");
      try {
        String bridgeActor = bridge.awaitLine("ap-actor");
        String bridgeFeed = bridge.awaitLine("ssb-feed");
        // both sources follow the bridge back, so a mirror reaches them and could be bounced back
        alice.interact(new Interaction.Follow(IdentityId.of(Protocol.ACTIVITYPUB, bridgeActor)));
        carol.kith().interact(new Interaction.Follow(IdentityId.of(Protocol.SSB, bridgeFeed)));
        Eventually.await("the bridge follows alice and alice follows the bridge", WAIT, () ->
            aliceAp.follows().isAcceptedFollower("alice", URI.create(bridgeActor))
                && aliceAp.follows().get("alice", Direction.FOLLOWING, URI.create(bridgeActor))
                    .filter(r -> r.state() == FollowState.ACCEPTED).isPresent());
        Eventually.await("carol and the bridge are connected and follow each other", WAIT, () ->
            carol.net().stats().connections() > 0 && carol.adapter().store()
                .isFollowing(social.kith.ssb.FeedId.parse(bridgeFeed), social.kith.ssb.FeedId.parse(carol.id().value())));

        Post privateNote = alice.publish(PostDraft.builder().text("for my followers only")
            .visibility(Visibility.FOLLOWERS).build()).orThrow().post(Protocol.ACTIVITYPUB).orElseThrow();
        Eventually.await("the bridge declines the followers-only post", WAIT, () -> bridge.err().contains(
            "not mirroring " + privateNote.id().value() + ": not public (FOLLOWERS)"));
        Post alreadyMirrored = carol.publish(PostDraft.ofText("old news\n\n" + Bridge.MARKER + "%elsewhere.sha256"));
        Post fromSsb = carol.publish(PostDraft.ofText("hello from scuttlebutt"));
        Post fromAp = alice.publish(PostDraft.ofText("hello from the fediverse")).orThrow()
            .post(Protocol.ACTIVITYPUB).orElseThrow();

        Eventually.await("alice gets the mirror of carol's post", WAIT,
            () -> !received(aliceEvents, bridgeActor).isEmpty());
        Eventually.await("carol gets the mirror of alice's post", WAIT,
            () -> !received(carol.events(), bridgeFeed).isEmpty());
        carol.close(); // the bridge lingers while SSB peers are connected
        assertEquals(Args.OK, bridge.awaitExit(WAIT), bridge.err());

        List<Post> onAp = received(aliceEvents, bridgeActor);
        assertEquals(1, onAp.size(), "exactly one mirror reached the fediverse: " + onAp);
        assertEquals("hello from scuttlebutt\n\n" + Bridge.MARKER + fromSsb.id().value(),
            onAp.get(0).content().plainText());
        List<Post> onSsb = received(carol.events(), bridgeFeed);
        assertEquals(1, onSsb.size(), "exactly one mirror reached SSB: " + onSsb);
        assertEquals("hello from the fediverse\n\n" + Bridge.MARKER + fromAp.id().value(),
            onSsb.get(0).content().plainText());

        List<String> mirrored = bridge.outLines().stream().filter(l -> l.startsWith("mirrored ")).toList();
        assertEquals(Set.of("mirrored " + fromSsb.id().value() + " -> " + onAp.get(0).id().value(),
            "mirrored " + fromAp.id().value() + " -> " + onSsb.get(0).id().value()), Set.copyOf(mirrored));
        assertTrue(bridge.err().contains("not mirroring " + alreadyMirrored.id().value()
            + ": a bridge already mirrored it"), bridge.err());
        assertFalse(bridge.out().contains(privateNote.id().value()), "a followers-only post stays where it was");
        assertEquals(2, lines(data.resolve("mirrored.tsv")).size());
      } finally {
        bridge.close();
      }
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theLedgerRemembersSourcesAndMirrorsAcrossRestartsAndIgnoresATornLine() throws Exception {
    Path file = tmp.resolve("mirrored.tsv");
    Bridge.Ledger ledger = Bridge.Ledger.open(file);
    ledger.record("https://a.example/notes/1", "%mirror1.sha256");
    Files.writeString(file, "%torn-sour", java.nio.file.StandardOpenOption.APPEND);
    Bridge.Ledger reopened = Bridge.Ledger.open(file);
    assertTrue(reopened.knows("https://a.example/notes/1"));
    assertTrue(reopened.knows("%mirror1.sha256"), "a mirror is never mirrored back");
    assertFalse(reopened.knows("%torn-sour"));

    Post mirrorOfMirror = Post.builder(PostId.of(Protocol.SSB, "%mirror1.sha256"),
        IdentityId.of(Protocol.SSB, "@carol"), java.time.Instant.EPOCH).draft(PostDraft.ofText("x")).build();
    IdentityId carol = IdentityId.of(Protocol.SSB, "@carol");
    assertEquals("already mirrored, or itself a mirror",
        Bridge.refusal(mirrorOfMirror, Set.of(carol), Set.of(), reopened).orElseThrow());
    assertEquals("the bridge wrote it", Bridge.refusal(mirrorOfMirror, Set.of(carol), Set.of(carol), reopened)
        .orElseThrow());
  }

  @Test
  void badUsageIsOneLineOnStderrExit2AndCreatesNothing() {
    Path data = tmp.resolve("never");
    for (String[] args : List.of(new String[] {"--data", data.toString(), "--insecure-local"},
        new String[] {"--data", data.toString(), "--ssb-follow", "@nope", "--insecure-local"},
        new String[] {"--data", data.toString(), "--ap-follow", "http://a.example/users/a"},
        new String[] {"--data", data.toString(), "--ap-follow", "not a url", "--insecure-local"},
        new String[] {"--data", data.toString(), "--ap-follow", "https://a.example/users/a", "--base-url",
            "https://b.example", "--count", "0"})) {
      ExampleRun run = ExampleRun.complete(Bridge::run, args);
      assertEquals(Args.USAGE, run.exitCode(), String.join(" ", args) + ": " + run.err());
      assertEquals(1, run.err().strip().lines().count(), run.err());
      assertEquals("", run.out());
      assertTrue(Files.notExists(data));
    }
  }
}
