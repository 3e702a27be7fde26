package social.kith.activitypub.signature;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Notices when the local clock, not the peers, is wrong (checklist item 69). Every signature
 * decision depends on our clock: if it runs two hours fast, every peer's fresh signature looks
 * stale to us and every signature we send looks stale to them, and without a diagnostic that looks
 * like the whole fediverse breaking at once.
 *
 * <p>Feed it peers' clock readings: the {@code Date} of responses (including a peer's 401), and the
 * {@code Date} or {@code created} of inbound signatures ({@link HttpSignatureVerifier} does this
 * when given a detector). It keeps the latest offset (peer minus local) per origin, for at most
 * {@code maxOrigins} origins (least recently seen dropped) and {@code sampleTtl} (older samples
 * ignored). {@link #diagnose()} reports {@link SignatureError#CLOCK_SKEW_SUSPECTED} when at least
 * {@code minOrigins} distinct origins are fresh, the median offset is at least {@code threshold},
 * and at least three quarters of the origins agree with the median to within {@code threshold}.
 * The first time it does, it logs a WARNING through {@link System.Logger}.
 *
 * <p>It is a diagnostic only: it never changes a verification verdict, so unverified readings
 * (from stale requests that fail before their key is fetched) may be fed to it. Thread-safe.
 */
public final class ClockSkewDetector {
  /** The smallest median offset reported. */
  public static final Duration DEFAULT_THRESHOLD = Duration.ofMinutes(5);
  /** The fewest distinct origins that must agree. */
  public static final int DEFAULT_MIN_ORIGINS = 3;
  /** The most origins remembered. */
  public static final int DEFAULT_MAX_ORIGINS = 1024;
  /** How long a reading counts. */
  public static final Duration DEFAULT_SAMPLE_TTL = Duration.ofHours(1);

  private static final System.Logger LOG = System.getLogger(ClockSkewDetector.class.getName());

  private final InstantSource clock;
  private final Duration threshold;
  private final int minOrigins;
  private final int maxOrigins;
  private final Duration sampleTtl;
  private final LinkedHashMap<String, Sample> samples = new LinkedHashMap<>(16, 0.75f, true);
  private boolean warned;

  private record Sample(Duration offset, Instant seenAt) {}

  /**
   * The diagnostic.
   *
   * @param localClockOffset how far the local clock is ahead of the peers (negative: behind)
   * @param origins how many origins the estimate rests on
   * @param observedAt when the diagnosis was made (local clock)
   */
  public record ClockSkewDiagnostic(Duration localClockOffset, int origins, Instant observedAt) {
    /** Always {@link SignatureError#CLOCK_SKEW_SUSPECTED}. */
    public SignatureError code() {
      return SignatureError.CLOCK_SKEW_SUSPECTED;
    }

    /** A sentence for logs and operators. */
    public String message() {
      Duration abs = localClockOffset.abs();
      return "the local clock appears to be " + abs + (localClockOffset.isNegative() ? " slow" : " fast")
          + " compared with " + origins + " peers; signatures will fail both ways until it is fixed (NTP)";
    }
  }

  private ClockSkewDetector(Builder b) {
    this.clock = b.clock;
    this.threshold = b.threshold;
    this.minOrigins = b.minOrigins;
    this.maxOrigins = b.maxOrigins;
    this.sampleTtl = b.sampleTtl;
  }

  /** A builder with the defaults above and the system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** Records that {@code origin}'s clock read {@code peerTime} now. */
  public synchronized void observe(String origin, Instant peerTime) {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(peerTime, "peerTime");
    Instant now = clock.instant();
    samples.put(originOf(origin), new Sample(Duration.between(now, peerTime), now));
    while (samples.size() > maxOrigins) {
      Iterator<String> eldest = samples.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  /**
   * Records a peer's {@code Date} header (of a response, a 401 included, or a request).
   *
   * @return false if the text is not an HTTP date (nothing recorded)
   */
  public boolean observeHttpDate(String origin, String dateHeader) {
    Optional<Instant> t = HttpDates.parse(dateHeader);
    t.ifPresent(instant -> observe(origin, instant));
    return t.isPresent();
  }

  /** The diagnostic, if the readings point at the local clock. */
  public Optional<ClockSkewDiagnostic> diagnose() {
    Instant now = clock.instant();
    List<Duration> fresh = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Sample> it = samples.values().iterator(); it.hasNext(); ) {
        Sample s = it.next();
        if (s.seenAt().isBefore(now.minus(sampleTtl))) {
          it.remove();
        } else {
          fresh.add(s.offset());
        }
      }
    }
    if (fresh.size() < minOrigins) {
      return Optional.empty();
    }
    Collections.sort(fresh);
    Duration median = fresh.get(fresh.size() / 2);
    if (median.abs().compareTo(threshold) < 0) {
      return Optional.empty();
    }
    int agreeing = 0;
    for (Duration d : fresh) {
      if (d.minus(median).abs().compareTo(threshold) <= 0) {
        agreeing++;
      }
    }
    if (agreeing * 4 < fresh.size() * 3 || agreeing < minOrigins) {
      return Optional.empty();
    }
    ClockSkewDiagnostic d = new ClockSkewDiagnostic(median.negated(), agreeing, now);
    synchronized (this) {
      if (!warned) {
        warned = true;
        LOG.log(System.Logger.Level.WARNING, d.code() + ": " + d.message());
      }
    }
    return Optional.of(d);
  }

  /** How many origins are remembered. */
  public synchronized int size() {
    return samples.size();
  }

  /** {@code scheme://host[:port]} of a URL (e.g. a key id), or the text itself if it is not one. */
  public static String originOf(String keyIdOrUrl) {
    try {
      URI u = URI.create(keyIdOrUrl);
      if (u.getScheme() != null && u.getHost() != null) {
        String o = u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost().toLowerCase(Locale.ROOT);
        return u.getPort() == -1 ? o : o + ":" + u.getPort();
      }
    } catch (IllegalArgumentException e) {
      // not a URI: fall through
    }
    return keyIdOrUrl.length() > 256 ? keyIdOrUrl.substring(0, 256) : keyIdOrUrl;
  }

  /** Builds a detector. */
  public static final class Builder {
    private InstantSource clock = InstantSource.system();
    private Duration threshold = DEFAULT_THRESHOLD;
    private int minOrigins = DEFAULT_MIN_ORIGINS;
    private int maxOrigins = DEFAULT_MAX_ORIGINS;
    private Duration sampleTtl = DEFAULT_SAMPLE_TTL;

    private Builder() {}

    /** The local clock (inject a fixed or offset one in tests). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The smallest offset reported (at least one second). */
    public Builder threshold(Duration threshold) {
      if (threshold.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("threshold must be at least one second");
      }
      this.threshold = threshold;
      return this;
    }

    /** The fewest agreeing origins (at least 2). */
    public Builder minOrigins(int minOrigins) {
      if (minOrigins < 2) {
        throw new IllegalArgumentException("minOrigins must be at least 2");
      }
      this.minOrigins = minOrigins;
      return this;
    }

    /** The most origins remembered (1 to 1,000,000). */
    public Builder maxOrigins(int maxOrigins) {
      if (maxOrigins < 1 || maxOrigins > 1_000_000) {
        throw new IllegalArgumentException("maxOrigins must be 1..1000000");
      }
      this.maxOrigins = maxOrigins;
      return this;
    }

    /** How long a reading counts (positive). */
    public Builder sampleTtl(Duration sampleTtl) {
      if (sampleTtl.isZero() || sampleTtl.isNegative()) {
        throw new IllegalArgumentException("sampleTtl must be positive");
      }
      this.sampleTtl = sampleTtl;
      return this;
    }

    /** The detector; {@code minOrigins} must not exceed {@code maxOrigins}. */
    public ClockSkewDetector build() {
      if (minOrigins > maxOrigins) {
        throw new IllegalStateException("minOrigins exceeds maxOrigins");
      }
      return new ClockSkewDetector(this);
    }
  }
}
