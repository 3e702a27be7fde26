package social.kith.activitypub.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static social.kith.activitypub.signature.SignatureGeneration.CAVAGE_12;
import static social.kith.activitypub.signature.SignatureGeneration.RFC_9421;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import social.kith.activitypub.signature.DoubleKnock.Knock;
import social.kith.activitypub.signature.DoubleKnock.KnockDecision;
import social.kith.activitypub.signature.DoubleKnock.KnockDecision.Outcome;

/** The whole double-knock decision table (checklist items 19 and 64), memory bounds and TTL. */
class DoubleKnockTest {
  static final String ORIGIN = "https://peer.example";
  final AtomicReference<Instant> now = new AtomicReference<>(Fixtures.NOW);

  DoubleKnock knock() {
    return DoubleKnock.builder().clock(now::get).build();
  }

  /**
   * first status, second status (or 0 when there is no second knock) -> outcomes, the generation
   * then remembered, and the generation the next delivery starts with.
   */
  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(202, 0, Outcome.SUCCEEDED, null, CAVAGE_12, CAVAGE_12),
        Arguments.of(200, 0, Outcome.SUCCEEDED, null, CAVAGE_12, CAVAGE_12),
        Arguments.of(302, 0, Outcome.SUCCEEDED, null, CAVAGE_12, CAVAGE_12),
        Arguments.of(401, 202, Outcome.RETRY, Outcome.SUCCEEDED, RFC_9421, RFC_9421),
        Arguments.of(400, 202, Outcome.RETRY, Outcome.SUCCEEDED, RFC_9421, RFC_9421),
        Arguments.of(401, 401, Outcome.RETRY, Outcome.REJECTED, null, CAVAGE_12),
        Arguments.of(401, 400, Outcome.RETRY, Outcome.REJECTED, null, CAVAGE_12),
        Arguments.of(401, 500, Outcome.RETRY, Outcome.OTHER_FAILURE, null, CAVAGE_12),
        Arguments.of(401, 404, Outcome.RETRY, Outcome.OTHER_FAILURE, null, CAVAGE_12),
        Arguments.of(403, 0, Outcome.OTHER_FAILURE, null, null, CAVAGE_12),
        Arguments.of(404, 0, Outcome.OTHER_FAILURE, null, null, CAVAGE_12),
        Arguments.of(410, 0, Outcome.OTHER_FAILURE, null, null, CAVAGE_12),
        Arguments.of(429, 0, Outcome.OTHER_FAILURE, null, null, CAVAGE_12),
        Arguments.of(500, 0, Outcome.OTHER_FAILURE, null, null, CAVAGE_12),
        Arguments.of(503, 0, Outcome.OTHER_FAILURE, null, null, CAVAGE_12));
  }

  @ParameterizedTest
  @MethodSource("table")
  void decisionTable(int first, int second, Outcome firstOutcome, Outcome secondOutcome,
      SignatureGeneration remembered, SignatureGeneration next) {
    DoubleKnock dk = knock();
    Knock k = dk.firstAttempt(ORIGIN);
    assertEquals(CAVAGE_12, k.generation());
    assertEquals(1, k.attempt());
    KnockDecision d = dk.onResponse(k, first);
    assertEquals(firstOutcome, d.outcome());
    if (firstOutcome == Outcome.RETRY) {
      Knock retry = d.retry().orElseThrow();
      assertEquals(RFC_9421, retry.generation());
      assertEquals(2, retry.attempt());
      KnockDecision d2 = dk.onResponse(retry, second);
      assertEquals(secondOutcome, d2.outcome());
      assertEquals(Optional.empty(), d2.retry(), "at most one retry");
    } else {
      assertEquals(Optional.empty(), d.retry());
    }
    assertEquals(Optional.ofNullable(remembered), dk.remembered(ORIGIN));
    assertEquals(next, dk.firstAttempt(ORIGIN).generation());
  }

  @Test
  void rememberedGenerationIsTriedFirstAndFlipsWhenItStopsWorking() {
    DoubleKnock dk = knock();
    Knock k = dk.firstAttempt(ORIGIN);
    dk.onResponse(dk.onResponse(k, 401).retry().orElseThrow(), 202);
    Knock again = dk.firstAttempt("https://PEER.example:443/users/bob/inbox");
    assertEquals(RFC_9421, again.generation(), "origin is normalised");
    KnockDecision d = dk.onResponse(again, 401);
    assertEquals(CAVAGE_12, d.retry().orElseThrow().generation());
    dk.onResponse(d.retry().orElseThrow(), 202);
    assertEquals(Optional.of(CAVAGE_12), dk.remembered(ORIGIN));
  }

  @Test
  void firstGenerationIsConfigurable() {
    DoubleKnock dk = DoubleKnock.builder().firstGeneration(RFC_9421).clock(now::get).build();
    Knock k = dk.firstAttempt(ORIGIN);
    assertEquals(RFC_9421, k.generation());
    assertEquals(CAVAGE_12, dk.onResponse(k, 400).retry().orElseThrow().generation());
  }

  @Test
  void memoryExpiresAndIsBounded() {
    DoubleKnock dk = DoubleKnock.builder().clock(now::get).ttl(Duration.ofDays(1)).maxOrigins(3).build();
    for (int i = 0; i < 10; i++) {
      dk.onResponse(new Knock(DoubleKnock.normalise("https://p" + i + ".example"), RFC_9421, 1), 202);
    }
    assertEquals(3, dk.size());
    assertEquals(Optional.empty(), dk.remembered("https://p0.example"), "least recently used dropped");
    assertEquals(Optional.of(RFC_9421), dk.remembered("https://p9.example"));
    now.set(Fixtures.NOW.plus(Duration.ofDays(1)));
    assertEquals(Optional.empty(), dk.remembered("https://p9.example"), "expired after the TTL");
    assertEquals(CAVAGE_12, dk.firstAttempt("https://p9.example").generation());
  }

  @Test
  void invalidInputFailsFast() {
    DoubleKnock dk = knock();
    Knock k = dk.firstAttempt(ORIGIN);
    assertThrows(IllegalArgumentException.class, () -> dk.onResponse(k, 99));
    assertThrows(IllegalArgumentException.class, () -> dk.onResponse(k, 600));
    assertThrows(IllegalArgumentException.class, () -> dk.firstAttempt("not a url"));
    assertThrows(IllegalArgumentException.class, () -> new Knock(ORIGIN, CAVAGE_12, 3));
    assertThrows(IllegalArgumentException.class, () -> DoubleKnock.builder().ttl(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> DoubleKnock.builder().maxOrigins(0));
    assertThrows(IllegalArgumentException.class,
        () -> new KnockDecision(Outcome.RETRY, Optional.empty()));
  }

  /** The decision drives real signatures: a peer that only speaks RFC 9421 is reached on the retry. */
  @Test
  void endToEndWithAnRfc9421OnlyPeer() {
    DoubleKnock dk = knock();
    HttpSigner signer = Fixtures.signer(Fixtures.ALICE_RSA);
    HttpMessage.Request delivery = Fixtures.inboxPost();
    Knock k = dk.firstAttempt("https://b.example");
    int status = rfc9421OnlyPeer(signer.signed(delivery, k.generation()));
    KnockDecision d = dk.onResponse(k, status);
    assertEquals(Outcome.RETRY, d.outcome());
    Knock retry = d.retry().orElseThrow();
    assertEquals(Outcome.SUCCEEDED, dk.onResponse(retry, rfc9421OnlyPeer(signer.signed(delivery, retry.generation()))).outcome());
    assertEquals(RFC_9421, dk.firstAttempt("https://b.example").generation());
  }

  static int rfc9421OnlyPeer(HttpMessage.Request r) {
    if (!r.headers().contains("signature-input")) {
      return 401;
    }
    Fixtures.verifier().verify(r, id -> Optional.of(VerificationKey.of(Fixtures.RSA.verifyingKey())));
    return 202;
  }
}
