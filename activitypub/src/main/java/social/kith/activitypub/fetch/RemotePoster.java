package social.kith.activitypub.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.Interceptor;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

/**
 * Sends POSTs (inbox deliveries) behind the same {@link SsrfGuard} as {@link RemoteFetcher}: the
 * URL is checked before anything happens, every DNS answer and every socket is checked, and
 * redirects are never followed (a POST is not re-sent to wherever a server points).
 *
 * <p>A POST is not idempotent, so OkHttp never repeats one by itself: its silent retry on
 * connection failure is off and the body is one-shot. A failure without a response is a {@link
 * PostException} that says whether the request may have reached the peer (checklist item 66).
 *
 * <p>One exception is made, by the poster itself and at most once per call: a keep-alive connection
 * taken from the pool that fails with a closed or reset connection before any response arrived
 * (not a timeout) is the usual sign that the peer closed it while it was idle, so the request is
 * sent once more, immediately, on a new connection that is not pooled. Deliveries carry stable
 * activity ids and receivers de-duplicate them, so the rare case where such a peer had processed
 * the request costs a duplicate the receiver drops; a failure on a new connection is never
 * repeated in the call. The response body is read up to {@value #MAX_RESPONSE_BYTES} bytes and
 * discarded. Thread-safe.
 */
public final class RemotePoster {
  /** The most response-body bytes read (and discarded) so that the connection can be reused. */
  public static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private static final System.Logger LOG = System.getLogger(RemotePoster.class.getName());

  private final OkHttpClient client;
  /** The same client without pooling: each call gets a new connection that is closed after it. */
  private final OkHttpClient freshClient;
  /** Connections this poster has already sent on: seeing one again means it came from the pool. */
  private final Set<Connection> used = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
  private final SsrfGuard guard;
  private final FetchPolicy policy;
  private final String userAgent;

  /**
   * A peer's answer.
   *
   * @param status the HTTP status
   * @param retryAfter the {@code Retry-After} header as sent, if any (seconds or an HTTP date)
   * @param date the {@code Date} header as sent, if any (for clock-skew diagnostics)
   */
  public record Response(int status, Optional<String> retryAfter, Optional<String> date) {
    public Response {
      Objects.requireNonNull(retryAfter, "retryAfter");
      Objects.requireNonNull(date, "date");
    }
  }

  private RemotePoster(Builder b) {
    this.policy = b.policy;
    this.guard = new SsrfGuard(b.policy, b.resolver);
    this.userAgent = b.userAgent;
    // A POST is not idempotent: OkHttp must never resend it on its own (item 66).
    this.client = GuardedNetwork.client(b.client, guard, policy).retryOnConnectionFailure(false)
        .addNetworkInterceptor(this::markStaleConnection).build();
    this.freshClient = client.newBuilder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).build();
  }

  /**
   * Runs on the connection a request is about to use: a failure on a connection that an earlier call
   * of this poster used, before the response headers arrived, and not a timeout or a cancellation,
   * is rethrown as a {@link StaleConnection}.
   */
  private okhttp3.Response markStaleConnection(Interceptor.Chain chain) throws IOException {
    Connection connection = chain.connection();
    boolean reused = connection != null && !used.add(connection);
    if (!reused) {
      return chain.proceed(chain.request());
    }
    try {
      return chain.proceed(chain.request());
    } catch (IOException e) {
      if (e instanceof InterruptedIOException || findRefusal(e, 0) != null || chain.call().isCanceled()) {
        throw e;
      }
      throw new StaleConnection(e);
    }
  }

  /** A reused keep-alive connection failed before any response: the peer had most likely closed it. */
  private static final class StaleConnection extends IOException {
    private static final long serialVersionUID = 1L;

    StaleConnection(IOException cause) {
      super("the reused keep-alive connection failed before any response: " + cause, cause);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The guard this poster applies. */
  public SsrfGuard guard() {
    return guard;
  }

  public FetchPolicy policy() {
    return policy;
  }

  /** The User-Agent sent. */
  public String userAgent() {
    return userAgent;
  }

  /**
   * The canonical form of {@code uri} that {@link #post} sends to (sign this one), checked by the
   * guard without resolving it.
   *
   * @throws FetchException a refusal ({@link FetchError#INVALID_URL}, {@link
   *     FetchError#BLOCKED_SCHEME}, {@link FetchError#BLOCKED_HOST}, {@link FetchError#BLOCKED_ADDRESS})
   */
  public URI target(URI uri) {
    return guard.checkUrl(uri);
  }

  /**
   * The {@code Host} header this poster sends for {@code uri}: what a signature over {@code host}
   * or {@code @authority} must cover.
   */
  public static String hostHeader(URI uri) {
    HttpUrl url = HttpUrl.parse(uri.toString());
    if (url == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + uri);
    }
    return RemoteFetcher.hostHeader(url);
  }

  /**
   * POSTs {@code body} to {@code uri} with {@code headers} (names in any case; {@code Host} is set
   * by the poster, {@code User-Agent} unless given). Any status is a {@link Response}, including
   * 3xx (not followed) and errors. Sent at most twice, and twice only when a pooled connection
   * failed before any response (see the class comment), within the one policy deadline.
   *
   * @throws FetchException a guard refusal, before or while connecting: nothing was sent
   * @throws PostException no response: timeout, refused or dropped connection
   */
  public Response post(URI uri, Map<String, String> headers, byte[] body) {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    HttpUrl url = guard.httpUrl(uri);
    String contentType = null;
    Request.Builder rb = new Request.Builder().url(url);
    boolean agent = false;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (name.equals("host") || name.equals("content-length")) {
        continue;
      }
      if (name.equals("content-type")) {
        contentType = e.getValue();
      }
      agent |= name.equals("user-agent");
      rb.header(name, e.getValue());
    }
    rb.header("host", RemoteFetcher.hostHeader(url));
    if (!agent) {
      rb.header("user-agent", userAgent);
    }
    Request base = rb.build();
    long deadline = System.nanoTime() + policy.deadline().toNanos();
    AtomicBoolean sent = new AtomicBoolean();
    Call call = client.newCall(withBody(base, body, contentType, sent));
    try {
      return execute(call);
    } catch (StaleConnection stale) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw translate(uri, stale, call, deadline, sent.get());
      }
      LOG.log(System.Logger.Level.DEBUG, () -> "POST to " + url.host() + " once more on a new connection: "
          + stale.getCause());
      AtomicBoolean sentAgain = new AtomicBoolean();
      Call again = freshClient.newCall(withBody(base, body, contentType, sentAgain));
      again.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
      try {
        return execute(again);
      } catch (IOException e) {
        e.addSuppressed(stale);
        throw translate(uri, e, again, deadline, sent.get() || sentAgain.get());
      }
    } catch (IOException e) {
      throw translate(uri, e, call, deadline, sent.get());
    }
  }

  private static Request withBody(Request base, byte[] body, String contentType, AtomicBoolean sent) {
    MediaType type = contentType == null ? null : MediaType.parse(contentType);
    return base.newBuilder().post(new OneShotBody(body, type, sent)).build();
  }

  private static Response execute(Call call) throws IOException {
    try (okhttp3.Response response = call.execute()) {
      drain(response.body());
      return new Response(response.code(), Optional.ofNullable(response.header("Retry-After")),
          Optional.ofNullable(response.header("Date")));
    }
  }

  private static void drain(ResponseBody body) {
    byte[] buf = new byte[8192];
    long total = 0;
    try (InputStream in = body.byteStream()) {
      int n;
      while (total < MAX_RESPONSE_BYTES && (n = in.read(buf)) != -1) {
        total += n;
      }
    } catch (IOException e) {
      // The status is what matters; an unreadable body only costs the connection.
    }
  }

  private FetchException translate(URI uri, IOException e, Call call, long deadline, boolean sent) {
    SsrfGuard.GuardRefusal refusal = findRefusal(e, 0);
    if (refusal != null) {
      return new FetchException(refusal.error(), uri, refusal.getMessage());
    }
    String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    String when = sent ? " after the request was (at least partly) sent" : " before the request was sent";
    if (System.nanoTime() - deadline >= 0 || call.isCanceled()) {
      return new PostException(FetchError.DEADLINE_EXCEEDED, uri,
          "the deadline of " + policy.deadline().toMillis() + " ms passed" + when, sent, e);
    }
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      return new PostException(FetchError.TIMEOUT, uri, "timed out" + when + ": " + detail, sent, e);
    }
    return new PostException(FetchError.CONNECTION_FAILED, uri, "connection failed" + when + ": " + detail, sent, e);
  }

  private static SsrfGuard.GuardRefusal findRefusal(Throwable t, int depth) {
    if (t == null || depth > 8) {
      return null;
    }
    if (t instanceof SsrfGuard.GuardRefusal) {
      return (SsrfGuard.GuardRefusal) t;
    }
    for (Throwable s : t.getSuppressed()) {
      SsrfGuard.GuardRefusal r = findRefusal(s, depth + 1);
      if (r != null) {
        return r;
      }
    }
    return findRefusal(t.getCause(), depth + 1);
  }

  /** A body OkHttp may write once: it records that writing began and refuses to be replayed. */
  private static final class OneShotBody extends RequestBody {
    private final byte[] bytes;
    private final MediaType type;
    private final AtomicBoolean sent;

    OneShotBody(byte[] bytes, MediaType type, AtomicBoolean sent) {
      this.bytes = bytes;
      this.type = type;
      this.sent = sent;
    }

    @Override
    public MediaType contentType() {
      return type;
    }

    @Override
    public long contentLength() {
      return bytes.length;
    }

    @Override
    public boolean isOneShot() {
      return true;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      if (!sent.compareAndSet(false, true)) {
        throw new IOException("refusing to send a POST body twice");
      }
      sink.write(bytes);
    }
  }

  /** Builds a {@link RemotePoster}. */
  public static final class Builder {
    private OkHttpClient client;
    private FetchPolicy policy = FetchPolicy.defaults();
    private HostResolver resolver = HostResolver.SYSTEM;
    private String userAgent = RemoteFetcher.DEFAULT_USER_AGENT;

    private Builder() {}

    /** A client to reuse (its pool and dispatcher are shared); by default a new one. */
    public Builder client(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Timeouts and the insecure test switches; the body cap does not apply to POSTs. */
    public Builder policy(FetchPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The DNS seam (default {@link HostResolver#SYSTEM}). */
    public Builder resolver(HostResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = GuardedNetwork.checkUserAgent(userAgent);
      return this;
    }

    public RemotePoster build() {
      return new RemotePoster(this);
    }
  }
}
