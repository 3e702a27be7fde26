package social.kith.cli.demo;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import social.kith.activitypub.server.FollowState;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.core.PublishRequest;
import social.kith.core.PublishResult;
import social.kith.core.UnsupportedCapabilityException;
import social.kith.core.event.Event;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.Attachment;
import social.kith.core.model.Capability;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;
import social.kith.ssb.BlobId;
import social.kith.ssb.peer.PeerNetwork;

/**
 * The story {@code kith demo} tells, on this machine only: alice and bob each hold an ActivityPub
 * actor on their own server and an SSB feed on their own peer, in one Kith client each. They follow
 * each other on both networks, alice posts once to both (with a picture, which bob fetches on each
 * network: through his SSRF guard from her ActivityPub server, as a blob from her SSB peer), bob replies, likes, boosts (where the
 * protocol can) and sends a private message on both; then alice's merged timeline is printed, and
 * what crossed the wire is read from the verifiers and replicators that did the work.
 *
 * <p>Every step goes through the protocol-neutral {@link social.kith.core.Kith} client; the demo
 * reaches an adapter directly only to read its counters and follow state.
 */
public final class Demo {
  /** How long one step may wait for the other side (generous: the machine may be busy). */
  public static final Duration STEP_TIMEOUT = Duration.ofSeconds(25);

  /** A 16x16 PNG (a checkerboard in two colours) that alice attaches to her post. */
  static final byte[] PICTURE = java.util.Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAA"
      + "JElEQVR42mPQztkAR59WWsMRLnGGQaiBGEXI4oNRw2g8DAoNAHPOjpAcWT1WAAAAAElFTkSuQmCC");
  static final String PICTURE_ALT = "A blue and orange checkerboard";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final PrintWriter out;
  private final List<Event> heard = new CopyOnWriteArrayList<>();
  private DemoNode alice;
  private DemoNode bob;

  private Demo(Path dir, PrintWriter out) {
    this.dir = dir;
    this.out = out;
  }

  /**
   * Runs the demo in {@code dir} (which should be empty or hold an earlier demo's data) and prints
   * its story to {@code out}.
   *
   * @throws social.kith.core.KithException if a step fails or the other side does not answer in time
   */
  public static DemoReport run(Path dir, PrintWriter out) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(out, "out");
    return new Demo(dir, out).run();
  }

  private DemoReport run() {
    long started = System.nanoTime();
    try (DemoNode a = DemoNode.start("alice", dir.resolve("alice"));
        DemoNode b = DemoNode.start("bob", dir.resolve("bob"))) {
      alice = a;
      bob = b;
      alice.kith().on(heard::add); // one listener, both networks
      identities();
      follow();
      Map<Protocol, Post> hello = alicePosts();
      bobAnswers(hello);
      awaitAlice(hello);
      List<Post> timeline = timeline();
      return summary(timeline, started);
    }
  }

  // ---- the story -----------------------------------------------------------------------------

  private void identities() {
    out.println("1. Two people, each with one Kith client holding an ActivityPub actor and an SSB feed");
    out.println("   (loopback only: the servers allow plain http on 127.0.0.1, as --insecure-local does)");
    for (DemoNode n : List.of(alice, bob)) {
      out.printf("   %-5s ActivityPub  %s  (%s, its own server)%n", n.name(), n.apHandle(), n.actorUrl());
      out.printf("   %-5s SSB          %s  (its own peer, %s)%n", "", n.ssbIdentity().id().value(),
          n.ssbAddress().replaceFirst("~shs:.*", ""));
    }
    out.println();
  }

  private void follow() {
    out.println("2. They follow each other (handles resolved through the client: WebFinger, actor URL)");
    IdentityId bobOnAp = alice.kith().resolve(bob.apHandle()).id();
    IdentityId aliceOnAp = bob.kith().resolve(alice.actorUrl().toString()).id();
    alice.kith().follow(bobOnAp);
    bob.kith().follow(aliceOnAp);
    alice.kith().follow(bob.ssbIdentity().id()); // feed ids are exchanged out of band, as SSB users do
    bob.kith().follow(alice.ssbIdentity().id());
    bob.connectSsb(alice);
    awaitAccepted(alice, bob);
    awaitAccepted(bob, alice);
    Await.until("the SSB peers to replicate each other's follow", STEP_TIMEOUT,
        () -> alice.storedFeedLength(bob) >= 1 && bob.storedFeedLength(alice) >= 1);
    String bobOnSsb = alice.kith().resolve(social.kith.ssb.FeedId.parse(bob.ssbIdentity().id().value()).toUri())
        .id().value(); // known now: resolved by its ssb: URI
    out.println("   ActivityPub: Follow and Accept both ways, each delivery signed and verified");
    out.println("   SSB:         a contact message on each feed; bob's peer dialled alice's (secret handshake),");
    out.println("                EBT replication both ways; alice resolves bob's ssb: URI to " + abbreviate(bobOnSsb));
    out.println();
  }

  private Map<Protocol, Post> alicePosts() {
    out.println("3. alice publishes one post with a picture to both networks");
    PostDraft draft = PostDraft.builder()
        .text("Hello from Kith! One post, two networks: the fediverse and the scuttleverse. #kith")
        .hashtag("kith").visibility(Visibility.FOLLOWERS).build();
    // The picture is stored once per network, where that network's peers fetch it: in the
    // ActivityPub server's media store (served at /media/<sha256>) and in the SSB blob store.
    Map<Protocol, Attachment> picture = Map.of(
        Protocol.ACTIVITYPUB, alice.activityPub().upload(PICTURE, "image/png", PICTURE_ALT),
        Protocol.SSB, Attachment.of(URI.create(alice.ssb().blobs().orElseThrow().put(PICTURE).toUri()), "image/png",
            PICTURE_ALT).withSize(16, 16));
    draft = draft.toBuilder().attachment(picture.get(Protocol.ACTIVITYPUB)).build();
    Map<Protocol, Set<Capability>> gaps = alice.kith().missingCapabilities(PublishRequest.of(draft));
    gaps.forEach((p, missing) -> out.println("   " + p + " lacks " + missing
        + ": its copy gets an explicit override (public), nothing is dropped silently"));
    PublishRequest.Builder request = PublishRequest.builder(draft);
    for (Protocol p : alice.kith().protocols()) {
      if (!p.equals(Protocol.ACTIVITYPUB)) { // SSB: public (see above), and the picture as its blob
        request.override(p, PostDraft.builder().text(draft.content().source()).hashtag("kith")
            .attachment(picture.get(p)).build());
      }
    }
    PublishResult result = alice.kith().publish(request.build()).orThrow();
    result.published().forEach((p, post) -> out.printf("   %-11s %s (%s)%n", p, post.id().value(),
        post.visibility().name().toLowerCase(java.util.Locale.ROOT)));
    out.println();
    return result.published();
  }

  private void bobAnswers(Map<Protocol, Post> hello) {
    out.println("4. bob sees it on both networks and answers through his client");
    Map<Protocol, Post> seen = new LinkedHashMap<>();
    for (Protocol p : hello.keySet()) {
      Post mine = hello.get(p);
      Await.until("bob to receive alice's post on " + p, STEP_TIMEOUT,
          () -> bob.kith().feed(FeedQuery.home(bob.id(p))).items().stream().anyMatch(x -> x.id().equals(mine.id())));
      seen.put(p, mine);
    }
    for (Protocol p : seen.keySet()) {
      Post received = bob.kith().feed(FeedQuery.home(bob.id(p))).items().stream()
          .filter(x -> x.id().equals(seen.get(p).id())).findFirst().orElseThrow();
      Attachment a = received.attachments().get(0);
      byte[] bytes = fetchPicture(p, a);
      if (!java.util.Arrays.equals(bytes, PICTURE)) { // not secret: a public picture
        throw new IllegalStateException("bob's copy of alice's picture on " + p + " differs from hers");
      }
      out.printf("   %-11s picture fetched: %s, %d bytes, %dx%d, alt text \"%s\" (%s)%n", p, a.mediaType(),
          bytes.length, a.width().orElse(0), a.height().orElse(0), a.altText(), p.equals(Protocol.SSB)
              ? "a blob want to alice's peer, its hash checked before it was stored"
              : "from alice's server through bob's SSRF guard, type and file signature checked");
    }
    for (Map.Entry<Protocol, Post> e : seen.entrySet()) {
      Protocol p = e.getKey();
      Post post = e.getValue();
      Post reply = bob.kith().reply(post, PostDraft.ofText("Welcome, alice! Read you on " + p + "."));
      out.printf("   %-11s reply %s%n", p, reply.id().value());
      bob.kith().like(post.id());
      out.printf("   %-11s like%n", p);
      try {
        bob.kith().share(post.id());
        out.printf("   %-11s boost%n", p);
      } catch (UnsupportedCapabilityException refused) {
        out.printf("   %-11s boost refused before sending: %s does not offer %s%s%n", p, p, refused.missing(),
            p.equals(Protocol.SSB) ? " (classic SSB has no share message)" : "");
      }
    }
    PostDraft apDm = direct("alice, a private word on ActivityPub.", alice.id(Protocol.ACTIVITYPUB));
    PublishRequest dm = PublishRequest.builder(apDm) // recipients are per network: an override per network
        .override(Protocol.SSB, direct("alice, a private word on SSB (private box).", alice.id(Protocol.SSB)))
        .build();
    bob.kith().publish(dm).orThrow().published().forEach((p, post) ->
        out.printf("   %-11s direct message %s%n", p, post.id().value()));
    out.println();
  }

  /** The bytes of the picture {@code a} names, fetched by bob the way his network does it. */
  private byte[] fetchPicture(Protocol p, Attachment a) {
    if (p.equals(Protocol.SSB)) {
      BlobId blob = (BlobId) social.kith.ssb.SsbRef.fromUri(a.url().toString());
      try {
        bob.peer().peer().orElseThrow().wantBlob(blob).get(STEP_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while fetching a blob", e);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("bob could not fetch alice's picture on SSB: " + e, e);
      }
      return bob.ssb().blobs().orElseThrow().getBytes(blob).orElseThrow();
    }
    return bob.activityPub().fetchMedia(a, 1 << 20).body();
  }

  private static PostDraft direct(String text, IdentityId to) {
    return PostDraft.builder().text(text).visibility(Visibility.DIRECT).directRecipient(to).build();
  }

  /** Waits until alice's one listener heard bob's answers from every network that carries them. */
  private void awaitAlice(Map<Protocol, Post> hello) {
    for (Protocol p : hello.keySet()) {
      PostId parent = hello.get(p).id();
      Await.until("alice to hear bob's reply on " + p, STEP_TIMEOUT, () -> heard.stream().anyMatch(
          e -> e instanceof Event.Replied r && r.parent().equals(parent)));
      Await.until("alice to hear bob's like on " + p, STEP_TIMEOUT, () -> heard.stream().anyMatch(
          e -> e instanceof Event.Liked l && l.post().equals(parent)));
      if (alice.kith().capabilities(p).contains(Capability.SHARE)) {
        Await.until("alice to hear bob's boost on " + p, STEP_TIMEOUT, () -> heard.stream().anyMatch(
            e -> e instanceof Event.Shared s && s.post().equals(parent)));
      }
      Await.until("alice to receive bob's direct message on " + p, STEP_TIMEOUT, () -> heard.stream().anyMatch(
          e -> e instanceof Event.PostReceived r && r.post().visibility() == Visibility.DIRECT
              && r.post().author().equals(bob.id(p))));
    }
    out.println("5. alice's one listener heard, from both networks:");
    Map<Protocol, List<String>> kinds = new LinkedHashMap<>();
    for (Event e : heard) {
      if (isFromBob(e)) {
        kinds.computeIfAbsent(e.protocol(), k -> new ArrayList<>()).add(describe(e));
      }
    }
    kinds.forEach((p, list) -> out.printf("   %-11s %s%n", p, String.join(", ", list)));
    out.println();
  }

  private List<Post> timeline() {
    List<Post> home = alice.kith().feed(FeedQuery.home().limit(50)).items();
    out.println("6. alice's merged home timeline (newest first, both networks, one cursor):");
    for (Post p : home) {
      String marker = p.visibility() == Visibility.DIRECT ? "[direct] " : p.inReplyTo().isPresent() ? "[reply]  " : "";
      out.printf("   %s  %-11s %-5s  %s%s%n", TIME.format(p.createdAt()), p.protocol(), who(p.author()), marker,
          oneLine(p.content().plainText()));
    }
    out.println();
    return home;
  }

  private DemoReport summary(List<Post> timeline, long started) {
    for (DemoNode n : List.of(alice, bob)) {
      Await.until(n.name() + "'s deliveries to finish", STEP_TIMEOUT,
          () -> n.activityPub().deliveryQueue().pendingCount() == 0);
    }
    // a delivery is counted by the sender right after the inbox answered; let the last one land
    try {
      Await.until("the delivery counters to settle", Duration.ofSeconds(10), () -> sent() == verified());
    } catch (social.kith.core.NetworkException stillDiffering) {
      // reported as read: the summary shows both numbers
    }
    Await.until("each peer to hold the other's whole feed", STEP_TIMEOUT,
        () -> alice.storedFeedLength(bob) == bob.storedFeedLength(bob)
            && bob.storedFeedLength(alice) == alice.storedFeedLength(alice));
    // the replicator counts a batch right after the store appended it; let the last one land
    try {
      Await.until("the replication counters to settle", Duration.ofSeconds(10),
          () -> alice.peer().stats().messagesReplicated() >= bob.storedFeedLength(bob)
              && bob.peer().stats().messagesReplicated() >= alice.storedFeedLength(alice));
    } catch (social.kith.core.NetworkException stillDiffering) {
      // reported as read
    }
    Map<String, social.kith.activitypub.adapter.ApAdapter.Stats> ap = new LinkedHashMap<>();
    Map<String, DemoReport.SsbCounts> ssb = new LinkedHashMap<>();
    for (DemoNode n : List.of(alice, bob)) {
      ap.put(n.name(), n.activityPub().stats());
      PeerNetwork.PeerStats s = n.peer().stats();
      ssb.put(n.name(), new DemoReport.SsbCounts(s.messagesReplicated(), s.messagesRejected(), s.connections(),
          n.storedFeedLength(n)));
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    out.println("7. What crossed the wire (read from the verifiers and the replicators, not counted by this demo):");
    ap.forEach((name, s) -> out.printf("   ActivityPub  %-15s %d deliveries with verified HTTP signatures (%d acted on,"
        + " %d refused); %d signed deliveries accepted by the other inbox, %d failed%n", name + "'s server",
        s.signaturesVerified(), s.activitiesProcessed(), s.deliveriesRefused(), s.deliveriesSent(), s.deliveriesFailed()));
    ssb.forEach((name, s) -> out.printf("   SSB          %-15s %d messages replicated, signatures and hash chains"
        + " validated by the store (%d rejected); own feed %d messages; %d connection%s%n", name + "'s peer",
        s.messagesReplicated(), s.messagesRejected(), s.ownFeedLength(), s.connections(), s.connections() == 1 ? "" : "s"));
    out.printf("   done in %.1f s%n", elapsed.toMillis() / 1000.0);
    return new DemoReport(timeline, ap, ssb, elapsed);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private long sent() {
    return alice.activityPub().stats().deliveriesSent() + bob.activityPub().stats().deliveriesSent();
  }

  private long verified() {
    return alice.activityPub().stats().signaturesVerified() + bob.activityPub().stats().signaturesVerified();
  }

  private static void awaitAccepted(DemoNode follower, DemoNode followee) {
    URI target = followee.actorUrl();
    Await.until(followee.name() + " to accept " + follower.name() + "'s follow", STEP_TIMEOUT,
        () -> follower.activityPub().follows().get(follower.name(), Direction.FOLLOWING, target)
            .map(r -> r.state() == FollowState.ACCEPTED).orElse(false));
  }

  private boolean isFromBob(Event e) {
    IdentityId actor = null;
    if (e instanceof Event.PostReceived r) {
      actor = r.post().author();
    } else if (e instanceof Event.Mentioned m) {
      actor = m.post().author();
    } else if (e instanceof Event.Replied r) {
      actor = r.reply().author();
    } else if (e instanceof Event.Liked l) {
      actor = l.actor();
    } else if (e instanceof Event.Shared s) {
      actor = s.actor();
    } else if (e instanceof Event.Followed f) {
      actor = f.follower();
    } else if (e instanceof Event.FollowRequested f) {
      actor = f.follower();
    }
    return actor != null && actor.equals(bob.id(actor.protocol()));
  }

  private static String describe(Event e) {
    if (e instanceof Event.PostReceived r) {
      return r.post().visibility() == Visibility.DIRECT ? "direct message"
          : r.post().inReplyTo().isPresent() ? "post (a reply)" : "post";
    } else if (e instanceof Event.Mentioned) {
      return "mention";
    } else if (e instanceof Event.Replied) {
      return "reply to her post";
    } else if (e instanceof Event.Liked) {
      return "like";
    } else if (e instanceof Event.Shared) {
      return "boost";
    } else if (e instanceof Event.Followed) {
      return "follow";
    } else if (e instanceof Event.FollowRequested) {
      return "follow request";
    }
    return e.getClass().getSimpleName();
  }

  private String who(IdentityId id) {
    for (DemoNode n : List.of(alice, bob)) {
      if (id.equals(n.id(id.protocol()))) {
        return n.name();
      }
    }
    return id.value();
  }

  private static String abbreviate(String id) {
    return id.length() > 20 ? id.substring(0, 12) + "…" + id.substring(id.length() - 8) : id;
  }

  private static String oneLine(String text) {
    String s = text.replaceAll("\\s+", " ").strip();
    return s.length() > 90 ? s.substring(0, 89) + "…" : s;
  }
}
