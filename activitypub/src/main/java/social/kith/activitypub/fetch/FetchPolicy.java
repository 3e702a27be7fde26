package social.kith.activitypub.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and insecure test switches of remote fetching. The defaults are the secure ones: https
 * only, no special-use addresses, a 1 MiB body cap, at most five redirects, a 5 s connect and
 * 10 s read timeout and a 30 s total deadline per fetch (all hops, headers and body).
 *
 * <p>The two {@code insecure...ForTesting()} switches exist for tests and the CLI's
 * {@code --insecure-local} on loopback, and log a WARNING when used. Nothing turns off the
 * guard for other private ranges, userinfo URLs or hidden services.
 */
public final class FetchPolicy {
  private static final System.Logger LOG = System.getLogger("social.kith.activitypub.fetch");

  /** The default body cap: 1 MiB, counted on decoded bytes while streaming. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  /** The most redirects any policy follows. */
  public static final int MAX_REDIRECTS = 5;

  private final long maxBodyBytes;
  private final int maxRedirects;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration deadline;
  private final boolean allowLoopback;
  private final boolean allowDocumentation;

  private FetchPolicy(Builder b) {
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxRedirects = b.maxRedirects;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.deadline = b.deadline;
    this.allowLoopback = b.allowLoopback;
    this.allowDocumentation = b.allowDocumentation;
  }

  /** The secure defaults. */
  public static FetchPolicy defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  public int maxRedirects() {
    return maxRedirects;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  /** The total time one fetch may take, redirects included. */
  public Duration deadline() {
    return deadline;
  }

  /** True only under {@link Builder#insecureAllowLoopbackForTesting()}: loopback addresses and plain http. */
  public boolean allowsLoopbackAndPlainHttp() {
    return allowLoopback;
  }

  /** True only under {@link Builder#insecureAllowDocumentationRangesForTesting()}. */
  public boolean allowsDocumentationRanges() {
    return allowDocumentation;
  }

  @Override
  public String toString() {
    return "FetchPolicy[maxBody=" + maxBodyBytes + ", maxRedirects=" + maxRedirects + ", connect="
        + connectTimeout + ", read=" + readTimeout + ", deadline=" + deadline
        + (allowLoopback ? ", INSECURE loopback+http" : "")
        + (allowDocumentation ? ", INSECURE documentation ranges" : "") + "]";
  }

  /** Builds a {@link FetchPolicy}; every setter checks its argument at once. */
  public static final class Builder {
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxRedirects = MAX_REDIRECTS;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration deadline = Duration.ofSeconds(30);
    private boolean allowLoopback;
    private boolean allowDocumentation;

    private Builder() {}

    /** The body cap in bytes (1 byte to 64 MiB). */
    public Builder maxBodyBytes(long bytes) {
      if (bytes < 1 || bytes > 64L * 1024 * 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be between 1 and 64 MiB, not " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** How many redirects to follow (0 to {@value FetchPolicy#MAX_REDIRECTS}). */
    public Builder maxRedirects(int redirects) {
      if (redirects < 0 || redirects > MAX_REDIRECTS) {
        throw new IllegalArgumentException("maxRedirects must be between 0 and " + MAX_REDIRECTS);
      }
      this.maxRedirects = redirects;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** The total deadline of one fetch, redirects and body included. */
    public Builder deadline(Duration deadline) {
      this.deadline = positive(deadline, "deadline");
      return this;
    }

    /**
     * INSECURE, TESTS AND LOCAL DEMOS ONLY: allows loopback addresses (127/8, ::1) and plain
     * http, so that a test server on 127.0.0.1 is reachable. Logs a WARNING.
     */
    public Builder insecureAllowLoopbackForTesting() {
      LOG.log(System.Logger.Level.WARNING,
          "INSECURE: remote fetching may reach loopback addresses over plain http (tests only)");
      this.allowLoopback = true;
      return this;
    }

    /**
     * INSECURE, TESTS ONLY: treats the documentation ranges (192.0.2/24, 198.51.100/24,
     * 203.0.113/24, 2001:db8::/32, 3fff::/20) as public, so that tests with a fake resolver can
     * stand them in for public hosts. Logs a WARNING.
     */
    public Builder insecureAllowDocumentationRangesForTesting() {
      LOG.log(System.Logger.Level.WARNING,
          "INSECURE: remote fetching treats documentation address ranges as public (tests only)");
      this.allowDocumentation = true;
      return this;
    }

    public FetchPolicy build() {
      if (connectTimeout.compareTo(deadline) > 0) {
        throw new IllegalStateException("connectTimeout " + connectTimeout + " exceeds the deadline " + deadline);
      }
      return new FetchPolicy(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(name + " must be positive and at most 10 minutes, not " + d);
      }
      return d;
    }
  }
}
