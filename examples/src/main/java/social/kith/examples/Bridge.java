package social.kith.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import social.kith.activitypub.adapter.ApAdapter;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.core.Kith;
import social.kith.core.KithException;
import social.kith.core.NetworkException;
import social.kith.core.PublishRequest;
import social.kith.core.event.Event;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;
import social.kith.ssb.FeedId;
import social.kith.ssb.MultiserverAddress;
import social.kith.ssb.adapter.SsbAdapter;
import social.kith.ssb.peer.PeerNetwork;

/**
 * A bridge that mirrors public posts between the fediverse and Secure Scuttlebutt: posts of the
 * ActivityPub actors it follows ({@code --ap-follow}) are re-published by its own SSB feed, and
 * posts of the SSB feeds it follows ({@code --ssb-follow}) by its own ActivityPub actor, each with a
 * line saying where it came from. One {@link Kith} client holds both adapters.
 *
 * <pre>
 * Bridge --data DIR --ap-follow ACTOR_URL ... --ssb-follow @id ...
 *        (--base-url https://bridge.example | --insecure-local) [--ap-name bridge] [--ap-host H] [--ap-port P]
 *        [--ssb-host H] [--ssb-port 8008] [--ssb-connect ADDRESS ...] [--once] [--count 1] [--timeout S] [--linger S]
 * </pre>
 *
 * <h2>Loop safety</h2>
 * A bridge must never mirror its own mirrors, or a post would bounce between the networks for ever.
 * Four independent checks, any of which stops a post: (1) only posts authored by a followed source
 * are mirrored, and the bridge's own identities can never be a source; (2) a post whose author is one
 * of the bridge's identities is never mirrored (the SSB adapter reports the bridge's own messages as
 * they are stored); (3) every source id and every mirror id is kept in {@code DIR/mirrored.tsv}, so
 * nothing is mirrored twice, even after a restart or a redelivery; (4) a post that carries the mirror
 * line ({@value #MARKER}) was made by a bridge (this one or another) and is not mirrored again, which
 * keeps two bridges pointed at each other from looping. Only public posts cross: a followers-only or
 * direct post is never published to a wider audience.
 *
 * <p>It prints {@code ap-actor=}, {@code ssb-feed=} and {@code ssb-address=} first, then {@code mirrored
 * <source> -> <mirror>} per post; what it declines goes to stderr with the reason. With {@code --once}
 * it exits 0 after {@code --count} mirrors (default 1) once the ActivityPub deliveries are done and the
 * SSB peers disconnected (at most {@code --linger} seconds, default 30), or 3 when {@code --timeout}
 * (default 120 s) passes first. Exit codes: 0 done, 2 bad usage, 3 network failure or timeout.
 */
public final class Bridge {
  /** What {@code --help} prints. */
  public static final String USAGE = "Usage: Bridge --data DIR --ap-follow ACTOR_URL ... --ssb-follow @id ...\n"
      + "              (--base-url https://bridge.example | --insecure-local) [--ap-name bridge] [--ap-host H]\n"
      + "              [--ap-port P] [--ssb-host H] [--ssb-port 8008] [--ssb-connect ADDRESS ...]\n"
      + "              [--once] [--count 1] [--timeout S] [--linger S]\n"
      + "Mirrors public posts between ActivityPub actors and SSB feeds, never its own mirrors.";

  /** The line every mirror ends with, followed by the source post's id. */
  public static final String MARKER = "mirrored by a Kith bridge from ";

  private Bridge() {}

  public static void main(String[] args) {
    Args.main(() -> run(args, System.out, System.err));
  }

  /** Runs the bridge with the given streams and returns the exit code. */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    if (Args.help(argv, out, USAGE)) {
      return Args.OK;
    }
    Path data;
    String apName;
    List<URI> apSources;
    List<FeedId> ssbSources;
    ApAdapter.Builder apBuilder;
    PeerNetwork network;
    boolean once;
    int count;
    Duration timeout;
    Duration linger;
    try {
      Args args = Args.parse(argv, Set.of("--data", "--ap-follow", "--ssb-follow", "--base-url", "--ap-name",
          "--ap-host", "--ap-port", "--ssb-host", "--ssb-port", "--ssb-connect", "--count", "--timeout", "--linger"),
          Set.of("--once", "--insecure-local"));
      data = Path.of(args.required("--data"));
      apName = args.value("--ap-name").orElse("bridge");
      apSources = args.all("--ap-follow").stream().map(Bridge::actorUrl).toList();
      ssbSources = args.all("--ssb-follow").stream().map(f -> {
        if (!FeedId.isValid(f)) {
          throw new Args.UsageException("--ssb-follow is not a feed id (@...=.ed25519): " + f);
        }
        return FeedId.parse(f);
      }).toList();
      if (apSources.isEmpty() && ssbSources.isEmpty()) {
        throw new Args.UsageException("give at least one --ap-follow ACTOR_URL or --ssb-follow @id");
      }
      Optional<URI> base = args.baseUrl();
      boolean insecure = args.flag("--insecure-local");
      for (URI a : apSources) {
        if (!"https".equals(a.getScheme()) && !insecure) {
          throw new Args.UsageException("--ap-follow must be an https actor URL (plain http needs --insecure-local)");
        }
      }
      FetchPolicy.Builder policy = FetchPolicy.builder();
      if (insecure) {
        policy.insecureAllowLoopbackForTesting();
      }
      apBuilder = ApAdapter.builder().dataDir(data.resolve("ap")).actorName(apName).baseUrl(base.orElse(null))
          .bind(args.value("--ap-host").orElse("127.0.0.1"), args.integer("--ap-port", 0, 0, 65535))
          .fetchPolicy(policy.build());
      List<String> connect = args.all("--ssb-connect");
      for (String a : connect) {
        if (!MultiserverAddress.isValid(a) || MultiserverAddress.parse(a).shs().isEmpty()) {
          throw new Args.UsageException("--ssb-connect is not a multiserver address (net:host:port~shs:key): " + a);
        }
      }
      once = args.flag("--once");
      count = args.integer("--count", 1, 1, 1_000_000);
      timeout = args.seconds("--timeout", 120, 86_400);
      linger = args.seconds("--linger", 30, 3600);
      PeerNetwork.Builder net = PeerNetwork.builder()
          .listen(args.value("--ssb-host").orElse("127.0.0.1"), args.integer("--ssb-port", 8008, 0, 65535));
      connect.forEach(net::connect);
      network = net.build();
    } catch (Args.UsageException | IllegalArgumentException e) {
      err.println("Bridge: " + e.getMessage());
      return Args.USAGE;
    }

    Ledger ledger;
    ApAdapter ap;
    SsbAdapter ssb;
    try {
      Files.createDirectories(data);
      ledger = Ledger.open(data.resolve("mirrored.tsv"));
      ap = apBuilder.build();
    } catch (IOException | UncheckedIOException | KithException e) {
      err.println("Bridge: " + e.getMessage());
      return e instanceof NetworkException ? Args.NETWORK : Args.USAGE;
    }
    try {
      ssb = SsbAdapter.open(data.resolve("ssb"), network);
    } catch (KithException e) {
      ap.close();
      err.println("Bridge: " + e.getMessage());
      return Args.USAGE;
    }
    LocalIdentity onAp = ap.localIdentity(apName);
    LocalIdentity onSsb = ssb.localIdentity();
    if (ssbSources.contains(ssb.feedId()) || apSources.contains(ap.actorUrl(apName))) {
      ap.close();
      ssb.close();
      err.println("Bridge: the bridge cannot follow itself");
      return Args.USAGE;
    }
    Set<IdentityId> sources = new HashSet<>();
    apSources.forEach(a -> sources.add(IdentityId.of(Protocol.ACTIVITYPUB, a.toString())));
    ssbSources.forEach(f -> sources.add(IdentityId.of(Protocol.SSB, f.toString())));
    Set<IdentityId> own = Set.of(onAp.id(), onSsb.id());

    int deadBefore = ap.deliveryQueue().deadLetters().size();
    BlockingQueue<Post> arrived = new LinkedBlockingQueue<>();
    try (Kith kith = Kith.builder().adapter(ap).adapter(ssb).identity(onAp).identity(onSsb).build()) {
      kith.on(event -> {
        if (event instanceof Event.PostReceived r) {
          arrived.add(r.post());
        }
      });
      for (URI a : apSources) {
        if (ap.follows().get(apName, Direction.FOLLOWING, a).isEmpty()) {
          kith.interact(new Interaction.Follow(IdentityId.of(Protocol.ACTIVITYPUB, a.toString())));
        }
      }
      for (FeedId f : ssbSources) {
        if (!ssb.store().isFollowing(ssb.feedId(), f)) {
          kith.interact(new Interaction.Follow(IdentityId.of(Protocol.SSB, f.toString())));
        }
      }
      out.println("ap-actor=" + ap.actorUrl(apName));
      out.println("ssb-feed=" + ssb.feedId());
      out.println("ssb-address=" + network.address().orElseThrow());
      out.flush();

      long deadline = System.nanoTime() + timeout.toNanos();
      int mirrored = 0;
      while (!once || mirrored < count) {
        Post post = Wait.next(arrived, once, deadline);
        if (post == null) {
          err.println("Bridge: only " + mirrored + " of " + count + " posts mirrored within " + timeout.toSeconds() + " s");
          return Args.NETWORK;
        }
        Optional<String> refusal = refusal(post, sources, own, ledger);
        if (refusal.isPresent()) {
          if (sources.contains(post.author())) { // other posts (own, replies to others ...) are not news
            err.println("Bridge: not mirroring " + post.id().value() + ": " + refusal.get());
          }
          continue;
        }
        try {
          Post mirror = mirror(kith, post);
          ledger.record(post.id().value(), mirror.id().value());
          out.println("mirrored " + post.id().value() + " -> " + mirror.id().value());
          out.flush();
          mirrored++;
        } catch (KithException e) {
          err.println("Bridge: cannot mirror " + post.id().value() + ": " + e.getMessage());
        }
      }
      if (!Wait.until(() -> ap.deliveryQueue().pendingCount() == 0, deadline, Duration.ofMillis(20))
          || ap.deliveryQueue().deadLetters().size() > deadBefore) {
        err.println("Bridge: some ActivityPub deliveries are not done (they stay queued in " + data + ")");
        return Args.NETWORK;
      }
      // let SSB peers fetch the mirrors until they hang up
      Wait.until(() -> network.stats().connections() == 0, System.nanoTime() + linger.toNanos(),
          Duration.ofMillis(50));
      return Args.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Args.OK;
    } catch (KithException e) {
      err.println("Bridge: " + e.getMessage());
      return Args.NETWORK;
    }
  }

  /** Why {@code post} must not be mirrored, or empty if it may. */
  static Optional<String> refusal(Post post, Set<IdentityId> sources, Set<IdentityId> own, Ledger ledger) {
    if (own.contains(post.author())) {
      return Optional.of("the bridge wrote it");
    }
    if (!sources.contains(post.author())) {
      return Optional.of("not by a followed source");
    }
    if (ledger.knows(post.id().value())) {
      return Optional.of("already mirrored, or itself a mirror");
    }
    if (post.content().plainText().contains(MARKER)) {
      return Optional.of("a bridge already mirrored it");
    }
    if (post.visibility() != Visibility.PUBLIC) {
      return Optional.of("not public (" + post.visibility() + ")");
    }
    return Optional.empty();
  }

  /** Publishes {@code post}'s text on the other network as the bridge, with the marker line. */
  private static Post mirror(Kith kith, Post post) {
    Protocol target = post.protocol().equals(Protocol.SSB) ? Protocol.ACTIVITYPUB : Protocol.SSB;
    String text = post.content().plainText().strip();
    int room = social.kith.core.model.Content.MAX_CHARS - MARKER.length() - post.id().value().length() - 4;
    if (text.length() > room) {
      text = text.substring(0, Math.max(0, room - 1)) + "…";
    }
    PostDraft.Builder draft = PostDraft.builder().text(text + "\n\n" + MARKER + post.id().value());
    post.contentWarning().ifPresent(draft::contentWarning);
    post.hashtags().forEach(draft::hashtag);
    LocalIdentity as = kith.identity(target).orElseThrow();
    return kith.publish(PublishRequest.builder(draft.build()).as(as).build()).orThrow()
        .post(target).orElseThrow();
  }

  private static URI actorUrl(String s) {
    try {
      URI u = new URI(s);
      if (u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
        throw new Args.UsageException("--ap-follow must be an actor URL: " + s);
      }
      return u;
    } catch (java.net.URISyntaxException e) {
      throw new Args.UsageException("--ap-follow must be an actor URL: " + s);
    }
  }

  /**
   * The ids of every source post mirrored and every mirror made, one {@code source<TAB>mirror} line
   * each, appended as they happen. A torn last line (a crash while writing) is ignored on open.
   */
  static final class Ledger {
    private final Path file;
    private final Set<String> ids = new HashSet<>();

    private Ledger(Path file) {
      this.file = file;
    }

    static Ledger open(Path file) throws IOException {
      Ledger l = new Ledger(file);
      if (Files.exists(file)) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          String line;
          while ((line = r.readLine()) != null) {
            String[] parts = line.split("\t", -1);
            if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
              l.ids.add(parts[0]);
              l.ids.add(parts[1]);
            }
          }
        }
      }
      return l;
    }

    synchronized boolean knows(String id) {
      return ids.contains(id);
    }

    synchronized void record(String source, String mirror) {
      if (source.contains("\t") || source.contains("\n") || mirror.contains("\t") || mirror.contains("\n")) {
        throw new IllegalArgumentException("an id with a tab or newline");
      }
      ids.add(source);
      ids.add(mirror);
      try {
        Files.writeString(file, source + "\t" + mirror + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND, StandardOpenOption.SYNC);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }
  }
}
