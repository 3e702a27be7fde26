package social.kith.activitypub.signature;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the signature generation for an outbound request and learns from the answer
 * ("double-knocking", checklist item 19): try the generation that worked for this origin before
 * (else {@link Builder#firstGeneration}); on 400 or 401 retry once with the other generation; on
 * success remember the generation that worked. It only decides: the caller sends the requests.
 *
 * <pre>{@code
 * Knock knock = doubleKnock.firstAttempt(origin);
 * int status = send(signer.signed(request, knock.generation()));
 * KnockDecision d = doubleKnock.onResponse(knock, status);
 * if (d.outcome() == KnockDecision.Outcome.RETRY) {
 *   status = send(signer.signed(request, d.retry().orElseThrow().generation()));
 *   doubleKnock.onResponse(d.retry().orElseThrow(), status);
 * }
 * }</pre>
 *
 * <p>The memory is bounded: at most {@code maxOrigins} origins (least recently used dropped) and
 * each entry expires {@code ttl} after it was last confirmed, so an attacker advertising many
 * origins cannot grow it (checklist item 65). Thread-safe.
 */
public final class DoubleKnock {
  /** The generation tried first for an unknown origin. */
  public static final SignatureGeneration DEFAULT_FIRST = SignatureGeneration.CAVAGE_12;
  /** The most origins remembered. */
  public static final int DEFAULT_MAX_ORIGINS = 10_000;
  /** How long a success is remembered. */
  public static final Duration DEFAULT_TTL = Duration.ofDays(30);

  private final SignatureGeneration first;
  private final int maxOrigins;
  private final Duration ttl;
  private final InstantSource clock;
  private final LinkedHashMap<String, Entry> memory = new LinkedHashMap<>(16, 0.75f, true);

  private record Entry(SignatureGeneration generation, Instant confirmedAt) {}

  /**
   * One attempt.
   *
   * @param origin the normalised origin
   * @param generation the generation to sign with
   * @param attempt 1 for the first knock, 2 for the retry
   */
  public record Knock(String origin, SignatureGeneration generation, int attempt) {
    public Knock {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(generation, "generation");
      if (attempt != 1 && attempt != 2) {
        throw new IllegalArgumentException("attempt must be 1 or 2");
      }
    }
  }

  /**
   * What to do after a response.
   *
   * @param outcome the outcome
   * @param retry the second knock, present only for {@link Outcome#RETRY}
   */
  public record KnockDecision(Outcome outcome, Optional<Knock> retry) {
    public KnockDecision {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(retry, "retry");
      if ((outcome == Outcome.RETRY) != retry.isPresent()) {
        throw new IllegalArgumentException("a retry knock comes with RETRY only");
      }
    }

    /** What a response means for the signature. */
    public enum Outcome {
      /** 1xx-3xx: the peer accepted the signature (remembered). */
      SUCCEEDED,
      /** 400/401 on the first knock: send again with the other generation. */
      RETRY,
      /** 400/401 on both knocks: a permanent authentication failure (nothing remembered). */
      REJECTED,
      /** Any other status: not about the signature; the delivery's retry policy decides. */
      OTHER_FAILURE
    }
  }

  private DoubleKnock(Builder b) {
    this.first = b.first;
    this.maxOrigins = b.maxOrigins;
    this.ttl = b.ttl;
    this.clock = b.clock;
  }

  /** A builder with the defaults above and the system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** The first knock for {@code origin} ({@code scheme://host[:port]} or any URL on it). */
  public synchronized Knock firstAttempt(String origin) {
    String o = normalise(origin);
    return new Knock(o, remembered(o).orElse(first), 1);
  }

  /**
   * Records the response to {@code knock} and says what to do next.
   *
   * @param status the HTTP status, 100 to 599
   */
  public synchronized KnockDecision onResponse(Knock knock, int status) {
    Objects.requireNonNull(knock, "knock");
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100..599");
    }
    if (status < 400) {
      memory.put(knock.origin(), new Entry(knock.generation(), clock.instant()));
      trim();
      return new KnockDecision(KnockDecision.Outcome.SUCCEEDED, Optional.empty());
    }
    if (status == 400 || status == 401) {
      if (knock.attempt() == 1) {
        return new KnockDecision(KnockDecision.Outcome.RETRY, Optional.of(
            new Knock(knock.origin(), knock.generation().other(), 2)));
      }
      memory.remove(knock.origin());
      return new KnockDecision(KnockDecision.Outcome.REJECTED, Optional.empty());
    }
    return new KnockDecision(KnockDecision.Outcome.OTHER_FAILURE, Optional.empty());
  }

  /** The generation remembered for {@code origin}, if fresh. */
  public synchronized Optional<SignatureGeneration> remembered(String origin) {
    String o = normalise(origin);
    Entry e = memory.get(o);
    if (e == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(e.confirmedAt().plus(ttl))) {
      memory.remove(o);
      return Optional.empty();
    }
    return Optional.of(e.generation());
  }

  /** How many origins are remembered (expired entries may still count until touched). */
  public synchronized int size() {
    return memory.size();
  }

  private void trim() {
    Instant now = clock.instant();
    memory.values().removeIf(e -> !now.isBefore(e.confirmedAt().plus(ttl)));
    Iterator<String> it = memory.keySet().iterator();
    while (memory.size() > maxOrigins && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  /** {@code scheme://host[:port]} in lower case; the default port is dropped. */
  static String normalise(String origin) {
    Objects.requireNonNull(origin, "origin");
    try {
      URI u = URI.create(origin);
      if (u.getScheme() != null && u.getHost() != null) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        boolean dflt = port == -1 || port == 443 && scheme.equals("https")
            || port == 80 && scheme.equals("http");
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (dflt ? "" : ":" + port);
      }
    } catch (IllegalArgumentException e) {
      // not a URL: keep the text
    }
    throw new IllegalArgumentException("origin must be an absolute URL with a host");
  }

  /** Builds the decision component. */
  public static final class Builder {
    private SignatureGeneration first = DEFAULT_FIRST;
    private int maxOrigins = DEFAULT_MAX_ORIGINS;
    private Duration ttl = DEFAULT_TTL;
    private InstantSource clock = InstantSource.system();

    private Builder() {}

    /**
     * The generation for unknown origins. Default draft-cavage: every fediverse server verifies
     * it, so most first knocks succeed; RFC 9421 is learned per origin after a retry.
     */
    public Builder firstGeneration(SignatureGeneration first) {
      this.first = Objects.requireNonNull(first, "first");
      return this;
    }

    /** The most origins remembered (1 to 10,000,000). */
    public Builder maxOrigins(int maxOrigins) {
      if (maxOrigins < 1 || maxOrigins > 10_000_000) {
        throw new IllegalArgumentException("maxOrigins must be 1..10000000");
      }
      this.maxOrigins = maxOrigins;
      return this;
    }

    /** How long a success is remembered (positive). */
    public Builder ttl(Duration ttl) {
      if (ttl.isZero() || ttl.isNegative()) {
        throw new IllegalArgumentException("ttl must be positive");
      }
      this.ttl = ttl;
      return this;
    }

    /** The clock. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The component. */
    public DoubleKnock build() {
      return new DoubleKnock(this);
    }
  }
}
