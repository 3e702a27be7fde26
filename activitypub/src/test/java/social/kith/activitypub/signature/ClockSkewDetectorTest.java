package social.kith.activitypub.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.activitypub.signature.Fixtures.NOW;
import static social.kith.activitypub.signature.Fixtures.RSA;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.signature.ClockSkewDetector.ClockSkewDiagnostic;

/** Checklist item 69: a local clock two hours off is reported as CLOCK_SKEW_SUSPECTED. */
class ClockSkewDetectorTest {
  static final List<String> PEERS = List.of("https://p1.example", "https://p2.example", "https://p3.example");

  /** A peer with a correct clock: verifies our delivery and answers 202 or 401, with its Date. */
  static HttpMessage.Response peerAnswers(HttpMessage.Request delivery) {
    HttpSignatureVerifier peer = Fixtures.verifier();
    int status;
    try {
      peer.verify(delivery, id -> Optional.of(VerificationKey.of(RSA.verifyingKey())));
      status = 202;
    } catch (SignatureException e) {
      status = 401;
    }
    return HttpMessage.Response.of(status, Headers.of("Date", HttpDates.format(NOW)), new byte[0], delivery);
  }

  static HttpMessage.Request delivery(String peer) {
    return HttpMessage.Request.of("POST", URI.create(peer + "/inbox"),
        Headers.of("Host", URI.create(peer).getHost(), "Content-Type", "application/activity+json"),
        Fixtures.ACTIVITY);
  }

  @Test
  void outboundSignaturesRejectedByPeersWhenOurClockIsTwoHoursFast() {
    InstantSource ours = Fixtures.at(Duration.ofHours(2));
    HttpSigner signer = HttpSigner.builder().credential(Fixtures.ALICE_RSA).clock(ours).build();
    ClockSkewDetector detector = ClockSkewDetector.builder().clock(ours).build();
    for (SignatureGeneration g : SignatureGeneration.values()) {
      for (String peer : PEERS) {
        HttpMessage.Response answer = peerAnswers(signer.signed(delivery(peer), g));
        assertEquals(401, answer.status(), "a peer with the right time refuses our signature");
        assertTrue(detector.observeHttpDate(peer, answer.headers().first("date").orElseThrow()));
      }
    }
    ClockSkewDiagnostic d = detector.diagnose().orElseThrow();
    assertEquals(SignatureError.CLOCK_SKEW_SUSPECTED, d.code());
    assertEquals(Duration.ofHours(2), d.localClockOffset());
    assertEquals(3, d.origins());
    assertTrue(d.message().contains("fast"), d.message());
  }

  @Test
  void inboundSignaturesAllFailingByTheSameSkewWhenOurClockIsTwoHoursSlow() {
    InstantSource ours = Fixtures.at(Duration.ofHours(-2));
    ClockSkewDetector detector = ClockSkewDetector.builder().clock(ours).build();
    HttpSignatureVerifier verifier = HttpSignatureVerifier.builder().clock(ours)
        .clockSkewDetector(detector).build();
    for (String peer : PEERS) {
      HttpMessage.Request r = HttpSigner.builder()
          .credential(SigningCredential.of(peer + "/actor#main-key", RSA)).clock(Fixtures.CLOCK).build()
          .signed(Fixtures.inboxPost(), SignatureGeneration.CAVAGE_12);
      SignatureException e = assertThrows(SignatureException.class,
          () -> verifier.verify(r, id -> Optional.of(VerificationKey.of(RSA.verifyingKey()))));
      assertEquals(SignatureError.SIG_DATE_OUT_OF_WINDOW, e.reason(), "the verdict itself is unchanged");
    }
    ClockSkewDiagnostic d = detector.diagnose().orElseThrow();
    assertEquals(Duration.ofHours(-2), d.localClockOffset());
    assertTrue(d.message().contains("slow"), d.message());
  }

  @Test
  void verifiedTrafficFromPunctualPeersOutvotesAFewLiars() {
    ClockSkewDetector detector = ClockSkewDetector.builder().clock(Fixtures.CLOCK).build();
    HttpSignatureVerifier verifier = HttpSignatureVerifier.builder().clock(Fixtures.CLOCK)
        .clockSkewDetector(detector).build();
    for (int i = 0; i < 6; i++) {
      HttpMessage.Request r = HttpSigner.builder()
          .credential(SigningCredential.of("https://good" + i + ".example/a#k", RSA)).clock(Fixtures.CLOCK)
          .build().signed(Fixtures.inboxPost(), SignatureGeneration.RFC_9421);
      verifier.verify(r, id -> Optional.of(VerificationKey.of(RSA.verifyingKey())));
    }
    for (int i = 0; i < 3; i++) {
      detector.observe("https://liar" + i + ".example", NOW.plus(Duration.ofHours(5)));
    }
    assertEquals(9, detector.size());
    assertEquals(Optional.empty(), detector.diagnose());
  }

  @Test
  void noDiagnosisWithoutAgreementOrEnoughOrigins() {
    ClockSkewDetector one = ClockSkewDetector.builder().clock(Fixtures.CLOCK).build();
    one.observe("https://a.example", NOW.plus(Duration.ofHours(2)));
    one.observe("https://a.example/other/path", NOW.plus(Duration.ofHours(2)));
    assertEquals(1, one.size(), "one origin, however many readings");
    assertFalse(one.diagnose().isPresent());

    ClockSkewDetector scattered = ClockSkewDetector.builder().clock(Fixtures.CLOCK).build();
    scattered.observe("https://a.example", NOW.plus(Duration.ofHours(2)));
    scattered.observe("https://b.example", NOW.minus(Duration.ofHours(3)));
    scattered.observe("https://c.example", NOW.plus(Duration.ofMinutes(40)));
    scattered.observe("https://d.example", NOW.minus(Duration.ofMinutes(70)));
    assertFalse(scattered.diagnose().isPresent());

    ClockSkewDetector small = ClockSkewDetector.builder().clock(Fixtures.CLOCK).build();
    for (String p : PEERS) {
      small.observe(p, NOW.plus(Duration.ofSeconds(90)));
    }
    assertFalse(small.diagnose().isPresent(), "90 s is ordinary drift, under the 5 min threshold");
    assertFalse(small.observeHttpDate("https://x.example", "not a date"));
  }

  @Test
  void readingsExpireAndMemoryIsBounded() {
    AtomicReference<Instant> now = new AtomicReference<>(NOW);
    InstantSource clock = now::get;
    ClockSkewDetector d = ClockSkewDetector.builder().clock(clock).maxOrigins(3)
        .sampleTtl(Duration.ofMinutes(30)).build();
    for (int i = 0; i < 10; i++) {
      d.observe("https://p" + i + ".example", NOW.plus(Duration.ofHours(2)));
    }
    assertEquals(3, d.size());
    assertTrue(d.diagnose().isPresent());
    now.set(NOW.plus(Duration.ofMinutes(31)));
    assertFalse(d.diagnose().isPresent());
    assertEquals(0, d.size());
  }

  @Test
  void builderFailsFast() {
    assertThrows(IllegalArgumentException.class, () -> ClockSkewDetector.builder().minOrigins(1));
    assertThrows(IllegalArgumentException.class, () -> ClockSkewDetector.builder().threshold(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> ClockSkewDetector.builder().maxOrigins(0));
    assertThrows(IllegalStateException.class, () -> ClockSkewDetector.builder().maxOrigins(2).minOrigins(3).build());
    assertEquals("https://a.example:8443", ClockSkewDetector.originOf("https://A.example:8443/u#k"));
  }
}
