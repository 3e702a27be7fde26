package social.kith.activitypub.signature;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signs outbound requests (deliveries and signed fetches) in either generation, producing only
 * the header fields to add, so any HTTP client can send them.
 *
 * <pre>{@code
 * HttpSigner signer = HttpSigner.builder()
 *     .credential(SigningCredential.of("https://example.com/users/alice#main-key", aliceKey))
 *     .build();
 * Headers add = signer.sign(request, SignatureGeneration.CAVAGE_12);
 * }</pre>
 *
 * <p>What is added: {@code Date} (if absent); for POST, PUT, PATCH or any body, a body digest
 * ({@code Digest: SHA-256=...} for draft-cavage, {@code Content-Digest: sha-256=:...:} for RFC
 * 9421) if absent; then the signature. draft-cavage covers {@code (request-target) host date}
 * and {@code digest}; RFC 9421 covers {@code @method @target-uri @authority date} and
 * {@code content-digest}, with {@code created}, {@code keyid}, {@code alg} (and {@code expires}
 * when a validity is set), under the label {@link #DEFAULT_LABEL}. Both satisfy
 * {@link SignaturePolicy#defaults()}. {@code Host} is not added (clients send it, and some refuse
 * to let callers set it); the signed value is the target URI's authority, which is what they send.
 * Immutable and thread-safe.
 */
public final class HttpSigner {
  /** The RFC 9421 label used. */
  public static final String DEFAULT_LABEL = "sig1";

  private final SigningCredential credential;
  private final InstantSource clock;
  private final String label;
  private final Duration validity;

  private HttpSigner(Builder b) {
    this.credential = b.credential;
    this.clock = b.clock;
    this.label = b.label;
    this.validity = b.validity;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The credential. */
  public SigningCredential credential() {
    return credential;
  }

  /** The header fields to add to {@code request} to sign it in {@code generation}. */
  public Headers sign(HttpMessage.Request request, SignatureGeneration generation) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(generation, "generation");
    Instant now = clock.instant();
    Headers.Builder added = Headers.builder();
    if (!request.headers().contains("date")) {
      added.add("Date", HttpDates.format(now));
    }
    boolean digest = SignaturePolicy.needsDigest(request);
    if (generation == SignatureGeneration.CAVAGE_12) {
      if (digest && !request.headers().contains("digest")) {
        added.add("Digest", BodyDigests.digestHeader(request.bodyUnsafe()));
      }
      HttpMessage.Request work = request.withHeaders(added.build());
      List<String> covered = new ArrayList<>(List.of("(request-target)", "host", "date"));
      if (digest) {
        covered.add("digest");
      }
      added.add("Signature", Cavage12.sign(work, credential, covered, null, null));
      return added.build();
    }
    if (digest && !request.headers().contains("content-digest")) {
      added.add("Content-Digest", BodyDigests.contentDigestHeader(request.bodyUnsafe()));
    }
    HttpMessage.Request work = request.withHeaders(added.build());
    List<ComponentId> covered = new ArrayList<>(List.of(ComponentId.of("@method"),
        ComponentId.of("@target-uri"), ComponentId.of("@authority"), ComponentId.of("date")));
    if (digest) {
      covered.add(ComponentId.of("content-digest"));
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("created", now.getEpochSecond());
    if (validity != null) {
      params.put("expires", now.plus(validity).getEpochSecond());
    }
    params.put("keyid", credential.keyId());
    params.put("alg", credential.algorithm().rfc9421Name());
    Headers sig = Rfc9421.sign(work, label, covered, params, credential);
    return added.build().plus(sig);
  }

  /** {@code request} with the signature fields added. */
  public HttpMessage.Request signed(HttpMessage.Request request, SignatureGeneration generation) {
    return request.withHeaders(sign(request, generation));
  }

  @Override
  public String toString() {
    return "HttpSigner[" + credential + "]";
  }

  /** Builds a signer; {@link #credential} is required. */
  public static final class Builder {
    private SigningCredential credential;
    private InstantSource clock = InstantSource.system();
    private String label = DEFAULT_LABEL;
    private Duration validity;

    private Builder() {}

    /** The key id, key and algorithm to sign with. */
    public Builder credential(SigningCredential credential) {
      this.credential = Objects.requireNonNull(credential, "credential");
      return this;
    }

    /** The clock (default the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The RFC 9421 label: a structured-field key such as {@code sig1}. */
    public Builder label(String label) {
      Objects.requireNonNull(label, "label");
      if (label.isEmpty() || !(label.charAt(0) >= 'a' && label.charAt(0) <= 'z')
          || !label.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
              || c == '_' || c == '-' || c == '.' || c == '*')) {
        throw new IllegalArgumentException("label must be a lower-case structured-field key");
      }
      this.label = label;
      return this;
    }

    /** RFC 9421 {@code expires} = created + validity (1 second to 12 hours); default none. */
    public Builder validity(Duration validity) {
      Objects.requireNonNull(validity, "validity");
      if (validity.compareTo(Duration.ofSeconds(1)) < 0
          || validity.compareTo(SignaturePolicy.DEFAULT_MAX_VALIDITY) > 0) {
        throw new IllegalArgumentException("validity must be between 1 second and 12 hours");
      }
      this.validity = validity;
      return this;
    }

    /** The signer. */
    public HttpSigner build() {
      if (credential == null) {
        throw new IllegalStateException("a credential is required");
      }
      return new HttpSigner(this);
    }
  }
}
