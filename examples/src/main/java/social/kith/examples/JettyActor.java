package social.kith.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import social.kith.activitypub.adapter.ApAdapter;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.activitypub.server.ApHandler;
import social.kith.activitypub.server.ApRequest;
import social.kith.activitypub.server.ApResponse;
import social.kith.activitypub.signature.Headers;
import social.kith.core.Kith;
import social.kith.core.KithException;
import social.kith.core.NetworkException;
import social.kith.core.event.Event;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Post;

/**
 * An ActivityPub actor served by embedded Jetty 12 instead of Kith's own JDK server: Kith's
 * framework-neutral {@link ApHandler} (WebFinger, NodeInfo, the actor, its inbox, outbox,
 * collections, objects and media) mounted in another HTTP stack. The adapter is built with
 * {@link ApAdapter.Builder#externalServer} (it binds nothing) and {@link KithHandler}, a Jetty core
 * {@link Handler}, converts each request to an {@link ApRequest} and writes the {@link ApResponse}
 * back. Copy {@link KithHandler} to mount Kith in your own Jetty server next to your other handlers.
 *
 * <pre>
 * JettyActor --data DIR [--name alice] [--host 127.0.0.1] [--port 0]
 *            (--base-url https://social.example | --insecure-local) [--once] [--timeout SECONDS]
 * </pre>
 *
 * <p>It prints {@code actor=URL} and {@code handle=user@host} first (as {@code kith ap serve}
 * does), then {@code follower <actor>} for each follow it accepts and {@code received <post id>
 * from <author>} for each post delivered to it. With {@code --once} it exits 0 after the first post
 * received (once its own deliveries, such as the Accept of a follow, have gone out), or exits 3 if
 * none arrives within {@code --timeout} (default 120 s). {@code --insecure-local} allows plain http
 * and loopback peers, for trying it on one machine only. Exit codes: 0 done, 2 bad usage, 3 network
 * failure or timeout.
 *
 * <p>What Kith's embedded server does and the Jetty mounting therefore does too: bodies over
 * {@link #MAX_BODY_BYTES} are refused with 413 without reading them whole; the request target is
 * the base URL's scheme, the {@code Host} header and the path and query as received (signatures cover
 * them); a streamed body (a media file) is copied from its source a buffer at a time. Jetty adds a
 * cap on header size (8 KiB by default) and an idle timeout on every read and write
 * ({@link #IDLE_TIMEOUT}); in front of the open internet put TLS and connection limits ahead of it
 * (a reverse proxy, or Jetty's own {@code SslConnectionFactory} and
 * {@code MinimumDataRateHandler}).
 */
public final class JettyActor {
  /** What {@code --help} prints. */
  public static final String USAGE = "Usage: JettyActor --data DIR [--name alice] [--host 127.0.0.1] [--port 0]\n"
      + "                  (--base-url https://social.example | --insecure-local) [--once] [--timeout SECONDS]\n"
      + "Serves an ActivityPub actor from embedded Jetty 12: Kith's handler mounted in another HTTP stack.";

  /** The largest request body accepted (as Kith's embedded server: 1 MiB); larger ones get 413. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;
  /** How long a read or a write may stall before Jetty drops the connection. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);

  private JettyActor() {}

  public static void main(String[] args) {
    Args.main(() -> run(args, System.out, System.err));
  }

  /** Runs the actor with the given streams and returns the exit code. */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    if (Args.help(argv, out, USAGE)) {
      return Args.OK;
    }
    Path data;
    String name;
    FetchPolicy policy;
    Optional<URI> givenBase;
    String host;
    int port;
    boolean once;
    Duration timeout;
    try {
      Args args = Args.parse(argv, Set.of("--data", "--name", "--host", "--port", "--base-url", "--timeout"),
          Set.of("--once", "--insecure-local"));
      data = Path.of(args.required("--data"));
      name = args.value("--name").orElse("alice");
      ApAdapter.builder().actorName(name); // checks the name before anything is opened
      host = args.value("--host").orElse("127.0.0.1");
      port = args.integer("--port", 0, 0, 65535);
      once = args.flag("--once");
      timeout = args.seconds("--timeout", 120, 86_400);
      givenBase = args.baseUrl();
      if (givenBase.isPresent()) { // the same check the adapter makes, before Jetty binds a port
        ApAdapter.builder().externalServer(givenBase.get());
      }
      FetchPolicy.Builder fetch = FetchPolicy.builder();
      if (args.flag("--insecure-local")) {
        fetch.insecureAllowLoopbackForTesting();
      }
      policy = fetch.build();
    } catch (Args.UsageException | IllegalArgumentException e) {
      err.println("JettyActor: " + e.getMessage());
      return Args.USAGE;
    }

    // Bind Jetty's socket first: with --port 0 the base URL (and so every actor URL) needs its port.
    Server jetty = new Server(threads());
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(config));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    jetty.addConnector(connector);
    try {
      connector.open();
    } catch (IOException e) {
      err.println("JettyActor: cannot listen on " + host + ":" + port + ": " + e.getMessage());
      return Args.NETWORK;
    }
    String literal = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    URI base = givenBase.orElse(URI.create("http://" + literal + ":" + connector.getLocalPort()));

    ApAdapter ap;
    try {
      ap = ApAdapter.builder().dataDir(data).actorName(name).externalServer(base).fetchPolicy(policy).build();
    } catch (KithException e) {
      stop(jetty, connector, err);
      err.println("JettyActor: " + e.getMessage());
      return e instanceof NetworkException ? Args.NETWORK : Args.USAGE;
    }
    jetty.setHandler(new KithHandler(ap.handler(), base.getScheme(), MAX_BODY_BYTES));

    LocalIdentity me = ap.localIdentity(name);
    BlockingQueue<Post> received = new LinkedBlockingQueue<>();
    try (Kith kith = Kith.builder().adapter(ap).identity(me).build()) {
      kith.on(event -> {
        if (event instanceof Event.Followed f && f.followee().equals(me.id())) {
          out.println("follower " + f.follower().value());
        } else if (event instanceof Event.PostReceived r && !r.post().author().equals(me.id())) {
          received.add(r.post());
        }
      });
      try {
        jetty.start(); // after the adapter started, so its inbox answers from the first request on
      } catch (Exception e) {
        err.println("JettyActor: cannot start Jetty: " + e.getMessage());
        return Args.NETWORK;
      }
      try {
        out.println("actor=" + ap.actorUrl(name));
        out.println("handle=" + ap.handle(name));
        out.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
          Post post = Wait.next(received, once, deadline);
          if (post == null) {
            err.println("JettyActor: no post arrived within " + timeout.toSeconds() + " s");
            return Args.NETWORK;
          }
          out.println("received " + post.id().value() + " from " + post.author().value());
          out.flush();
          if (once) {
            // the Accepts it owes go out through the durable queue: let them leave before exiting
            boolean sent = Wait.until(() -> ap.deliveryQueue().pendingCount() == 0, deadline, Duration.ofMillis(20));
            if (!sent) {
              err.println("JettyActor: deliveries still pending at exit (they stay queued in the data folder)");
            }
            return sent ? Args.OK : Args.NETWORK;
          }
        }
      } finally {
        stop(jetty, connector, err); // stop serving before the adapter closes
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Args.OK;
    } catch (KithException e) {
      err.println("JettyActor: " + e.getMessage());
      return Args.NETWORK;
    } finally {
      stop(jetty, connector, err); // a no-op if stopped already
    }
  }

  /** Jetty's request threads: a small bounded pool (the handler blocks on signature-key fetches). */
  private static QueuedThreadPool threads() {
    QueuedThreadPool pool = new QueuedThreadPool(32, 4);
    pool.setName("jetty-kith");
    return pool;
  }

  /** Stops Jetty, and closes the socket of a connector that was opened but never started. */
  private static void stop(Server jetty, ServerConnector connector, PrintStream err) {
    try {
      jetty.stop();
    } catch (Exception e) {
      err.println("JettyActor: stopping Jetty: " + e.getMessage());
    } finally {
      connector.close();
    }
  }

  /**
   * Kith's {@link ApHandler} as a Jetty 12 core {@link Handler}, mounted at the root of the base
   * URL. Blocking (the default invocation type of {@link Handler.Abstract}): the Kith handler may
   * fetch a signer's key before it answers, so it runs on Jetty's pool, not on a selector thread.
   */
  public static final class KithHandler extends Handler.Abstract {
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253})(:[0-9]{1,5})?");
    private static final System.Logger LOG = System.getLogger(KithHandler.class.getName());

    private final ApHandler kith;
    private final String scheme;
    private final int maxBodyBytes;

    /**
     * @param kith the handler to mount ({@link ApAdapter#handler()})
     * @param scheme the scheme remote servers reach the base URL with ({@code https} behind TLS)
     * @param maxBodyBytes the largest request body read; larger ones are answered 413
     */
    public KithHandler(ApHandler kith, String scheme, int maxBodyBytes) {
      this.kith = Objects.requireNonNull(kith, "kith");
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException("scheme must be http or https");
      }
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive");
      }
      this.scheme = scheme;
      this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      try {
        write(request, response, answer(request));
        callback.succeeded();
      } catch (IOException | RuntimeException e) { // the client went away, or a body source failed
        LOG.log(System.Logger.Level.DEBUG, "exchange dropped: " + e);
        callback.failed(e);
      }
      return true; // every request is Kith's: it answers 404 itself for paths it does not serve
    }

    /** Converts the request, asks Kith, and never throws for anything a client sends. */
    private ApResponse answer(Request request) throws IOException {
      String host = request.getHeaders().get(HttpHeader.HOST);
      if (host == null || !HOST.matcher(host).matches()) {
        return ApResponse.text(400, "a valid Host header is required");
      }
      byte[] body = readBody(request);
      if (body == null) {
        return ApResponse.text(413, "the body is larger than " + maxBodyBytes + " bytes");
      }
      ApRequest apRequest;
      try {
        String query = request.getHttpURI().getQuery();
        URI target = URI.create(scheme + "://" + host.toLowerCase(Locale.ROOT) + request.getHttpURI().getPath()
            + (query == null ? "" : "?" + query));
        Headers.Builder headers = Headers.builder();
        for (HttpField field : request.getHeaders()) {
          headers.add(field.getName(), field.getValue());
        }
        apRequest = new ApRequest(request.getMethod(), target, headers.build(), body,
            Optional.ofNullable(Request.getRemoteAddr(request)));
      } catch (IllegalArgumentException e) {
        return ApResponse.text(400, "bad request target");
      }
      try {
        return Objects.requireNonNull(kith.handle(apRequest), "the handler returned null");
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "the handler failed on " + apRequest.method() + " "
            + apRequest.rawPath(), e);
        return ApResponse.text(500, "internal error");
      }
    }

    /** The body, or null if it is longer than the cap (then it is not read to the end). */
    private byte[] readBody(Request request) throws IOException {
      long declared = request.getLength(); // Content-Length, or -1 (chunked)
      if (declared > maxBodyBytes) {
        return null;
      }
      try (InputStream in = Request.asInputStream(request)) {
        byte[] body = in.readNBytes(maxBodyBytes + 1);
        return body.length > maxBodyBytes ? null : body;
      }
    }

    /**
     * Writes status, headers and body with its {@code Content-Length}. A streamed body is copied
     * from its source a buffer at a time; the source is opened before anything is sent, so a source
     * that cannot be opened fails the exchange (Jetty answers 500) instead of half-sending a 200.
     */
    private static void write(Request request, Response response, ApResponse r) throws IOException {
      response.setStatus(r.status());
      for (String name : r.headers().names()) {
        for (String value : r.headers().all(name)) {
          response.getHeaders().add(name, value);
        }
      }
      if (r.status() == 413) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close"); // the rest of the body is not read
      }
      boolean head = "HEAD".equals(request.getMethod());
      boolean bodyless = r.status() < 200 || r.status() == 204 || r.status() == 304;
      long length = r.bodyLength();
      if (bodyless) {
        response.getHeaders().remove(HttpHeader.CONTENT_LENGTH);
      } else {
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length); // for HEAD too: what GET would send
      }
      if (head || bodyless || length == 0) {
        Content.Sink.write(response, true, ByteBuffer.allocate(0));
        return;
      }
      if (r.source().isEmpty()) {
        Content.Sink.write(response, true, ByteBuffer.wrap(r.body()));
        return;
      }
      try (InputStream in = r.source().get().open()) {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
          int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
          if (n < 0) {
            throw new IOException("the body source ended " + left + " bytes early");
          }
          left -= n;
          Content.Sink.write(response, left == 0, ByteBuffer.wrap(buffer, 0, n)); // blocks until written
        }
      }
    }
  }
}
