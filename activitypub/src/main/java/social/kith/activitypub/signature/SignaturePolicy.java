package social.kith.activitypub.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What an inbox or signed-fetch endpoint demands of a signature beyond the mathematics: which
 * parts of the request it must cover and how fresh it must be. Separate from verification so that
 * it runs before any key is fetched, and so that each rule can be tested alone.
 *
 * <p>Coverage (checklist items 12, 13), for both generations:
 * <ul>
 *   <li>method and target: {@code (request-target)}; or {@code @method} with one of
 *       {@code @target-uri}, {@code @request-target}, {@code @path};</li>
 *   <li>host: {@code host}; or {@code @authority}, {@code host} or {@code @target-uri};</li>
 *   <li>time: {@code date}; or {@code (created)}; an RFC 9421 {@code created} parameter is always
 *       signed;</li>
 *   <li>body: for POST, PUT, PATCH and any request with a body, {@code digest} or
 *       {@code content-digest} must be covered ({@link SignatureError#DIGEST_MISSING} if there is
 *       none, {@link SignatureError#DIGEST_NOT_SIGNED} if it is present but not covered).</li>
 * </ul>
 * Anything less is {@link SignatureError#INSUFFICIENT_COVERAGE}; an RFC 9421 signature that
 * covers no components is refused.
 *
 * <p>Time (checklist item 15), with {@code window} (default {@link #DEFAULT_WINDOW}) and
 * {@code maxValidity} (default {@link #DEFAULT_MAX_VALIDITY}):
 * <ul>
 *   <li>a covered {@code Date} must parse ({@link SignatureError#SIG_DATE_INVALID}) and lie
 *       within the window of now, before or after ({@link SignatureError#SIG_DATE_OUT_OF_WINDOW});</li>
 *   <li>{@code created} must not lie more than the window in the future
 *       ({@link SignatureError#SIG_CREATED_IN_FUTURE}); without {@code expires} it must not be
 *       older than the window ({@link SignatureError#SIG_DATE_OUT_OF_WINDOW});</li>
 *   <li>{@code expires} must not have passed ({@link SignatureError#SIG_EXPIRED}) and must not be
 *       more than {@code maxValidity} after {@code created}
 *       ({@link SignatureError#SIG_VALIDITY_TOO_LONG});</li>
 *   <li>RFC 9421 signatures must carry {@code created} unless
 *       {@link Builder#requireCreatedForRfc9421(boolean)} is off
 *       ({@link SignatureError#SIG_CREATED_MISSING}).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class SignaturePolicy {
  /** How far {@code Date} and {@code created} may be from the local clock. */
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
  /** The longest {@code expires - created} accepted. */
  public static final Duration DEFAULT_MAX_VALIDITY = Duration.ofHours(12);

  private static final SignaturePolicy DEFAULTS = builder().build();

  private final Duration window;
  private final Duration maxValidity;
  private final boolean requireCreatedForRfc9421;
  private final boolean allowPathOnlyRequestTarget;

  private SignaturePolicy(Builder b) {
    this.window = b.window;
    this.maxValidity = b.maxValidity;
    this.requireCreatedForRfc9421 = b.requireCreatedForRfc9421;
    this.allowPathOnlyRequestTarget = b.allowPathOnlyRequestTarget;
  }

  /** The defaults: the coverage above, a one-hour window, twelve hours' validity. */
  public static SignaturePolicy defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The window around the local clock. */
  public Duration window() {
    return window;
  }

  /** The longest accepted {@code expires - created}. */
  public Duration maxValidity() {
    return maxValidity;
  }

  /** Whether RFC 9421 signatures must have {@code created}. */
  public boolean requireCreatedForRfc9421() {
    return requireCreatedForRfc9421;
  }

  /**
   * Whether a draft-cavage signature of a GET or HEAD whose {@code (request-target)} left the query
   * out is accepted (interop for signed fetches: some senders sign the path only; Mastodon tries
   * both). The verified result then reports {@link VerifiedSignature#queryCovered()} false, so
   * endpoints whose answer depends on the query can refuse it. Never for other methods: a
   * delivery replayed with a query appended must fail (checklist item 14).
   */
  public boolean allowPathOnlyRequestTarget() {
    return allowPathOnlyRequestTarget;
  }

  /** True if the path-only fallback applies to {@code request} (enabled, and GET or HEAD). */
  public boolean allowsPathOnlyRequestTarget(HttpMessage.Request request) {
    String m = request.method().toUpperCase(Locale.ROOT);
    return allowPathOnlyRequestTarget && (m.equals("GET") || m.equals("HEAD"));
  }

  /** Coverage and time together. */
  public void check(HttpMessage.Request request, ParsedSignature signature, Instant now) {
    checkCoverage(request, signature);
    checkTime(request, signature, now);
  }

  /**
   * Checks what {@code signature} covers.
   *
   * @throws SignatureException {@link SignatureError#INSUFFICIENT_COVERAGE},
   *     {@link SignatureError#DIGEST_MISSING} or {@link SignatureError#DIGEST_NOT_SIGNED}
   */
  public void checkCoverage(HttpMessage.Request request, ParsedSignature signature) {
    boolean cavage = signature.generation() == SignatureGeneration.CAVAGE_12;
    List<String> missing = new ArrayList<>();
    boolean target = cavage
        ? signature.covers("(request-target)")
        : signature.covers("@method") && (signature.covers("@target-uri")
            || signature.covers("@request-target") || signature.covers("@path"));
    if (!target) {
      missing.add(cavage ? "(request-target)" : "@method and @target-uri (or @path)");
    }
    boolean host = cavage
        ? signature.covers("host")
        : signature.covers("@authority") || signature.covers("host") || signature.covers("@target-uri");
    if (!host) {
      missing.add(cavage ? "host" : "@authority");
    }
    boolean time = signature.covers("date")
        || (cavage ? signature.covers("(created)") : signature.created().isPresent());
    if (!time) {
      missing.add(cavage ? "date or (created)" : "date or created");
    }
    if (!missing.isEmpty()) {
      throw new SignatureException(SignatureError.INSUFFICIENT_COVERAGE,
          "the signature does not cover " + String.join(", ", missing));
    }
    if (needsDigest(request) && !signature.covers("digest") && !signature.covers("content-digest")) {
      boolean present = request.headers().contains("digest")
          || request.headers().contains("content-digest");
      throw new SignatureException(
          present ? SignatureError.DIGEST_NOT_SIGNED : SignatureError.DIGEST_MISSING,
          present ? "the body digest is not covered by the signature"
              : "the request has a body but no Digest or Content-Digest");
    }
  }

  /** True for POST, PUT, PATCH and any request with a body. */
  static boolean needsDigest(HttpMessage.Request request) {
    String m = request.method().toUpperCase(Locale.ROOT);
    return request.bodyLength() > 0 || m.equals("POST") || m.equals("PUT") || m.equals("PATCH");
  }

  /**
   * Checks the signature's times against {@code now}.
   *
   * @throws SignatureException one of the time reasons listed on this class
   */
  public void checkTime(HttpMessage.Request request, ParsedSignature signature, Instant now) {
    Objects.requireNonNull(now, "now");
    Optional<Instant> created = signature.created();
    Optional<Instant> expires = signature.expires();
    if (signature.generation() == SignatureGeneration.RFC_9421 && requireCreatedForRfc9421
        && created.isEmpty()) {
      throw new SignatureException(SignatureError.SIG_CREATED_MISSING,
          "the signature has no created parameter");
    }
    if (created.isPresent() && created.get().isAfter(now.plus(window))) {
      throw new SignatureException(SignatureError.SIG_CREATED_IN_FUTURE,
          "created is " + ahead(created.get(), now) + " in the future");
    }
    if (expires.isPresent()) {
      if (now.isAfter(expires.get())) {
        throw new SignatureException(SignatureError.SIG_EXPIRED,
            "the signature expired " + ahead(now, expires.get()) + " ago");
      }
      if (created.isPresent()
          && Duration.between(created.get(), expires.get()).compareTo(maxValidity) > 0) {
        throw new SignatureException(SignatureError.SIG_VALIDITY_TOO_LONG,
            "expires is more than " + maxValidity + " after created");
      }
    } else if (created.isPresent() && created.get().isBefore(now.minus(window))) {
      throw new SignatureException(SignatureError.SIG_DATE_OUT_OF_WINDOW,
          "created is " + ahead(now, created.get()) + " old, outside the window of " + window);
    }
    if (signature.covers("date")) {
      String text = request.headers().combined("date").orElseThrow(() -> new SignatureException(
          SignatureError.COVERED_HEADER_MISSING, "Date is covered but absent"));
      Instant date = HttpDates.parse(text).orElseThrow(() -> new SignatureException(
          SignatureError.SIG_DATE_INVALID, "Date is not an HTTP date"));
      if (date.isBefore(now.minus(window)) || date.isAfter(now.plus(window))) {
        throw new SignatureException(SignatureError.SIG_DATE_OUT_OF_WINDOW,
            "Date is " + (date.isBefore(now) ? ahead(now, date) + " old" : ahead(date, now)
                + " in the future") + ", outside the window of " + window);
      }
    }
  }

  private static String ahead(Instant later, Instant earlier) {
    return Duration.between(earlier, later).toString();
  }

  @Override
  public String toString() {
    return "SignaturePolicy[window=" + window + ", maxValidity=" + maxValidity
        + ", requireCreatedForRfc9421=" + requireCreatedForRfc9421
        + ", allowPathOnlyRequestTarget=" + allowPathOnlyRequestTarget + "]";
  }

  /** Builds a policy; every setter checks its argument at once. */
  public static final class Builder {
    private Duration window = DEFAULT_WINDOW;
    private Duration maxValidity = DEFAULT_MAX_VALIDITY;
    private boolean requireCreatedForRfc9421 = true;
    private boolean allowPathOnlyRequestTarget = true;

    private Builder() {}

    /** The window around the local clock: 1 second to 24 hours. */
    public Builder window(Duration window) {
      Objects.requireNonNull(window, "window");
      if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofHours(24)) > 0) {
        throw new IllegalArgumentException("window must be between 1 second and 24 hours");
      }
      this.window = window;
      return this;
    }

    /** The longest {@code expires - created}: 1 minute to 7 days. */
    public Builder maxValidity(Duration maxValidity) {
      Objects.requireNonNull(maxValidity, "maxValidity");
      if (maxValidity.compareTo(Duration.ofMinutes(1)) < 0
          || maxValidity.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException("maxValidity must be between 1 minute and 7 days");
      }
      this.maxValidity = maxValidity;
      return this;
    }

    /** Whether RFC 9421 signatures must have {@code created} (default true). */
    public Builder requireCreatedForRfc9421(boolean require) {
      this.requireCreatedForRfc9421 = require;
      return this;
    }

    /** See {@link SignaturePolicy#allowPathOnlyRequestTarget()} (default true). */
    public Builder allowPathOnlyRequestTarget(boolean allow) {
      this.allowPathOnlyRequestTarget = allow;
      return this;
    }

    /** The policy. */
    public SignaturePolicy build() {
      return new SignaturePolicy(this);
    }
  }
}
