package social.kith.activitypub.signature;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies the HTTP signature of an inbound request, either generation, in an order that makes
 * hostile input cheap: parse, policy (coverage, time), body digest and the signing string are all
 * checked in {@link #check} before any key is looked up; only then does
 * {@link PendingSignature#verify(KeyResolver)} fetch keys and do the public-key arithmetic.
 *
 * <pre>{@code
 * HttpSignatureVerifier verifier = HttpSignatureVerifier.builder().build();
 * VerifiedSignature v = verifier.verify(request, keyId -> keyCache.lookup(keyId));
 * // then: does the activity's actor own v.keyId()?
 * }</pre>
 *
 * <p>Generation: a {@code Signature-Input} header means RFC 9421 (every label must verify); else
 * a {@code Signature} header (exactly one) or {@code Authorization: Signature ...} means
 * draft-cavage-12; else {@link SignatureError#MISSING_SIGNATURE}. Every failure is a
 * {@link SignatureException} with a {@link SignatureError}; nothing else escapes for any header
 * content (checklist items 9, 17). Immutable and thread-safe; share one instance.
 */
public final class HttpSignatureVerifier {
  private final SignaturePolicy policy;
  private final InstantSource clock;
  private final ClockSkewDetector skewDetector;

  private HttpSignatureVerifier(Builder b) {
    this.policy = b.policy;
    this.clock = b.clock;
    this.skewDetector = b.skewDetector;
  }

  /** A builder: {@link SignaturePolicy#defaults()}, the system clock, no skew detector. */
  public static Builder builder() {
    return new Builder();
  }

  /** The policy. */
  public SignaturePolicy policy() {
    return policy;
  }

  /** Checks then verifies; see {@link #check} and {@link PendingSignature#verify(KeyResolver)}. */
  public VerifiedSignature verify(HttpMessage.Request request, KeyResolver keys) {
    return check(request).verify(keys);
  }

  /**
   * Everything that needs no key: parses the signature header(s), applies the policy, checks the
   * body digest and builds the signing string.
   *
   * @throws SignatureException for any failure
   */
  public PendingSignature check(HttpMessage.Request request) {
    Objects.requireNonNull(request, "request");
    List<? extends ParsedSignature> signatures = parse(request.headers());
    Instant now = clock.instant();
    boolean digestVerified = false;
    for (ParsedSignature sig : signatures) {
      if (sig.generation() == SignatureGeneration.CAVAGE_12) {
        Cavage12.checkAlgorithmName(sig.algorithmName().orElse(null));
      }
      policy.checkCoverage(request, sig);
      try {
        policy.checkTime(request, sig, now);
      } catch (SignatureException e) {
        reportSkew(request, sig, e.reason());
        throw e;
      }
      digestVerified |= checkDigests(request, sig);
      if (sig instanceof CavageSignature) {
        Cavage12.signingString(request, (CavageSignature) sig);
      } else {
        Rfc9421.signatureBase(request, (Rfc9421Signature) sig);
      }
    }
    return new PendingSignature(this, request, signatures, digestVerified);
  }

  /**
   * The signatures in {@code headers}, unchecked.
   *
   * @throws SignatureException {@link SignatureError#MISSING_SIGNATURE} or a parse failure
   */
  public static List<? extends ParsedSignature> parse(Headers headers) {
    if (headers.contains("signature-input")) {
      return Rfc9421Signature.parseAll(headers);
    }
    List<String> sig = headers.all("signature");
    if (sig.size() > 1) {
      throw new SignatureException(SignatureError.MALFORMED_SIGNATURE_HEADER,
          "more than one Signature header");
    }
    if (sig.size() == 1) {
      return List.of(CavageSignature.parse(sig.get(0)));
    }
    for (String auth : headers.all("authorization")) {
      if (auth.regionMatches(true, 0, "Signature ", 0, 10)) {
        return List.of(CavageSignature.parse(auth.substring(10)));
      }
    }
    throw new SignatureException(SignatureError.MISSING_SIGNATURE, "the request is not signed");
  }

  /** True if a covered digest header matched the body. */
  private static boolean checkDigests(HttpMessage.Request request, ParsedSignature sig) {
    boolean checked = false;
    for (String name : List.of("digest", "content-digest")) {
      if (!sig.covers(name)) {
        continue;
      }
      String value = request.headers().combined(name).orElseThrow(() -> new SignatureException(
          SignatureError.COVERED_HEADER_MISSING, "covered header '" + name + "' is absent"));
      if (name.equals("digest")) {
        BodyDigests.verifyDigest(value, request.bodyUnsafe());
      } else {
        BodyDigests.verifyContentDigest(value, request.bodyUnsafe());
      }
      checked = true;
    }
    return checked;
  }

  private void reportSkew(HttpMessage.Request request, ParsedSignature sig, SignatureError reason) {
    if (skewDetector == null) {
      return;
    }
    if (reason == SignatureError.SIG_DATE_OUT_OF_WINDOW || reason == SignatureError.SIG_EXPIRED
        || reason == SignatureError.SIG_CREATED_IN_FUTURE) {
      peerClock(request, sig).ifPresent(t -> skewDetector.observe(
          ClockSkewDetector.originOf(sig.keyId()), t));
    }
  }

  private static Optional<Instant> peerClock(HttpMessage.Request request, ParsedSignature sig) {
    Optional<Instant> date = request.headers().combined("date").flatMap(HttpDates::parse);
    return date.isPresent() ? date : sig.created();
  }

  /** After a successful verification: the peer's clock agrees or disagrees with ours. */
  void recordVerified(HttpMessage.Request request, ParsedSignature sig) {
    if (skewDetector != null) {
      peerClock(request, sig).ifPresent(t -> skewDetector.observe(
          ClockSkewDetector.originOf(sig.keyId()), t));
    }
  }

  static boolean coversQuery(HttpMessage.Request request, Rfc9421Signature sig) {
    return request.query().isEmpty() || sig.covers("@target-uri") || sig.covers("@request-target")
        || sig.covers("@query");
  }

  @Override
  public String toString() {
    return "HttpSignatureVerifier[" + policy + (skewDetector != null ? ", skew detector" : "") + "]";
  }

  /** Builds a verifier. */
  public static final class Builder {
    private SignaturePolicy policy = SignaturePolicy.defaults();
    private InstantSource clock = InstantSource.system();
    private ClockSkewDetector skewDetector;

    private Builder() {}

    /** The policy (default {@link SignaturePolicy#defaults()}). */
    public Builder policy(SignaturePolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The clock (default the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** A detector fed with peers' clock readings (default none). */
    public Builder clockSkewDetector(ClockSkewDetector detector) {
      this.skewDetector = Objects.requireNonNull(detector, "detector");
      return this;
    }

    /** The verifier. */
    public HttpSignatureVerifier build() {
      return new HttpSignatureVerifier(this);
    }
  }
}
