package social.kith.activitypub.signature;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.RsaPrivateKey;

/** Requests, keys and clocks shared by the behavioural tests. */
final class Fixtures {
  private Fixtures() {}

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final InstantSource CLOCK = InstantSource.fixed(NOW);
  static final String ALICE = "https://a.example/users/alice#main-key";
  static final String CAROL = "https://c.example/users/carol#ed25519-key";
  /** RFC 9421's 2048-bit test-key-rsa: no key generation needed. */
  static final RsaPrivateKey RSA = Vectors.rsaPrivate();
  static final Ed25519PrivateKey ED = Vectors.ed25519Private();
  static final SigningCredential ALICE_RSA = SigningCredential.of(ALICE, RSA);
  static final SigningCredential CAROL_ED = SigningCredential.of(CAROL, ED);
  static final byte[] ACTIVITY = ("{\"@context\":\"https://www.w3.org/ns/activitystreams\","
      + "\"type\":\"Follow\",\"actor\":\"https://a.example/users/alice\","
      + "\"object\":\"https://b.example/users/bob\"}").getBytes(UTF_8);

  static InstantSource at(Duration offset) {
    return InstantSource.fixed(NOW.plus(offset));
  }

  static HttpMessage.Request inboxPost() {
    return inboxPost(ACTIVITY);
  }

  static HttpMessage.Request inboxPost(byte[] body) {
    return HttpMessage.Request.of("POST", URI.create("https://b.example/users/bob/inbox"),
        Headers.of("Host", "b.example", "Content-Type", "application/activity+json"), body);
  }

  static HttpMessage.Request fetch(String uri) {
    URI u = URI.create(uri);
    return HttpMessage.Request.of("GET", u,
        Headers.of("Host", u.getHost(), "Accept", "application/activity+json"));
  }

  static HttpSigner signer(SigningCredential c) {
    return HttpSigner.builder().credential(c).clock(CLOCK).build();
  }

  static HttpSignatureVerifier verifier() {
    return HttpSignatureVerifier.builder().clock(CLOCK).build();
  }

  static HttpMessage.Request signed(HttpMessage.Request r, SignatureGeneration g) {
    return signer(ALICE_RSA).signed(r, g);
  }

  /**
   * A draft-cavage signature over exactly {@code covered}, with Date (now) and Digest (of the
   * body) added first, and the final header text passed through {@code edit}.
   */
  static HttpMessage.Request cavage(HttpMessage.Request r, SigningCredential c, List<String> covered,
      Long created, Long expires, UnaryOperator<String> edit) {
    Headers.Builder add = Headers.builder();
    if (!r.headers().contains("date")) {
      add.add("Date", HttpDates.format(NOW));
    }
    if (r.bodyLength() > 0 && !r.headers().contains("digest")) {
      add.add("Digest", BodyDigests.digestHeader(r.body()));
    }
    HttpMessage.Request work = r.withHeaders(add.build());
    String sig = edit.apply(Cavage12.sign(work, c, covered, created, expires));
    return work.withHeaders(Headers.of("Signature", sig));
  }

  static HttpMessage.Request cavage(HttpMessage.Request r, List<String> covered) {
    return cavage(r, ALICE_RSA, covered, null, null, UnaryOperator.identity());
  }

  /** An RFC 9421 signature over {@code components} with the given parameters. */
  static HttpMessage.Request rfc9421(HttpMessage.Request r, SigningCredential c,
      List<ComponentId> components, java.util.Map<String, Object> params, UnaryOperator<String> editInput) {
    Headers.Builder add = Headers.builder();
    if (!r.headers().contains("date")) {
      add.add("Date", HttpDates.format(NOW));
    }
    if (r.bodyLength() > 0 && !r.headers().contains("content-digest")) {
      add.add("Content-Digest", BodyDigests.contentDigestHeader(r.body()));
    }
    HttpMessage.Request work = r.withHeaders(add.build());
    Headers sig = Rfc9421.sign(work, "sig1", components, params, c);
    return work.withHeaders(Headers.of(
        "Signature-Input", editInput.apply(sig.first("signature-input").orElseThrow()),
        "Signature", sig.first("signature").orElseThrow()));
  }

  static List<ComponentId> components(String... names) {
    List<ComponentId> out = new ArrayList<>();
    for (String n : names) {
      out.add(ComponentId.of(n));
    }
    return out;
  }

  /** A key resolver that records every lookup (a spy: rejections must not look keys up). */
  static final class RecordingKeyResolver implements KeyResolver {
    final List<String> lookups = new ArrayList<>();
    private final VerificationKey key;

    RecordingKeyResolver(VerificationKey key) {
      this.key = key;
    }

    static RecordingKeyResolver alice() {
      return new RecordingKeyResolver(VerificationKey.of(RSA.verifyingKey()));
    }

    @Override
    public Optional<VerificationKey> resolve(String keyId) {
      lookups.add(keyId);
      return Optional.ofNullable(key);
    }
  }
}
