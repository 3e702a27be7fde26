package social.kith.activitypub.inbox.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import social.kith.activitypub.inbox.RateLimit;

/**
 * Token buckets by key, bounded in number (least recently used dropped, idle ones expire after
 * two refill periods: a forgotten bucket is a full one, which is what it would have refilled to).
 */
public final class TokenBuckets {
  private final RateLimit limit;
  private final InstantSource clock;
  private final Cache<String, Bucket> buckets;
  private final double tokensPerNano;

  public TokenBuckets(RateLimit limit, InstantSource clock) {
    this.limit = limit;
    this.clock = clock;
    this.tokensPerNano = limit.burst() / (double) limit.period().toNanos();
    this.buckets = Caffeine.newBuilder().maximumSize(limit.maxHosts())
        .expireAfterAccess(limit.period().multipliedBy(2)).ticker(() -> nanos(clock)).build();
  }

  private static long nanos(InstantSource clock) {
    java.time.Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /** How long until {@code key} has a token, or empty if it has one now (nothing is spent). */
  public Optional<Duration> waitFor(String key) {
    Bucket b = buckets.getIfPresent(key);
    if (b == null) {
      return Optional.empty();
    }
    synchronized (b) {
      b.refill(nanos(clock));
      return b.tokens >= 1 ? Optional.empty() : Optional.of(b.untilOne());
    }
  }

  /** Spends one token of {@code key}; empty on success, else how long until one is available. */
  public Optional<Duration> take(String key) {
    Bucket b = buckets.get(key, k -> new Bucket(limit.burst(), nanos(clock)));
    synchronized (b) {
      b.refill(nanos(clock));
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return Optional.empty();
      }
      return Optional.of(b.untilOne());
    }
  }

  private final class Bucket {
    double tokens;
    long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    void refill(long now) {
      if (now > last) {
        tokens = Math.min(limit.burst(), tokens + (now - last) * tokensPerNano);
        last = now;
      }
    }

    Duration untilOne() {
      return Duration.ofNanos((long) Math.ceil((1 - tokens) / tokensPerNano));
    }
  }
}
