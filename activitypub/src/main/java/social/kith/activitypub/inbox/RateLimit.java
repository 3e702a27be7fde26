package social.kith.activitypub.inbox;

import java.time.Duration;
import java.util.Objects;

/**
 * The inbox rate limit per remote server (checklist item 67): a token bucket per signer host that
 * holds {@code burst} deliveries and refills {@code burst} tokens per {@code period}. Keyed by the
 * host of the verified signer, never by IP, so one server cannot starve others and a spoofed
 * keyId cannot spend someone else's tokens.
 *
 * @param burst the bucket size (1 to 1,000,000)
 * @param period how long a full refill takes
 * @param maxHosts how many hosts are tracked at once (least recently seen dropped beyond)
 */
public record RateLimit(int burst, Duration period, int maxHosts) {
  /** 600 deliveries per minute per server, 100,000 servers tracked. */
  public static final RateLimit DEFAULT = new RateLimit(600, Duration.ofMinutes(1), 100_000);

  public RateLimit {
    if (burst < 1 || burst > 1_000_000) {
      throw new IllegalArgumentException("burst must be 1 to 1,000,000");
    }
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive");
    }
    if (maxHosts < 1) {
      throw new IllegalArgumentException("maxHosts must be positive");
    }
  }
}
