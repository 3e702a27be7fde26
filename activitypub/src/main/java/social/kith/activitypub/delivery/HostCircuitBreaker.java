package social.kith.activitypub.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Per-host failure memory for delivery (checklist item 65): a circuit breaker that stops hammering
 * a host that is down, and a tracker that marks a host unavailable after it failed on several
 * distinct days, as Mastodon's {@code DeliveryFailureTracker} does.
 *
 * <ul>
 *   <li>Closed: deliveries go through. {@code failureThreshold} failures (5) within
 *       {@code failureWindow} (10 min) open the circuit.</li>
 *   <li>Open: no delivery for {@code openFor} (30 min); jobs wait without spending an attempt.</li>
 *   <li>Half-open: after that one probe is let through; success closes the circuit, failure opens
 *       it again for another {@code openFor}.</li>
 *   <li>Unavailable: failures on {@code unavailableAfterDays} (7) distinct UTC days. Deliveries to
 *       the host are dead-lettered without contacting it until a success or
 *       {@link #markAvailable} (for example, when the host delivers to us again).</li>
 * </ul>
 * Any success forgets everything about the host.
 *
 * <p>Bounded: state exists only for hosts that failed, at most {@code maxHosts} (least recently
 * failed dropped first) and each entry expires {@code stateTtl} (30 days) after its last failure,
 * so an attacker advertising 100,000 failing inboxes cannot grow it. Dropping a host's state only
 * means it is tried again. Thread-safe.
 */
public final class HostCircuitBreaker {
  public static final int DEFAULT_FAILURE_THRESHOLD = 5;
  public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofMinutes(10);
  public static final Duration DEFAULT_OPEN_FOR = Duration.ofMinutes(30);
  public static final int DEFAULT_UNAVAILABLE_AFTER_DAYS = 7;
  public static final int DEFAULT_MAX_HOSTS = 10_000;
  public static final Duration DEFAULT_STATE_TTL = Duration.ofDays(30);

  private final int failureThreshold;
  private final Duration failureWindow;
  private final Duration openFor;
  private final int unavailableAfterDays;
  private final InstantSource clock;
  private final Cache<String, HostState> hosts;

  /** What to do with a delivery to a host now. */
  public enum Admission {
    /** Deliver. */
    ALLOW,
    /** Deliver as the one half-open probe; report its outcome. */
    PROBE,
    /** The circuit is open: wait until {@link HostCircuitBreaker#retryAt}. */
    WAIT,
    /** The host is marked unavailable: do not deliver. */
    UNAVAILABLE
  }

  private static final class HostState {
    final ArrayDeque<Instant> recent = new ArrayDeque<>();
    final TreeSet<Long> failureDays = new TreeSet<>();
    Instant openedAt;
    boolean probing;
  }

  private HostCircuitBreaker(Builder b) {
    this.failureThreshold = b.failureThreshold;
    this.failureWindow = b.failureWindow;
    this.openFor = b.openFor;
    this.unavailableAfterDays = b.unavailableAfterDays;
    this.clock = b.clock;
    InstantSource c = b.clock;
    this.hosts = Caffeine.newBuilder()
        .maximumSize(b.maxHosts)
        .expireAfterWrite(b.stateTtl)
        .ticker(() -> {
          Instant now = c.instant();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        })
        .executor(Runnable::run)
        .build();
  }

  /** The defaults above with the system clock. */
  public static HostCircuitBreaker defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The lower-case host of an inbox URL: the key of all per-host state. */
  public static String hostOf(java.net.URI inbox) {
    String h = inbox.getHost();
    if (h == null) {
      throw new IllegalArgumentException("URI has no host: " + inbox);
    }
    h = h.toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** Whether a delivery to {@code host} may go out now. */
  public Admission admit(String host) {
    HostState s = hosts.getIfPresent(key(host));
    if (s == null) {
      return Admission.ALLOW;
    }
    synchronized (s) {
      if (s.failureDays.size() >= unavailableAfterDays) {
        return Admission.UNAVAILABLE;
      }
      if (s.openedAt == null) {
        return Admission.ALLOW;
      }
      if (clock.instant().isBefore(s.openedAt.plus(openFor)) || s.probing) {
        return Admission.WAIT;
      }
      s.probing = true;
      return Admission.PROBE;
    }
  }

  /** When a waiting delivery to {@code host} should be tried again (now if the circuit is closed). */
  public Instant retryAt(String host) {
    Instant now = clock.instant();
    HostState s = hosts.getIfPresent(key(host));
    if (s == null) {
      return now;
    }
    synchronized (s) {
      if (s.openedAt == null) {
        return now;
      }
      Instant at = s.openedAt.plus(openFor);
      // A probe in flight: look again a little later rather than all at once.
      return s.probing || !at.isAfter(now) ? now.plus(openFor.dividedBy(10)) : at;
    }
  }

  /** A delivery to {@code host} succeeded: its state is forgotten. */
  public void recordSuccess(String host) {
    hosts.invalidate(key(host));
  }

  /** The host showed it is alive in another way (it delivered to us): forget its failures. */
  public void markAvailable(String host) {
    recordSuccess(host);
  }

  /** A delivery to {@code host} failed for a reason that is the host's (no answer, 5xx, 429). */
  public void recordFailure(String host) {
    Instant now = clock.instant();
    hosts.asMap().compute(key(host), (k, s) -> {
      HostState st = s == null ? new HostState() : s;
      synchronized (st) {
        st.failureDays.add(Math.floorDiv(now.getEpochSecond(), 86_400L));
        while (st.failureDays.size() > unavailableAfterDays) {
          st.failureDays.pollFirst();
        }
        if (st.openedAt != null) {
          if (st.probing || !now.isBefore(st.openedAt.plus(openFor))) {
            st.openedAt = now;
            st.probing = false;
          }
          return st;
        }
        st.recent.addLast(now);
        while (!st.recent.isEmpty() && !st.recent.peekFirst().isAfter(now.minus(failureWindow))) {
          st.recent.pollFirst();
        }
        while (st.recent.size() > failureThreshold) {
          st.recent.pollFirst();
        }
        if (st.recent.size() >= failureThreshold) {
          st.openedAt = now;
          st.recent.clear();
        }
      }
      return st;
    });
  }

  /** True if {@code host} failed on enough distinct days to be treated as gone. */
  public boolean isUnavailable(String host) {
    HostState s = hosts.getIfPresent(key(host));
    if (s == null) {
      return false;
    }
    synchronized (s) {
      return s.failureDays.size() >= unavailableAfterDays;
    }
  }

  /** True if the circuit of {@code host} is open or half-open. */
  public boolean isOpen(String host) {
    HostState s = hosts.getIfPresent(key(host));
    if (s == null) {
      return false;
    }
    synchronized (s) {
      return s.openedAt != null;
    }
  }

  /** How many hosts have state, after expired and excess entries are dropped. */
  public long trackedHosts() {
    hosts.cleanUp();
    return hosts.estimatedSize();
  }

  private static String key(String host) {
    Objects.requireNonNull(host, "host");
    return host.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "HostCircuitBreaker[threshold=" + failureThreshold + "/" + failureWindow + ", openFor=" + openFor
        + ", unavailableAfterDays=" + unavailableAfterDays + "]";
  }

  /** Builds a breaker; every setter checks its argument at once. */
  public static final class Builder {
    private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
    private Duration failureWindow = DEFAULT_FAILURE_WINDOW;
    private Duration openFor = DEFAULT_OPEN_FOR;
    private int unavailableAfterDays = DEFAULT_UNAVAILABLE_AFTER_DAYS;
    private int maxHosts = DEFAULT_MAX_HOSTS;
    private Duration stateTtl = DEFAULT_STATE_TTL;
    private InstantSource clock = InstantSource.system();

    private Builder() {}

    /** Failures within the window that open the circuit (1 to 1000). */
    public Builder failureThreshold(int failures) {
      if (failures < 1 || failures > 1000) {
        throw new IllegalArgumentException("failureThreshold must be 1 to 1000");
      }
      this.failureThreshold = failures;
      return this;
    }

    public Builder failureWindow(Duration window) {
      this.failureWindow = positive(window, "failureWindow");
      return this;
    }

    /** How long an open circuit waits before its probe. */
    public Builder openFor(Duration d) {
      this.openFor = positive(d, "openFor");
      return this;
    }

    /** Distinct failure days after which a host is unavailable (1 to 365). */
    public Builder unavailableAfterDays(int days) {
      if (days < 1 || days > 365) {
        throw new IllegalArgumentException("unavailableAfterDays must be 1 to 365");
      }
      this.unavailableAfterDays = days;
      return this;
    }

    /** The most hosts with state (1 to 10,000,000). */
    public Builder maxHosts(int max) {
      if (max < 1 || max > 10_000_000) {
        throw new IllegalArgumentException("maxHosts must be 1 to 10000000");
      }
      this.maxHosts = max;
      return this;
    }

    /** How long a host's state lives after its last failure. */
    public Builder stateTtl(Duration ttl) {
      this.stateTtl = positive(ttl, "stateTtl");
      return this;
    }

    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public HostCircuitBreaker build() {
      return new HostCircuitBreaker(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }
  }
}
