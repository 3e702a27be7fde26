package social.kith.cli.ap;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import social.kith.activitypub.adapter.ApAdapter;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.activitypub.server.LocalActor;
import social.kith.cli.ExitCode;
import social.kith.core.KithException;
import social.kith.core.event.Event;
import social.kith.core.model.IdentityId;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Mention;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.Visibility;
import social.kith.core.spi.AdapterContext;

/**
 * {@code kith ap serve}: serves one local ActivityPub actor (actor document, WebFinger, inbox,
 * durable delivery) until SIGINT or SIGTERM, then closes cleanly. Prints {@code actor=<URL>} and
 * {@code handle=<name>@<host[:port]>} on stdout; keys (0600), follows, posts and the delivery queue
 * live in {@code --data} and survive restarts. {@code --echo} answers every post that mentions the
 * actor with a reply quoting it, mentioning (and so delivered to) its author; a direct message gets
 * a direct answer.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve one ActivityPub actor until stopped (Ctrl-C or SIGTERM).",
        "Prints actor=<URL> and handle=<name>@<host> on stdout; state lives in --data."},
    footer = {"", "Exit codes: 0 stopped cleanly, 2 bad option, 3 cannot listen."})
public final class ApServeCommand implements Callable<Integer> {
  /** The longest quote an echo reply carries. */
  static final int MAX_QUOTE = 400;

  @Spec CommandSpec spec;

  @Option(names = "--port", required = true, paramLabel = "P", description = "Port to listen on (0 picks one).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "The actor's username ([a-z0-9_], 1-64).")
  String name;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "The data folder (created if needed).")
  Path data;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "The public base URL (https://host[:port]); default http://HOST:PORT with --insecure-local.")
  String baseUrl;

  @Option(names = "--auto-accept", description = "Accept follow requests automatically (otherwise they stay pending).")
  boolean autoAccept;

  @Option(names = "--echo", description = "Reply to each mention with a reply quoting it.")
  boolean echo;

  @Option(names = "--insecure-local",
      description = "INSECURE: allow plain http and loopback peers (for local testing only)")
  boolean insecureLocal;

  @Option(names = "--json", description = "Print {\"actor\": ..., \"handle\": ...} instead of two lines.")
  boolean json;

  private final CountDownLatch stop = new CountDownLatch(1);

  /** Stops a running {@link #call()} as SIGTERM would. */
  void stop() {
    stop.countDown();
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65535) {
      err.println("kith ap serve: --port must be 0-65535");
      return ExitCode.BAD_INPUT;
    }
    if (!LocalActor.isUsername(name)) {
      err.println("kith ap serve: --name must be 1 to 64 of [a-z0-9_]");
      return ExitCode.BAD_INPUT;
    }
    URI base = null;
    if (baseUrl != null) {
      try {
        base = new URI(baseUrl);
      } catch (URISyntaxException e) {
        err.println("kith ap serve: --base-url is not a URL: " + e.getMessage());
        return ExitCode.BAD_INPUT;
      }
      String scheme = base.getScheme();
      boolean https = "https".equalsIgnoreCase(scheme);
      boolean http = "http".equalsIgnoreCase(scheme);
      if (base.getHost() == null || !(https || (http && insecureLocal))
          || (base.getRawPath() != null && !base.getRawPath().isEmpty() && !base.getRawPath().equals("/"))
          || base.getQuery() != null || base.getFragment() != null) {
        err.println("kith ap serve: --base-url must be https://host[:port] (plain http needs --insecure-local)");
        return ExitCode.BAD_INPUT;
      }
    } else if (!insecureLocal) {
      err.println("kith ap serve: give --base-url https://... (or --insecure-local for http on this host)");
      return ExitCode.BAD_INPUT;
    }
    FetchPolicy.Builder policy = FetchPolicy.builder().connectTimeout(Duration.ofSeconds(5))
        .deadline(Duration.ofSeconds(30));
    if (insecureLocal) {
      err.println("kith ap serve: INSECURE: plain http and loopback peers are allowed (--insecure-local)");
      policy.insecureAllowLoopbackForTesting();
    }
    ExecutorService pool = Executors.newCachedThreadPool();
    ApAdapter adapter;
    try {
      ApAdapter.Builder b = ApAdapter.builder().dataDir(data).actorName(name).bind(host, port)
          .fetchPolicy(policy.build()).autoAccept(autoAccept);
      if (base != null) {
        b.baseUrl(URI.create(base.getScheme() + "://" + base.getRawAuthority()));
      }
      adapter = b.build();
    } catch (KithException e) {
      pool.shutdownNow();
      err.println("kith ap serve: " + e.getMessage());
      return e.code() == social.kith.core.ErrorCode.Standard.NETWORK_FAILURE ? ExitCode.NETWORK : ExitCode.BAD_INPUT;
    }
    Thread hook = new Thread(stop::countDown, "kith-ap-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try (adapter) {
      LocalIdentity me = adapter.localIdentity(name);
      if (echo) {
        adapter.onEvent(e -> {
          if (e instanceof Event.PostReceived r && r.post().addresses(me.id()) && !r.post().author().equals(me.id())) {
            pool.execute(() -> echo(adapter, me, r.post(), err));
          }
        });
      }
      adapter.start(new AdapterContext(event -> { }, Clock.systemUTC(), pool, "social.kith.cli.ap.serve",
          Duration.ofSeconds(60)));
      if (json) {
        out.println(social.kith.cli.Json.object(java.util.Map.of("actor", adapter.actorUrl(name).toString(),
            "handle", adapter.handle(name))));
      } else {
        out.println("actor=" + adapter.actorUrl(name));
        out.println("handle=" + adapter.handle(name));
      }
      out.flush();
      stop.await();
    } finally {
      pool.shutdownNow();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook ran
      }
    }
    return ExitCode.OK;
  }

  /** Replies to {@code post}, quoting it and mentioning its author (so it is delivered to them). */
  static Post echo(ApAdapter adapter, LocalIdentity me, Post post, PrintWriter err) {
    IdentityId author = post.author();
    String text = post.content().plainText();
    if (text.length() > MAX_QUOTE) {
      text = text.substring(0, MAX_QUOTE) + "…";
    }
    String handle = author.value();
    try {
      handle = adapter.resolve(author.value()).handle().orElse(author.value());
    } catch (KithException e) {
      // keep the actor URL as the mention's text
    }
    String display = handle.startsWith("@") ? handle : "@" + handle;
    PostDraft.Builder reply = PostDraft.builder().text(display + " you said: " + text).inReplyTo(post.id())
        .mention(Mention.of(author, display));
    if (post.visibility() == Visibility.DIRECT) {
      reply.visibility(Visibility.DIRECT).directRecipient(author); // a private mention gets a private answer
    }
    try {
      return adapter.publish(me, reply.build());
    } catch (KithException e) {
      err.println("kith ap serve: echo to " + author.value() + " failed: " + e.getMessage());
      return null;
    }
  }
}
