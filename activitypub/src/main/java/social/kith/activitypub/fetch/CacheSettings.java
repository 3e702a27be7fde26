package social.kith.activitypub.fetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Size and lifetime of a resolver's caches (checklist item 68): positive entries live
 * {@link #ttl()}, negative ones (a recent failure, stored under the URL that was asked for) live
 * the shorter {@link #negativeTtl()}; both caches hold at most {@link #maxEntries()} entries and
 * evict by Caffeine's size policy (maintenance runs on the calling thread, so no pool is needed). Defaults: 10,000 entries, 1 hour, 1 minute.
 *
 * @param maxEntries the bound of each cache (1 to 10,000,000)
 * @param ttl how long a verified entry is used
 * @param negativeTtl how long a failure is answered without contacting the remote again
 * @param clock the time source (tests inject a fake one)
 */
public record CacheSettings(long maxEntries, Duration ttl, Duration negativeTtl, InstantSource clock) {
  public CacheSettings {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(negativeTtl, "negativeTtl");
    Objects.requireNonNull(clock, "clock");
    if (maxEntries < 1 || maxEntries > 10_000_000) {
      throw new IllegalArgumentException("maxEntries must be between 1 and 10,000,000, not " + maxEntries);
    }
    if (ttl.isNegative() || ttl.isZero() || negativeTtl.isNegative() || negativeTtl.isZero()) {
      throw new IllegalArgumentException("TTLs must be positive");
    }
    if (negativeTtl.compareTo(ttl) > 0) {
      throw new IllegalArgumentException("the negative TTL " + negativeTtl + " must not exceed the TTL " + ttl);
    }
  }

  /** The defaults: 10,000 entries, 1 hour, 1 minute, the system clock. */
  public static CacheSettings defaults() {
    return new CacheSettings(10_000, Duration.ofHours(1), Duration.ofMinutes(1), InstantSource.system());
  }

  <K, V> Cache<K, V> positive() {
    return Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).ticker(ticker()).executor(Runnable::run).build();
  }

  <K, V> Cache<K, V> negative() {
    return Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(negativeTtl).ticker(ticker()).executor(Runnable::run).build();
  }

  /** A bounded cache on this clock whose entries live {@code lifetime} from their creation. */
  <K, V> Cache<K, V> expiring(Duration lifetime, long size) {
    return Caffeine.newBuilder().maximumSize(size).expireAfterWrite(lifetime).ticker(ticker()).executor(Runnable::run).build();
  }

  private Ticker ticker() {
    InstantSource c = clock;
    return () -> {
      Instant now = c.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }
}
