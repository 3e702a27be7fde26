package social.kith.activitypub.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import social.kith.activitypub.server.internal.DeadlineExecutor;
import social.kith.activitypub.signature.Headers;

/**
 * An {@link ApHandler} served by the JDK's own HTTP server ({@code com.sun.net.httpserver}), so an
 * application can federate without a servlet container. Plain HTTP: put TLS in front (a reverse
 * proxy) and set {@link Builder#scheme(String) scheme("https")} so that signatures are checked
 * against the URLs remote servers actually used.
 *
 * <p><b>Limits (checklist item 67).</b> Bodies over {@link Builder#maxBodyBytes} are refused with
 * 413 without reading them to the end. Every exchange has a read deadline covering the request
 * line, the headers and the body together, and a write deadline for the response (see
 * {@link DeadlineExecutor}): a client trickling bytes holds a worker for one deadline at most, then
 * loses its connection. Per-remote-server rate limits are the inbox's job (it knows the signer).
 * What remains: the JDK server has no cap on header size or count of its own (a fast client may
 * send large headers within the read deadline), and a flood of slow connections can occupy every
 * worker for up to one deadline, delaying others; in front of the open internet, a reverse proxy
 * with connection limits is still advised.
 *
 * <p>A {@link ApResponse#streamed streamed} body (a media file) is copied from its source a buffer
 * at a time, never held whole in memory. The write deadline covers it too: with the default 20 s
 * a client must read a 40 MiB file at 2 MiB/s or more, so serve large media behind a proxy or raise
 * {@link Builder#writeDeadline}.
 */
public final class ApServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ApServer.class.getName());
  private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253})(:[0-9]{1,5})?");

  private final HttpServer server;
  private final DeadlineExecutor executor;
  private final ApHandler handler;
  private final String scheme;
  private final int maxBodyBytes;

  private ApServer(Builder b, HttpServer server, DeadlineExecutor executor) {
    this.server = server;
    this.executor = executor;
    this.handler = b.handler;
    this.scheme = b.scheme;
    this.maxBodyBytes = b.maxBodyBytes;
    server.createContext("/", this::exchange);
    server.setExecutor(executor);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts accepting connections. */
  public ApServer start() {
    server.start();
    return this;
  }

  /** The bound port (useful after binding port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code scheme://host:port} of the bound socket. */
  public URI uri() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return URI.create(scheme + "://" + host + ":" + a.getPort());
  }

  /** How many exchanges a read or write deadline cut off so far. */
  public long deadlineTimeouts() {
    return executor.timeouts();
  }

  /** Stops at once: open exchanges are dropped and the workers end. */
  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }

  private void exchange(HttpExchange ex) {
    DeadlineExecutor.Phase phase = DeadlineExecutor.current();
    try {
      ApResponse response;
      ApRequest request = null;
      String host = ex.getRequestHeaders().getFirst("Host");
      if (host == null || !HOST.matcher(host).matches()) {
        response = ApResponse.text(400, "a valid Host header is required");
      } else {
        response = null;
        byte[] body = readBody(ex);
        if (phase != null) {
          phase.endRead();
        }
        if (body == null) {
          response = ApResponse.text(413, "the body is larger than " + maxBodyBytes + " bytes");
        } else {
          try {
            URI target = URI.create(scheme + "://" + host.toLowerCase(Locale.ROOT) + ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()));
            request = new ApRequest(ex.getRequestMethod(), target, headers(ex), body,
                Optional.of(ex.getRemoteAddress().getAddress().getHostAddress()));
          } catch (IllegalArgumentException e) {
            response = ApResponse.text(400, "bad request target");
          }
        }
      }
      if (response == null) {
        response = safely(request);
      }
      if (phase != null) {
        phase.beginWrite();
      }
      write(ex, response);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "exchange dropped: " + e);
    } finally {
      ex.close();
    }
  }

  private ApResponse safely(ApRequest request) {
    try {
      return Objects.requireNonNull(handler.handle(request), "the handler returned null");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the handler failed on " + request.method() + " " + request.rawPath(), e);
      return ApResponse.text(500, "internal error");
    }
  }

  /** The body, or null if it is longer than the cap (then it is not read to the end). */
  private byte[] readBody(HttpExchange ex) throws IOException {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.strip()) > maxBodyBytes) {
          return null;
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    InputStream in = ex.getRequestBody();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
      if (out.size() > maxBodyBytes) {
        return null;
      }
    }
    return out.toByteArray();
  }

  private static Headers headers(HttpExchange ex) {
    Headers.Builder h = Headers.builder();
    for (Map.Entry<String, List<String>> e : ex.getRequestHeaders().entrySet()) {
      for (String v : e.getValue()) {
        h.add(e.getKey(), v);
      }
    }
    return h.build();
  }

  private static void write(HttpExchange ex, ApResponse r) throws IOException {
    for (String name : r.headers().names()) {
      for (String v : r.headers().all(name)) {
        ex.getResponseHeaders().add(name, v);
      }
    }
    boolean head = ex.getRequestMethod().equals("HEAD");
    if (r.status() == 413) {
      ex.getResponseHeaders().set("Connection", "close");
    }
    if (r.source().isPresent()) {
      writeStreamed(ex, r, head);
      return;
    }
    byte[] body = r.body();
    ex.sendResponseHeaders(r.status(), head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * Copies a streamed body from its source to the socket, a buffer at a time (the write deadline
   * still bounds the whole response). The source is opened before the status goes out, so a source
   * that cannot be opened drops the exchange without a half-sent 200.
   */
  private static void writeStreamed(HttpExchange ex, ApResponse r, boolean head) throws IOException {
    ApResponse.BodySource source = r.source().orElseThrow();
    long length = source.length();
    if (head || length == 0) {
      ex.sendResponseHeaders(r.status(), -1);
      return;
    }
    try (InputStream in = source.open()) {
      ex.sendResponseHeaders(r.status(), length);
      try (OutputStream out = ex.getResponseBody()) {
        byte[] buf = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            throw new IOException("the body source ended " + left + " bytes early");
          }
          out.write(buf, 0, n);
          left -= n;
        }
      }
    }
  }

  /** Builds an {@link ApServer}; {@link #build()} binds the socket. */
  public static final class Builder {
    private ApHandler handler;
    private String host = "127.0.0.1";
    private int port;
    private String scheme = "http";
    private int maxBodyBytes = 1024 * 1024;
    private Duration readDeadline = Duration.ofSeconds(20);
    private Duration writeDeadline = Duration.ofSeconds(20);
    private int workers = 16;
    private int backlog = 128;

    private Builder() {}

    public Builder handler(ApHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** The address to listen on (default {@code 127.0.0.1}, port 0 = any free port). */
    public Builder bind(String host, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range");
      }
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /** The scheme remote servers use to reach this server (default {@code http}; {@code https} behind TLS). */
    public Builder scheme(String scheme) {
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException("scheme must be http or https");
      }
      this.scheme = scheme;
      return this;
    }

    /** The largest accepted body (default 1 MiB, at most 64 MiB); larger ones get 413. */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1 || bytes > 64 * 1024 * 1024) {
        throw new IllegalArgumentException("max body must be 1 byte to 64 MiB");
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** Time allowed to receive request line, headers and body (default 20 s). */
    public Builder readDeadline(Duration d) {
      this.readDeadline = positive(d);
      return this;
    }

    /** Time allowed to write the response (default 20 s). */
    public Builder writeDeadline(Duration d) {
      this.writeDeadline = positive(d);
      return this;
    }

    /** Worker threads (default 16). */
    public Builder workers(int n) {
      if (n < 1 || n > 1024) {
        throw new IllegalArgumentException("workers must be 1 to 1024");
      }
      this.workers = n;
      return this;
    }

    private static Duration positive(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("a deadline must be positive");
      }
      return d;
    }

    /**
     * Binds the socket (not yet accepting: call {@link ApServer#start()}).
     *
     * @throws IOException if the address cannot be bound
     */
    public ApServer build() throws IOException {
      if (handler == null) {
        throw new IllegalStateException("a handler is required");
      }
      HttpServer s = HttpServer.create(new InetSocketAddress(host, port), backlog);
      DeadlineExecutor ex = new DeadlineExecutor(workers, readDeadline, writeDeadline, "kith-ap-http");
      return new ApServer(this, s, ex);
    }
  }
}
