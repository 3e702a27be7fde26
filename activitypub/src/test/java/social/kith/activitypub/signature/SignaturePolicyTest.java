package social.kith.activitypub.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static social.kith.activitypub.signature.Fixtures.ALICE;
import static social.kith.activitypub.signature.Fixtures.ALICE_RSA;
import static social.kith.activitypub.signature.Fixtures.NOW;
import static social.kith.activitypub.signature.Fixtures.components;
import static social.kith.activitypub.signature.Fixtures.inboxPost;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import social.kith.activitypub.signature.Fixtures.RecordingKeyResolver;

/** Checklist item 15: the time window, with an injected clock; and the policy builder. */
class SignaturePolicyTest {
  static SignatureError rejectBeforeKeyLookup(HttpMessage.Request r, HttpSignatureVerifier v) {
    RecordingKeyResolver keys = RecordingKeyResolver.alice();
    SignatureError e = assertThrows(SignatureException.class, () -> v.verify(r, keys)).reason();
    assertEquals(List.of(), keys.lookups);
    return e;
  }

  static HttpMessage.Request signedAt(Duration offset, SignatureGeneration g) {
    return HttpSigner.builder().credential(ALICE_RSA).clock(Fixtures.at(offset)).build()
        .signed(inboxPost(), g);
  }

  static Stream<Arguments> dateCases() {
    return Stream.of(
        Arguments.of(Duration.ofDays(-2), SignatureError.SIG_DATE_OUT_OF_WINDOW),
        Arguments.of(Duration.ofHours(2), SignatureError.SIG_DATE_OUT_OF_WINDOW),
        Arguments.of(Duration.ofMinutes(-61), SignatureError.SIG_DATE_OUT_OF_WINDOW),
        Arguments.of(Duration.ofMinutes(61), SignatureError.SIG_CREATED_IN_FUTURE));
  }

  /** Signed by a sender whose clock is off by {@code offset}: Date (and created) go with it. */
  @ParameterizedTest
  @MethodSource("dateCases")
  void senderClockOutsideTheWindow(Duration offset, SignatureError expected) {
    HttpMessage.Request cavage = signedAt(offset, SignatureGeneration.CAVAGE_12);
    assertEquals(expected == SignatureError.SIG_CREATED_IN_FUTURE ? SignatureError.SIG_DATE_OUT_OF_WINDOW
        : expected, rejectBeforeKeyLookup(cavage, Fixtures.verifier()));
    HttpMessage.Request rfc = signedAt(offset, SignatureGeneration.RFC_9421);
    SignatureError e = rejectBeforeKeyLookup(rfc, Fixtures.verifier());
    SignatureError rfcExpected = offset.isNegative() ? SignatureError.SIG_DATE_OUT_OF_WINDOW
        : SignatureError.SIG_CREATED_IN_FUTURE;
    assertEquals(rfcExpected, e);
  }

  @ParameterizedTest
  @EnumSource(SignatureGeneration.class)
  void withinTheWindowIsAccepted(SignatureGeneration g) {
    for (Duration d : List.of(Duration.ofMinutes(-59), Duration.ofMinutes(59), Duration.ZERO)) {
      Fixtures.verifier().verify(signedAt(d, g), RecordingKeyResolver.alice());
    }
  }

  @Test
  void unparseableDates() {
    for (String date : List.of("yesterday", "Sun Nov  6 08:49:37 1994", "Sunday, 06-Nov-94 08:49:37 GMT",
        "Fri, 01 Jan 2026 00:00:00 GMT", "", "Thu, 01 Jan 2026 00:00:00 GMT" + "x".repeat(100),
        "Thu, 01 Jan 2026 25:00:00 GMT", "1767225600")) {
      HttpMessage.Request r = Fixtures.cavage(inboxPost().withHeaders(Headers.of("Date", date)),
          List.of("(request-target)", "host", "date", "digest"));
      assertEquals(SignatureError.SIG_DATE_INVALID, rejectBeforeKeyLookup(r, Fixtures.verifier()), date);
    }
  }

  static HttpMessage.Request cavageTimes(Long created, Long expires) {
    return Fixtures.cavage(inboxPost(), ALICE_RSA,
        List.of("(request-target)", "host", "(created)", "(expires)", "digest"), created, expires,
        UnaryOperator.identity());
  }

  static HttpMessage.Request rfcTimes(Long created, Long expires) {
    Map<String, Object> p = new LinkedHashMap<>();
    if (created != null) {
      p.put("created", created);
    }
    if (expires != null) {
      p.put("expires", expires);
    }
    p.put("keyid", ALICE);
    return Fixtures.rfc9421(inboxPost(), ALICE_RSA,
        components("@method", "@target-uri", "@authority", "content-digest"), p, UnaryOperator.identity());
  }

  static Stream<Arguments> parameterCases() {
    long now = NOW.getEpochSecond();
    return Stream.of(
        Arguments.of(now + 7200, now + 7300, SignatureError.SIG_CREATED_IN_FUTURE),
        Arguments.of(now - 600, now - 1, SignatureError.SIG_EXPIRED),
        Arguments.of(now, now + 13 * 3600, SignatureError.SIG_VALIDITY_TOO_LONG),
        Arguments.of(now - 2 * 3600, null, SignatureError.SIG_DATE_OUT_OF_WINDOW));
  }

  @ParameterizedTest
  @MethodSource("parameterCases")
  void createdAndExpires(Long created, Long expires, SignatureError expected) {
    HttpMessage.Request rfc = rfcTimes(created, expires);
    assertEquals(expected, rejectBeforeKeyLookup(rfc, Fixtures.verifier()));
    HttpMessage.Request cavage = expires == null
        ? Fixtures.cavage(inboxPost(), ALICE_RSA, List.of("(request-target)", "host", "(created)", "digest"),
            created, null, UnaryOperator.identity())
        : cavageTimes(created, expires);
    assertEquals(expected, rejectBeforeKeyLookup(cavage, Fixtures.verifier()));
  }

  @Test
  void longLivedButValidSignatureIsAccepted() {
    long now = NOW.getEpochSecond();
    Fixtures.verifier().verify(rfcTimes(now - 5 * 3600, now + 3600), RecordingKeyResolver.alice());
    Fixtures.verifier().verify(cavageTimes(now - 5 * 3600, now + 3600), RecordingKeyResolver.alice());
  }

  @Test
  void windowIsConfigurable() {
    HttpMessage.Request r = signedAt(Duration.ofMinutes(-30), SignatureGeneration.CAVAGE_12);
    Fixtures.verifier().verify(r, RecordingKeyResolver.alice());
    HttpSignatureVerifier tight = HttpSignatureVerifier.builder().clock(Fixtures.CLOCK)
        .policy(SignaturePolicy.builder().window(Duration.ofMinutes(10)).build()).build();
    assertEquals(SignatureError.SIG_DATE_OUT_OF_WINDOW, rejectBeforeKeyLookup(r, tight));
    long now = NOW.getEpochSecond();
    HttpSignatureVerifier shortValidity = HttpSignatureVerifier.builder().clock(Fixtures.CLOCK)
        .policy(SignaturePolicy.builder().maxValidity(Duration.ofHours(1)).build()).build();
    assertEquals(SignatureError.SIG_VALIDITY_TOO_LONG,
        rejectBeforeKeyLookup(rfcTimes(now, now + 7200), shortValidity));
  }

  @Test
  void createdCanBeOptionalForRfc9421() {
    HttpMessage.Request r = Fixtures.rfc9421(inboxPost(), ALICE_RSA,
        components("@method", "@target-uri", "@authority", "date", "content-digest"),
        Map.of("keyid", ALICE), UnaryOperator.identity());
    assertEquals(SignatureError.SIG_CREATED_MISSING, rejectBeforeKeyLookup(r, Fixtures.verifier()));
    HttpSignatureVerifier lenient = HttpSignatureVerifier.builder().clock(Fixtures.CLOCK)
        .policy(SignaturePolicy.builder().requireCreatedForRfc9421(false).build()).build();
    lenient.verify(r, RecordingKeyResolver.alice());
  }

  @Test
  void builderFailsFast() {
    assertThrows(IllegalArgumentException.class, () -> SignaturePolicy.builder().window(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> SignaturePolicy.builder().window(Duration.ofDays(2)));
    assertThrows(IllegalArgumentException.class, () -> SignaturePolicy.builder().maxValidity(Duration.ofDays(8)));
    assertThrows(IllegalArgumentException.class, () -> SignaturePolicy.builder().maxValidity(Duration.ofSeconds(5)));
    assertEquals(Duration.ofHours(1), SignaturePolicy.defaults().window());
    assertEquals(Duration.ofHours(12), SignaturePolicy.defaults().maxValidity());
  }

  @Test
  void policyIsIndependentOfTheMaths() {
    // A signature whose bytes are garbage still gets its policy verdict (no key needed).
    HttpMessage.Request r = signedAt(Duration.ofDays(-2), SignatureGeneration.CAVAGE_12);
    ParsedSignature sig = HttpSignatureVerifier.parse(r.headers()).get(0);
    SignaturePolicy.defaults().checkCoverage(r, sig);
    assertEquals(SignatureError.SIG_DATE_OUT_OF_WINDOW, assertThrows(SignatureException.class,
        () -> SignaturePolicy.defaults().checkTime(r, sig, NOW)).reason());
    SignaturePolicy.defaults().checkTime(r, sig, NOW.minus(Duration.ofDays(2)));
  }

  @Test
  void theDefaultClockIsTheSystemClock() {
    HttpMessage.Request r = HttpSigner.builder().credential(ALICE_RSA).build()
        .signed(inboxPost(), SignatureGeneration.RFC_9421);
    HttpSignatureVerifier.builder().build().verify(r, RecordingKeyResolver.alice());
    HttpSignatureVerifier past = HttpSignatureVerifier.builder()
        .clock(InstantSource.fixed(NOW.minus(Duration.ofDays(3650)))).build();
    assertEquals(SignatureError.SIG_CREATED_IN_FUTURE, rejectBeforeKeyLookup(r, past));
  }
}
