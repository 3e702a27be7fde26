package social.kith.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import social.kith.core.Kith;
import social.kith.core.KithException;
import social.kith.core.event.Event;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Mention;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;
import social.kith.ssb.FeedId;
import social.kith.ssb.MultiserverAddress;
import social.kith.ssb.adapter.SsbAdapter;
import social.kith.ssb.peer.PeerNetwork;

/**
 * A Secure Scuttlebutt bot that answers mentions: a node with its own feed that replicates the
 * feeds it follows and replies to every post (or private message) that mentions it, mentioning the
 * sender back. Written against the protocol-neutral {@link Kith} client; only opening the node is
 * SSB-specific.
 *
 * <pre>
 * SsbMentionBot --data DIR [--host 127.0.0.1] [--port 8008] [--connect ADDRESS ...] [--follow @id ...]
 *               [--hops 1] [--once] [--timeout SECONDS] [--linger SECONDS]
 * </pre>
 *
 * <p>SSB has no server that routes a stranger's mention to you: a bot sees what it replicates, so it
 * follows the people it answers ({@code --follow}, published once as a contact message) or more of
 * the graph ({@code --hops}). It prints {@code id=@...} and {@code address=net:...} first, then
 * {@code replied <reply id> to <author>} per answer. With {@code --once} it answers the first mention,
 * then keeps serving until no peer is connected (so the sender can fetch the answer) or
 * {@code --linger} seconds (default 30) pass, and exits 0; it exits 3 if no mention arrives within
 * {@code --timeout} (default 120 s). Exit codes: 0 done, 2 bad usage, 3 network failure or timeout.
 */
public final class SsbMentionBot {
  /** What {@code --help} prints. */
  public static final String USAGE = "Usage: SsbMentionBot --data DIR [--host 127.0.0.1] [--port 8008] [--connect ADDRESS ...]\n"
      + "                     [--follow @id ...] [--hops 1] [--once] [--timeout SECONDS] [--linger SECONDS]\n"
      + "Answers every SSB post or private message that mentions it, from the feeds it replicates.";

  /** The longest quote of the mention that goes into the answer. */
  public static final int MAX_QUOTE = 200;

  private SsbMentionBot() {}

  public static void main(String[] args) {
    Args.main(() -> run(args, System.out, System.err));
  }

  /** Runs the bot with the given streams and returns the exit code. */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    if (Args.help(argv, out, USAGE)) {
      return Args.OK;
    }
    Path data;
    List<String> connect;
    List<FeedId> follow;
    PeerNetwork network;
    boolean once;
    Duration timeout;
    Duration linger;
    try {
      Args args = Args.parse(argv, Set.of("--data", "--host", "--port", "--connect", "--follow", "--hops",
          "--timeout", "--linger"), Set.of("--once"));
      data = Path.of(args.required("--data"));
      connect = args.all("--connect");
      for (String a : connect) {
        if (!MultiserverAddress.isValid(a) || MultiserverAddress.parse(a).shs().isEmpty()) {
          throw new Args.UsageException("--connect is not a multiserver address (net:host:port~shs:key): " + a);
        }
      }
      follow = args.all("--follow").stream().map(f -> {
        if (!FeedId.isValid(f)) {
          throw new Args.UsageException("--follow is not a feed id (@...=.ed25519): " + f);
        }
        return FeedId.parse(f);
      }).toList();
      once = args.flag("--once");
      timeout = args.seconds("--timeout", 120, 86_400);
      linger = args.seconds("--linger", 30, 3600);
      PeerNetwork.Builder net = PeerNetwork.builder()
          .listen(args.value("--host").orElse("127.0.0.1"), args.integer("--port", 8008, 0, 65535))
          .hops(args.integer("--hops", 1, 0, 6));
      connect.forEach(net::connect);
      network = net.build();
    } catch (Args.UsageException | IllegalArgumentException e) {
      err.println("SsbMentionBot: " + e.getMessage());
      return Args.USAGE;
    }

    BlockingQueue<Post> mentions = new LinkedBlockingQueue<>();
    SsbAdapter node;
    try {
      node = SsbAdapter.open(data, network);
    } catch (KithException e) {
      err.println("SsbMentionBot: " + e.getMessage());
      return Args.USAGE;
    }
    LocalIdentity me = node.localIdentity();
    try (Kith kith = Kith.builder().adapter(node).identity(me).build()) {
      kith.on(event -> {
        if (event instanceof Event.Mentioned m && m.mentioned().equals(me.id()) && !m.post().author().equals(me.id())) {
          mentions.add(m.post());
        }
      });
      for (FeedId f : follow) {
        if (!f.equals(node.feedId()) && !node.store().isFollowing(node.feedId(), f)) {
          kith.interact(new Interaction.Follow(IdentityId.of(Protocol.SSB, f.toString())));
        }
      }
      out.println("id=" + node.feedId());
      out.println("address=" + network.address().orElseThrow());
      out.flush();
      Set<PostId> answered = ConcurrentHashMap.newKeySet();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Post mention = Wait.next(mentions, once, deadline);
        if (mention == null) {
          err.println("SsbMentionBot: no mention arrived within " + timeout.toSeconds() + " s");
          return Args.NETWORK;
        }
        if (!answered.add(mention.id())) {
          continue;
        }
        Post reply;
        try {
          reply = answer(kith, node, mention);
        } catch (KithException e) {
          err.println("SsbMentionBot: cannot answer " + mention.id().value() + ": " + e.getMessage());
          if (once) {
            return Args.NETWORK;
          }
          continue;
        }
        out.println("replied " + reply.id().value() + " to " + mention.author().value());
        out.flush();
        if (once) {
          // keep serving until no peer is connected (they had their chance to fetch) or the linger passes
          Wait.until(() -> network.stats().connections() == 0, System.nanoTime() + linger.toNanos(),
              Duration.ofMillis(50));
          return Args.OK;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Args.OK;
    } catch (KithException e) {
      err.println("SsbMentionBot: " + e.getMessage());
      return Args.NETWORK;
    }
  }

  /** Replies in the mention's thread, naming its author by their chosen name when the store knows it. */
  static Post answer(Kith kith, SsbAdapter node, Post mention) {
    IdentityId author = mention.author();
    String name = node.store().identity(FeedId.parse(author.value())).displayName();
    String display = name == null || name.isBlank() || name.equals(author.value()) ? author.value() : "@" + name;
    String quote = mention.content().plainText().strip();
    if (quote.length() > MAX_QUOTE) {
      quote = quote.substring(0, MAX_QUOTE) + "…";
    }
    PostDraft.Builder draft = PostDraft.builder().text(display + " thanks for the mention! You wrote: " + quote)
        .mention(Mention.of(author, display));
    if (mention.visibility() == Visibility.DIRECT) {
      draft.visibility(Visibility.DIRECT).directRecipient(author); // a private mention gets a private answer
    }
    return kith.interact(new Interaction.Reply(mention.id(), draft.build())).post()
        .orElseThrow(() -> new KithException(social.kith.core.ErrorCode.Standard.ADAPTER_FAILURE,
            "the adapter did not return the reply"));
  }
}
