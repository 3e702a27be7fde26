package social.kith.examples;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import social.kith.activitypub.adapter.ApAdapter;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.core.Kith;
import social.kith.core.KithException;
import social.kith.core.NetworkException;
import social.kith.core.event.Event;
import social.kith.core.model.Interaction;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Mention;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Visibility;

/**
 * An ActivityPub reply bot: it serves one actor and answers every post that mentions it with a
 * reply that mentions the sender back (so the sender's server delivers it to them). It is written
 * against the protocol-neutral {@link Kith} client; only opening the adapter is ActivityPub-specific.
 *
 * <pre>
 * ApReplyBot --data DIR [--name replybot] [--host 127.0.0.1] [--port 0]
 *            (--base-url https://bot.example | --insecure-local) [--once] [--timeout SECONDS]
 * </pre>
 *
 * <p>It prints {@code actor=URL} and {@code handle=user@host} first, then {@code replied <reply id>
 * to <author>} per answer. With {@code --once} it answers the first mention, waits until the reply
 * has been delivered, and exits 0, or exits 3 if no mention arrives within {@code --timeout}
 * (default 120 s). {@code --insecure-local} allows plain http and loopback peers, for trying it on
 * one machine only. Exit codes: 0 done, 2 bad usage, 3 network failure or timeout.
 */
public final class ApReplyBot {
  /** What {@code --help} prints. */
  public static final String USAGE = "Usage: ApReplyBot --data DIR [--name replybot] [--host 127.0.0.1] [--port 0]\n"
      + "                  (--base-url https://bot.example | --insecure-local) [--once] [--timeout SECONDS]\n"
      + "Answers every ActivityPub mention with a reply that mentions the sender.";

  /** The longest quote of the mention that goes into the answer. */
  public static final int MAX_QUOTE = 200;

  private ApReplyBot() {}

  public static void main(String[] args) {
    Args.main(() -> run(args, System.out, System.err));
  }

  /** Runs the bot with the given streams and returns the exit code. */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    if (Args.help(argv, out, USAGE)) {
      return Args.OK;
    }
    Path data;
    String name;
    FetchPolicy policy;
    URI base;
    String host;
    int port;
    boolean once;
    Duration timeout;
    try {
      Args args = Args.parse(argv, Set.of("--data", "--name", "--host", "--port", "--base-url", "--timeout"),
          Set.of("--once", "--insecure-local"));
      data = Path.of(args.required("--data"));
      name = args.value("--name").orElse("replybot");
      host = args.value("--host").orElse("127.0.0.1");
      port = args.integer("--port", 0, 0, 65535);
      once = args.flag("--once");
      timeout = args.seconds("--timeout", 120, 86_400);
      base = args.baseUrl().orElse(null);
      FetchPolicy.Builder fetch = FetchPolicy.builder();
      if (args.flag("--insecure-local")) {
        fetch.insecureAllowLoopbackForTesting();
      }
      policy = fetch.build();
    } catch (Args.UsageException | IllegalArgumentException e) {
      err.println("ApReplyBot: " + e.getMessage());
      return Args.USAGE;
    }

    ApAdapter ap;
    try {
      ap = ApAdapter.builder().dataDir(data).actorName(name).bind(host, port).baseUrl(base).fetchPolicy(policy)
          .build();
    } catch (KithException e) {
      err.println("ApReplyBot: " + e.getMessage());
      return e instanceof NetworkException ? Args.NETWORK : Args.USAGE;
    }
    LocalIdentity me = ap.localIdentity(name);
    BlockingQueue<Post> mentions = new LinkedBlockingQueue<>();
    try (Kith kith = Kith.builder().adapter(ap).identity(me).build()) {
      kith.on(event -> {
        if (event instanceof Event.Mentioned m && m.mentioned().equals(me.id()) && !m.post().author().equals(me.id())) {
          mentions.add(m.post());
        }
      });
      out.println("actor=" + ap.actorUrl(name));
      out.println("handle=" + ap.handle(name));
      out.flush();
      Set<PostId> answered = ConcurrentHashMap.newKeySet();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Post mention = Wait.next(mentions, once, deadline);
        if (mention == null) {
          err.println("ApReplyBot: no mention arrived within " + timeout.toSeconds() + " s");
          return Args.NETWORK;
        }
        if (!answered.add(mention.id())) {
          continue; // the same post reported twice (a redelivery)
        }
        int deadBefore = ap.deliveryQueue().deadLetters().size();
        Post reply;
        try {
          reply = answer(kith, mention);
        } catch (KithException e) {
          err.println("ApReplyBot: cannot answer " + mention.id().value() + ": " + e.getMessage());
          if (once) {
            return Args.NETWORK;
          }
          continue;
        }
        out.println("replied " + reply.id().value() + " to " + mention.author().value());
        out.flush();
        if (once) {
          return awaitDelivered(ap, deadBefore, deadline) ? Args.OK : timedOut(err);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Args.OK;
    } catch (KithException e) {
      err.println("ApReplyBot: " + e.getMessage());
      return Args.NETWORK;
    }
  }

  /**
   * Replies to {@code mention}, mentioning its author by handle. A private mention gets a private
   * answer; everything else an unlisted one, so a bot does not flood public timelines.
   */
  static Post answer(Kith kith, Post mention) {
    String handle;
    try {
      handle = kith.resolve(mention.author().value()).handle().orElse(mention.author().value());
    } catch (KithException e) {
      handle = mention.author().value(); // the mention still carries the author's id
    }
    String display = handle.startsWith("@") || handle.startsWith("http") ? handle : "@" + handle;
    String quote = mention.content().plainText().strip();
    if (quote.length() > MAX_QUOTE) {
      quote = quote.substring(0, MAX_QUOTE) + "…";
    }
    PostDraft.Builder draft = PostDraft.builder().text(display + " thanks for the mention! You wrote: " + quote)
        .mention(Mention.of(mention.author(), display));
    if (mention.visibility() == Visibility.DIRECT) {
      draft.visibility(Visibility.DIRECT).directRecipient(mention.author());
    } else {
      draft.visibility(Visibility.UNLISTED);
    }
    return kith.interact(new Interaction.Reply(mention.id(), draft.build())).post()
        .orElseThrow(() -> new NetworkException("the adapter did not return the reply"));
  }

  /** Waits until the durable delivery queue is empty (delivered or given up), up to the deadline. */
  private static boolean awaitDelivered(ApAdapter ap, int deadBefore, long deadlineNanos) {
    return Wait.until(() -> ap.deliveryQueue().pendingCount() == 0, deadlineNanos, Duration.ofMillis(20))
        && ap.deliveryQueue().deadLetters().size() == deadBefore;
  }

  private static int timedOut(PrintStream err) {
    err.println("ApReplyBot: the reply was not delivered in time (it stays queued in the data folder)");
    return Args.NETWORK;
  }
}
