package social.kith.activitypub.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.fetch.FakeClock;
import social.kith.activitypub.signature.DoubleKnock;

class HostCircuitBreakerTest {
  final FakeClock clock = new FakeClock();
  final HostCircuitBreaker breaker = HostCircuitBreaker.builder().clock(clock).build();

  @Test
  void opensAfterFiveFailuresWithinTenMinutes() {
    for (int i = 0; i < 4; i++) {
      breaker.recordFailure("down.example");
      clock.advance(Duration.ofMinutes(2));
    }
    assertEquals(HostCircuitBreaker.Admission.ALLOW, breaker.admit("down.example"));
    breaker.recordFailure("down.example");
    assertTrue(breaker.isOpen("down.example"));
    assertEquals(HostCircuitBreaker.Admission.WAIT, breaker.admit("down.example"));
    assertEquals(clock.instant().plus(Duration.ofMinutes(30)), breaker.retryAt("down.example"));
  }

  @Test
  void failuresSpreadWiderThanTheWindowDoNotOpenIt() {
    for (int i = 0; i < 10; i++) {
      breaker.recordFailure("slow.example");
      clock.advance(Duration.ofMinutes(3));
    }
    assertFalse(breaker.isOpen("slow.example"));
  }

  @Test
  void halfOpenLetsOneProbeThroughAndAFailedProbeReopens() {
    for (int i = 0; i < 5; i++) {
      breaker.recordFailure("h.example");
    }
    clock.advance(Duration.ofMinutes(30));
    assertEquals(HostCircuitBreaker.Admission.PROBE, breaker.admit("h.example"));
    assertEquals(HostCircuitBreaker.Admission.WAIT, breaker.admit("h.example"), "one probe at a time");
    breaker.recordFailure("h.example");
    assertEquals(HostCircuitBreaker.Admission.WAIT, breaker.admit("h.example"));
    clock.advance(Duration.ofMinutes(30));
    assertEquals(HostCircuitBreaker.Admission.PROBE, breaker.admit("h.example"));
    breaker.recordSuccess("h.example");
    assertEquals(HostCircuitBreaker.Admission.ALLOW, breaker.admit("h.example"));
    assertFalse(breaker.isOpen("h.example"));
  }

  @Test
  void sevenDistinctFailureDaysMarkAHostUnavailableUntilASuccess() {
    for (int day = 0; day < 6; day++) {
      breaker.recordFailure("gone.example");
      clock.advance(Duration.ofDays(1));
    }
    assertFalse(breaker.isUnavailable("gone.example"));
    breaker.recordFailure("gone.example");
    assertTrue(breaker.isUnavailable("gone.example"));
    assertEquals(HostCircuitBreaker.Admission.UNAVAILABLE, breaker.admit("gone.example"));
    breaker.markAvailable("gone.example");
    assertEquals(HostCircuitBreaker.Admission.ALLOW, breaker.admit("gone.example"));
  }

  @Test
  void manyFailuresOnOneDayCountOnce() {
    for (int i = 0; i < 50; i++) {
      breaker.recordFailure("busy.example");
      clock.advance(Duration.ofMinutes(20));
    }
    // 50 * 20 min is under 17 hours: at most two UTC days.
    assertFalse(breaker.isUnavailable("busy.example"));
  }

  @Test
  void aHundredThousandFailingHostsStayBounded() {
    for (int i = 0; i < 100_000; i++) {
      breaker.recordFailure("h" + i + ".attacker.example");
    }
    long tracked = breaker.trackedHosts();
    assertTrue(tracked <= HostCircuitBreaker.DEFAULT_MAX_HOSTS, "tracked " + tracked);
    assertTrue(tracked > 0);
    clock.advance(HostCircuitBreaker.DEFAULT_STATE_TTL.plusSeconds(1));
    assertEquals(0, breaker.trackedHosts(), "every entry expires");

    // The signature-generation memory, the other per-origin state of delivery, is bounded too.
    DoubleKnock knock = DoubleKnock.builder().clock(clock).maxOrigins(500).build();
    for (int i = 0; i < 5_000; i++) {
      DoubleKnock.Knock k = knock.firstAttempt("https://h" + i + ".attacker.example");
      knock.onResponse(k, 202);
    }
    assertEquals(500, knock.size());
  }
}
