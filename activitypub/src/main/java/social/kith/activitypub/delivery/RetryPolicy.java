package social.kith.activitypub.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import social.kith.activitypub.signature.HttpDates;

/**
 * When to try a failed delivery again, and which answers are worth a retry (checklist item 64).
 *
 * <p>Schedule: after the n-th failed attempt the next one is due after {@code baseDelay * 4^(n-1)},
 * capped at {@code maxDelay}, plus up to 25% random jitter (so that many jobs failing together do
 * not return together). With the defaults (30 s base, 12 h cap, 8 attempts) the waits are about
 * 30 s, 2 min, 8 min, 32 min, 2.1 h, 8.5 h and 12 h: the eighth attempt comes roughly a day after
 * the first; if it fails too, the job is dead. A {@code Retry-After} (delta seconds or an HTTP
 * date) later than the computed time is honoured, up to {@code maxRetryAfter}. A job older than
 * {@code maxAge} (7 days) is dead whatever its attempts.
 *
 * <p>Classification of answers: 2xx success; 404 and 410 the recipient is gone (no retry); 401
 * (and 400) are signature problems handled by double-knocking before this policy sees them;
 * 408, 425, 429 and 5xx are retried; every other status (3xx, which is never followed, and the
 * remaining 4xx) is a permanent rejection. Timeouts and dropped connections are retried.
 * Immutable.
 */
public final class RetryPolicy {
  public static final int DEFAULT_MAX_ATTEMPTS = 8;
  public static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofHours(12);
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofDays(1);
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
  /** The longest delta-seconds {@code Retry-After} read (longer text is ignored). */
  static final int MAX_RETRY_AFTER_DIGITS = 10;

  private static final RetryPolicy DEFAULTS = builder().build();

  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Duration maxRetryAfter;
  private final Duration maxAge;

  /** What an HTTP status means for a delivery. */
  public enum Verdict {
    /** 2xx. */
    SUCCESS,
    /** Worth another attempt later. */
    RETRY,
    /** 404 or 410: the recipient is gone. */
    GONE,
    /** 400 or 401: a signature problem (double-knock, then an authentication failure). */
    AUTH,
    /** Any other answer: the peer refuses; retrying does not help. */
    REJECTED
  }

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.baseDelay = b.baseDelay;
    this.maxDelay = b.maxDelay;
    this.maxRetryAfter = b.maxRetryAfter;
    this.maxAge = b.maxAge;
  }

  /** 8 attempts, 30 s base, 12 h cap, Retry-After up to 1 day, jobs live 7 days. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration maxAge() {
    return maxAge;
  }

  /** The verdict on an HTTP status. */
  public static Verdict classify(int status) {
    if (status >= 200 && status <= 299) {
      return Verdict.SUCCESS;
    }
    if (status == 404 || status == 410) {
      return Verdict.GONE;
    }
    if (status == 400 || status == 401) {
      return Verdict.AUTH;
    }
    if (status == 408 || status == 425 || status == 429 || (status >= 500 && status <= 599)) {
      return Verdict.RETRY;
    }
    return Verdict.REJECTED;
  }

  /** The wait after the {@code failedAttempts}-th failure, before jitter. */
  public Duration baseDelayAfter(int failedAttempts) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("failedAttempts must be at least 1");
    }
    Duration d = baseDelay;
    for (int i = 1; i < failedAttempts && d.compareTo(maxDelay) < 0; i++) {
      d = d.multipliedBy(4);
    }
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }

  /**
   * When to try again after the {@code failedAttempts}-th failure at {@code now}, or empty when the
   * attempts are used up.
   *
   * @param retryAfter the peer's {@code Retry-After}, if it sent one
   * @param random the jitter source
   */
  public Optional<Instant> nextAttempt(int failedAttempts, Instant now, Optional<String> retryAfter,
      RandomGenerator random) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(random, "random");
    if (failedAttempts >= maxAttempts) {
      return Optional.empty();
    }
    Duration base = baseDelayAfter(failedAttempts);
    long jitterMillis = base.toMillis() / 4;
    Instant next = now.plus(base).plusMillis(jitterMillis <= 0 ? 0 : random.nextLong(jitterMillis + 1));
    Optional<Instant> asked = retryAfter.flatMap(h -> parseRetryAfter(h, now));
    if (asked.isPresent()) {
      Instant capped = asked.get().isAfter(now.plus(maxRetryAfter)) ? now.plus(maxRetryAfter) : asked.get();
      if (capped.isAfter(next)) {
        next = capped;
      }
    }
    return Optional.of(next);
  }

  /**
   * The time a {@code Retry-After} value names: {@code now} plus delta seconds, or an HTTP date.
   * Empty for anything else (negative, too long, unparseable).
   */
  public static Optional<Instant> parseRetryAfter(String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    if (!v.isEmpty() && v.length() <= MAX_RETRY_AFTER_DIGITS && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of(now.plusSeconds(Long.parseLong(v)));
    }
    return HttpDates.parse(v);
  }

  /** True if a job enqueued at {@code enqueuedAt} is too old to deliver at {@code now}. */
  public boolean expired(Instant enqueuedAt, Instant now) {
    return !now.isBefore(enqueuedAt.plus(maxAge));
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", base=" + baseDelay + ", maxDelay=" + maxDelay
        + ", maxRetryAfter=" + maxRetryAfter + ", maxAge=" + maxAge + "]";
  }

  /** Builds a policy; every setter checks its argument at once. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration baseDelay = DEFAULT_BASE_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
    private Duration maxAge = DEFAULT_MAX_AGE;

    private Builder() {}

    /** Attempts in all, the first included (1 to 100). */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be 1 to 100");
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** The first wait (1 ms to 1 day). */
    public Builder baseDelay(Duration d) {
      this.baseDelay = range(d, "baseDelay", Duration.ofMillis(1), Duration.ofDays(1));
      return this;
    }

    /** The longest wait between attempts (1 ms to 30 days). */
    public Builder maxDelay(Duration d) {
      this.maxDelay = range(d, "maxDelay", Duration.ofMillis(1), Duration.ofDays(30));
      return this;
    }

    /** The longest {@code Retry-After} honoured (0 to 30 days). */
    public Builder maxRetryAfter(Duration d) {
      this.maxRetryAfter = range(d, "maxRetryAfter", Duration.ZERO, Duration.ofDays(30));
      return this;
    }

    /** How long a job may wait for delivery in all (1 s to 365 days). */
    public Builder maxAge(Duration d) {
      this.maxAge = range(d, "maxAge", Duration.ofSeconds(1), Duration.ofDays(365));
      return this;
    }

    public RetryPolicy build() {
      if (baseDelay.compareTo(maxDelay) > 0) {
        throw new IllegalStateException("baseDelay " + baseDelay + " exceeds maxDelay " + maxDelay);
      }
      return new RetryPolicy(this);
    }

    private static Duration range(Duration d, String name, Duration min, Duration max) {
      Objects.requireNonNull(d, name);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + d);
      }
      return d;
    }
  }
}
