package social.kith.activitypub.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on how often signatures can make {@link KeyResolver} fetch keys (checklist item 20), so
 * that bad signatures cannot be turned into outbound traffic:
 * <ul>
 *   <li>after a signature fails with a cached key, that actor's key is refetched at most once per
 *       {@link #refreshCoolOff()} (default 5 minutes); further attempts fail fast with
 *       {@link FetchError#RATE_LIMITED} and the cached key stays;
 *   <li>at most {@link #maxNewKeysPerHost()} uncached key ids of one host are fetched per
 *       {@link #hostWindow()} (default 30 per minute), so random key ids under an attacker's host
 *       cost a bounded number of fetches. Hosts are counted exactly ({@code a.evil.example} and
 *       {@code b.evil.example} are two hosts), in a table of at most {@link #maxTrackedHosts()}
 *       hosts (least recently used forgotten first).
 * </ul>
 *
 * @param refreshCoolOff the minimum time between two refetches of one actor's key
 * @param maxNewKeysPerHost uncached key ids fetched per host per window (1 to 100,000)
 * @param hostWindow the window of the per-host count, starting at the host's first fetch
 * @param maxTrackedHosts the bound of the per-host table (1 to 10,000,000)
 */
public record KeyFetchLimits(Duration refreshCoolOff, int maxNewKeysPerHost, Duration hostWindow, long maxTrackedHosts) {
  /** The defaults: 5 minutes, 30 new keys per host per minute, 10,000 hosts. */
  public static final KeyFetchLimits DEFAULTS = new KeyFetchLimits(Duration.ofMinutes(5), 30, Duration.ofMinutes(1), 10_000);

  public KeyFetchLimits {
    Objects.requireNonNull(refreshCoolOff, "refreshCoolOff");
    Objects.requireNonNull(hostWindow, "hostWindow");
    if (refreshCoolOff.isNegative() || refreshCoolOff.isZero() || hostWindow.isNegative() || hostWindow.isZero()) {
      throw new IllegalArgumentException("the cool-off and the host window must be positive");
    }
    if (maxNewKeysPerHost < 1 || maxNewKeysPerHost > 100_000) {
      throw new IllegalArgumentException("maxNewKeysPerHost must be between 1 and 100,000, not " + maxNewKeysPerHost);
    }
    if (maxTrackedHosts < 1 || maxTrackedHosts > 10_000_000) {
      throw new IllegalArgumentException("maxTrackedHosts must be between 1 and 10,000,000, not " + maxTrackedHosts);
    }
  }
}
