package social.kith.activitypub.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import social.kith.activitypub.fetch.internal.Json;

/**
 * Fetches remote documents over OkHttp behind the {@link SsrfGuard}: the only path in Kith's
 * ActivityPub module that reaches the network for reading (checklist item 44).
 *
 * <p>Per fetch: the URL is checked, every DNS answer and every socket is checked, redirects are
 * followed by hand (at most {@link FetchPolicy#maxRedirects()}, each target re-checked, no scheme
 * change away from http(s), no https to http downgrade, no loops), the Content-Type must pass the
 * {@link DocumentKind}'s allowlist, the body is capped while it streams (a lying
 * {@code Content-Length} does not matter), and one total deadline covers all hops, headers and
 * body, so a server that trickles bytes is cut off (item 45). {@link #fetchActivity(URI)} also
 * checks that the document's {@code id} is on the origin of the final URL (items 27 and 34).
 *
 * <pre>{@code
 * RemoteFetcher fetcher = RemoteFetcher.builder().client(myOkHttpClient).signer(mySigner).build();
 * JsonDocument note = fetcher.fetchActivity(URI.create("https://example.social/notes/1"));
 * }</pre>
 *
 * <p>Thread-safe. Reusing a caller's {@link OkHttpClient} shares its dispatcher and connection
 * pool; the fetcher's own copy replaces the client's DNS, socket factory and proxy (the guard must
 * see the real destination, so proxies are not used) and turns off OkHttp's redirect following.
 */
public final class RemoteFetcher {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  /** The largest body {@link #fetchMedia} reads (into memory): 64 MiB. */
  public static final long MAX_MEDIA_BYTES = 64L * 1024 * 1024;

  /** The default User-Agent. */
  public static final String DEFAULT_USER_AGENT = "Kith/0.1 (+https://kith.social)";

  private final OkHttpClient client;
  private final SsrfGuard guard;
  private final FetchPolicy policy;
  private final RequestSigner signer;
  private final String userAgent;
  private final InstantSource clock;

  private RemoteFetcher(Builder b) {
    this.policy = b.policy;
    this.guard = new SsrfGuard(b.policy, b.resolver);
    this.signer = b.signer;
    this.userAgent = b.userAgent;
    this.clock = b.clock;
    this.client = GuardedNetwork.client(b.client, guard, policy).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The guard this fetcher applies (for vetting URLs the application hands out). */
  public SsrfGuard guard() {
    return guard;
  }

  public FetchPolicy policy() {
    return policy;
  }

  /** The guarded client, for package-internal tests of the socket-level check. */
  OkHttpClient guardedClient() {
    return client;
  }

  /**
   * Fetches {@code uri} as a {@code kind} document.
   *
   * @throws FetchException for every refusal and failure
   */
  public FetchedDocument fetch(URI uri, DocumentKind kind) {
    return fetch(uri, kind, policy.maxBodyBytes());
  }

  /**
   * Fetches a media file (a remote attachment's {@code url}, an avatar) through the same guard as
   * every other fetch: the URL, every resolved address and every socket are checked, redirects
   * are re-checked, one total deadline covers everything ({@link FetchPolicy#deadline()}), and the
   * body is cut off at {@code maxBytes} while it streams (instead of the policy's document cap).
   * The Content-Type must be one of {@link social.kith.activitypub.media.MediaTypes#SAFE} (checked
   * before the body is read), and the body must start the way that type requires. Media requests
   * are never signed. The body is returned in memory, so {@code maxBytes} is at most
   * {@link #MAX_MEDIA_BYTES}.
   *
   * @throws IllegalArgumentException if {@code maxBytes} is not 1 to {@link #MAX_MEDIA_BYTES}
   * @throws FetchException as {@link #fetch}, {@link FetchError#UNSUPPORTED_CONTENT_TYPE} for a type
   *     outside the list, {@link FetchError#BODY_TOO_LARGE} over {@code maxBytes}, and
   *     {@link FetchError#MEDIA_MISMATCH} for a body that is not what its type says
   */
  public FetchedDocument fetchMedia(URI uri, long maxBytes) {
    if (maxBytes < 1 || maxBytes > MAX_MEDIA_BYTES) {
      throw new IllegalArgumentException("maxBytes must be 1 to " + MAX_MEDIA_BYTES + ", not " + maxBytes);
    }
    FetchedDocument d = fetch(uri, DocumentKind.MEDIA, maxBytes);
    byte[] head = d.body();
    if (!social.kith.activitypub.media.MediaTypes.matches(d.mediaType(), head, head.length)) {
      throw new FetchException(FetchError.MEDIA_MISMATCH, uri, "the body is not " + d.mediaType());
    }
    return d;
  }

  private FetchedDocument fetch(URI uri, DocumentKind kind, long cap) {
    Objects.requireNonNull(kind, "kind");
    HttpUrl url = guard.httpUrl(uri);
    long deadline = System.nanoTime() + policy.deadline().toNanos();
    Origin signedOrigin = Origin.of(url);
    Set<HttpUrl> visited = new HashSet<>();
    visited.add(url);
    for (int hop = 0; ; hop++) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new FetchException(FetchError.DEADLINE_EXCEEDED, uri,
            "the deadline of " + policy.deadline().toMillis() + " ms passed");
      }
      Request request = request(url, kind, kind != DocumentKind.MEDIA && signedOrigin.equals(Origin.of(url)));
      Call call = client.newCall(request);
      call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
      try (Response response = call.execute()) {
        int code = response.code();
        if (isRedirect(code)) {
          HttpUrl next = redirectTarget(uri, url, response.header("Location"));
          if (!visited.add(next)) {
            throw new FetchException(FetchError.REDIRECT_LOOP, uri, "redirect loop back to " + next);
          }
          if (hop + 1 > policy.maxRedirects()) {
            throw new FetchException(FetchError.TOO_MANY_REDIRECTS, uri,
                "more than " + policy.maxRedirects() + " redirects");
          }
          url = next;
          continue;
        }
        if (code < 200 || code > 299) {
          throw FetchException.status(uri, code);
        }
        String contentType = response.header("Content-Type");
        if (!kind.allows(contentType)) {
          throw new FetchException(FetchError.UNSUPPORTED_CONTENT_TYPE, uri,
              "Content-Type " + (contentType == null ? "(none)" : quoteShort(contentType))
                  + " is not acceptable for " + kind);
        }
        byte[] body = readCapped(uri, response.body(), cap);
        return new FetchedDocument(uri, url.uri(), contentType, body);
      } catch (IOException e) {
        throw translate(uri, e, call, deadline);
      }
    }
  }

  /**
   * Fetches a JSON object of {@code kind} (WebFinger, NodeInfo) without id checks.
   *
   * @throws FetchException as {@link #fetch}, and {@link FetchError#INVALID_JSON}
   */
  public JsonDocument fetchJson(URI uri, DocumentKind kind) {
    FetchedDocument d = fetch(uri, kind);
    return new JsonDocument(uri, d.finalUri(), parse(uri, d.body()));
  }

  /**
   * Fetches an ActivityStreams document and checks its {@code id} (checklist item 27): the id
   * must be an http(s) URL on the origin of the final URL after redirects, else
   * {@link FetchError#ORIGIN_MISMATCH}. If the id is on that origin but names another resource,
   * the document is fetched again once from its id, and that copy must carry the same id.
   */
  public JsonDocument fetchActivity(URI uri) {
    return activity(fetch(uri, DocumentKind.ACTIVITY));
  }

  /**
   * Parses an ActivityStreams document this fetcher returned (for example from a
   * {@link DocumentKind#ACTIVITY_OR_HTML} fetch) and applies the id rule of
   * {@link #fetchActivity(URI)}, refetching from the id once if needed.
   */
  public JsonDocument activity(FetchedDocument fetched) {
    return activity(fetched, null);
  }

  /**
   * As {@link #fetchActivity(URI)}, charged to {@code budget} (checklist item 34): every network
   * fetch, the refetch by id included, costs one unit, and a URL already fetched under the budget
   * is answered from the first result (a fresh copy) or the first failure (marked
   * {@link FetchException#isCached()}) without contacting the remote. Guard refusals happen
   * before anything is charged.
   *
   * @throws FetchException as {@link #fetchActivity(URI)}, and {@link FetchError#FETCH_BUDGET_EXCEEDED}
   */
  public JsonDocument fetchActivity(URI uri, FetchBudget budget) {
    Objects.requireNonNull(budget, "budget");
    HttpUrl url = guard.httpUrl(uri);
    String key = FetchBudget.key(url);
    Optional<Object> earlier = budget.visited(key);
    if (earlier.isPresent()) {
      if (earlier.get() instanceof FetchException) {
        throw ((FetchException) earlier.get()).asCached();
      }
      JsonDocument first = (JsonDocument) earlier.get();
      return new JsonDocument(uri, first.finalUri(), first.json().deepCopy());
    }
    budget.charge(uri);
    try {
      JsonDocument doc = activity(fetch(uri, DocumentKind.ACTIVITY), budget);
      budget.record(key, new JsonDocument(doc.requestedUri(), doc.finalUri(), doc.json().deepCopy()));
      return doc;
    } catch (FetchException e) {
      if (e.error() != FetchError.FETCH_BUDGET_EXCEEDED) {
        budget.record(key, e);
      }
      throw e;
    }
  }

  private JsonDocument activity(FetchedDocument fetched, FetchBudget budget) {
    URI uri = fetched.requestedUri();
    if (!DocumentKind.isActivityStreams(fetched.contentType())) {
      throw new FetchException(FetchError.UNSUPPORTED_CONTENT_TYPE, uri, "not an ActivityStreams document");
    }
    JsonDocument first = checkedActivity(uri, fetched.finalUri(), parse(uri, fetched.body()));
    URI id = first.id().orElseThrow();
    if (Urls.sameResource(id, first.finalUri()) || Urls.sameResource(id, uri)) {
      return first;
    }
    if (budget != null) {
      budget.charge(id);
    }
    JsonDocument again = fetchActivitySameOrigin(Urls.withoutFragment(id));
    URI id2 = again.id().orElseThrow();
    if (!Urls.sameResource(id2, id)) {
      throw new FetchException(FetchError.ORIGIN_MISMATCH, uri,
          "the document at its own id " + id + " carries yet another id " + id2);
    }
    return new JsonDocument(uri, again.finalUri(), again.json());
  }

  /**
   * Fetches an ActivityStreams document whose {@code id} must be on the origin of the final URL,
   * without refetching when the id names another resource there (key documents are judged by
   * their exact id, see {@link KeyResolver}).
   */
  public JsonDocument fetchActivitySameOrigin(URI uri) {
    FetchedDocument d = fetch(uri, DocumentKind.ACTIVITY);
    ObjectNode json = parse(uri, d.body());
    return checkedActivity(uri, d.finalUri(), json);
  }

  /** Checks a parsed AS2 document fetched from {@code finalUri}: an http(s) id on that origin. */
  static JsonDocument checkedActivity(URI requested, URI finalUri, ObjectNode json) {
    Optional<URI> id = Json.idOf(json.get("id"));
    if (id.isEmpty() || !json.get("id").isTextual()) {
      throw new FetchException(FetchError.MISSING_ID, requested, "the document has no http(s) id");
    }
    Optional<Origin> idOrigin = Origin.parse(id.get().toString());
    if (idOrigin.isEmpty() || !idOrigin.get().equals(Origin.of(finalUri))) {
      throw new FetchException(FetchError.ORIGIN_MISMATCH, requested,
          "the document's id " + id.get() + " is not on " + Origin.of(finalUri) + ", where it was fetched from");
    }
    return new JsonDocument(requested, finalUri, json);
  }

  static ObjectNode parse(URI uri, byte[] body) {
    try {
      return Json.parseObject(body);
    } catch (Json.JsonError e) {
      throw new FetchException(FetchError.INVALID_JSON, uri, e.getMessage());
    }
  }

  private Request request(HttpUrl url, DocumentKind kind, boolean sign) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", hostHeader(url));
    headers.put("date", HTTP_DATE.format(clock.instant()));
    headers.put("accept", kind.accept());
    headers.put("user-agent", userAgent);
    Request.Builder b = new Request.Builder().url(url).get();
    if (sign && signer != null) {
      Map<String, String> added = signer.sign("GET", url.uri(), Map.copyOf(headers), new byte[0]);
      Objects.requireNonNull(added, "RequestSigner returned null");
      for (Map.Entry<String, String> e : added.entrySet()) {
        headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
      }
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      b.header(e.getKey(), e.getValue());
    }
    return b.build();
  }

  /** The Host header exactly as OkHttp would send it. */
  static String hostHeader(HttpUrl url) {
    String host = url.host().indexOf(':') >= 0 ? "[" + url.host() + "]" : url.host();
    return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
  }

  private static boolean isRedirect(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  }

  private HttpUrl redirectTarget(URI requested, HttpUrl current, String location) {
    if (location == null || location.isEmpty() || location.length() > 4096) {
      throw new FetchException(FetchError.INVALID_URL, requested, "a redirect without a usable Location");
    }
    String scheme = schemeOf(location);
    if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
      throw new FetchException(FetchError.BLOCKED_SCHEME, requested,
          "redirect to a " + scheme + ": URL is refused");
    }
    HttpUrl next = current.resolve(location);
    if (next == null) {
      throw new FetchException(FetchError.INVALID_URL, requested, "redirect to a malformed URL");
    }
    next = next.newBuilder().fragment(null).build();
    if (current.isHttps() && !next.isHttps()) {
      throw new FetchException(FetchError.DOWNGRADE, requested, "redirect from https to plain http is refused");
    }
    guard.checkHttpUrl(next, requested);
    return next;
  }

  /** The scheme of an absolute reference, lower case, or null for a relative one. */
  private static String schemeOf(String ref) {
    for (int i = 0; i < ref.length(); i++) {
      char c = ref.charAt(i);
      if (c == ':') {
        return i == 0 ? null : ref.substring(0, i).toLowerCase(Locale.ROOT);
      }
      boolean schemeChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
      if (!schemeChar) {
        return null;
      }
    }
    return null;
  }

  private static byte[] readCapped(URI uri, ResponseBody body, long cap) throws IOException {
    long declared = body.contentLength();
    if (declared > cap) {
      throw new FetchException(FetchError.BODY_TOO_LARGE, uri,
          "declared body of " + declared + " bytes exceeds the cap of " + cap);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(cap, 64 * 1024));
    byte[] buf = new byte[8192];
    try (InputStream in = body.byteStream()) {
      long total = 0;
      int n;
      while ((n = in.read(buf)) != -1) {
        total += n;
        if (total > cap) {
          throw new FetchException(FetchError.BODY_TOO_LARGE, uri, "body exceeds the cap of " + cap + " bytes");
        }
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }

  private FetchException translate(URI uri, IOException e, Call call, long deadline) {
    SsrfGuard.GuardRefusal refusal = findRefusal(e, 0);
    if (refusal != null) {
      return new FetchException(refusal.error(), uri, refusal.getMessage());
    }
    if (System.nanoTime() - deadline >= 0 || call.isCanceled()) {
      return new FetchException(FetchError.DEADLINE_EXCEEDED, uri,
          "the deadline of " + policy.deadline().toMillis() + " ms passed", e);
    }
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      return new FetchException(FetchError.TIMEOUT, uri, "timed out: " + e.getMessage(), e);
    }
    return new FetchException(FetchError.CONNECTION_FAILED, uri,
        "connection failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
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

  private static String quoteShort(String s) {
    String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return "'" + t.replaceAll("[^\\x20-\\x7e]", "?") + "'";
  }

  /** Builds a {@link RemoteFetcher}. */
  public static final class Builder {
    private OkHttpClient client;
    private FetchPolicy policy = FetchPolicy.defaults();
    private HostResolver resolver = HostResolver.SYSTEM;
    private RequestSigner signer;
    private String userAgent = DEFAULT_USER_AGENT;
    private InstantSource clock = InstantSource.system();

    private Builder() {}

    /** A client to reuse (its pool and dispatcher are shared); by default a new one. */
    public Builder client(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    public Builder policy(FetchPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The DNS seam (default {@link HostResolver#SYSTEM}). */
    public Builder resolver(HostResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Signs same-origin GETs (authorized fetch); none by default. */
    public Builder signer(RequestSigner signer) {
      this.signer = Objects.requireNonNull(signer, "signer");
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = GuardedNetwork.checkUserAgent(userAgent);
      return this;
    }

    /** The clock for the {@code Date} header (default: the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public RemoteFetcher build() {
      return new RemoteFetcher(this);
    }
  }
}
