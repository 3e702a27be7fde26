package social.kith.activitypub.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  final RetryPolicy policy = RetryPolicy.defaults();

  @Test
  void theDocumentedScheduleGrowsFourfoldUpToTheCap() {
    List<Duration> expected = List.of(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(8),
        Duration.ofMinutes(32), Duration.ofMinutes(128), Duration.ofMinutes(512), Duration.ofHours(12));
    for (int n = 1; n <= expected.size(); n++) {
      assertEquals(expected.get(n - 1), policy.baseDelayAfter(n), "after failure " + n);
    }
    assertEquals(Duration.ofHours(12), policy.baseDelayAfter(50));
  }

  @Test
  void jitterStaysWithinAQuarterAboveTheBase() {
    SplittableRandom random = new SplittableRandom(42);
    for (int n = 1; n < 8; n++) {
      Duration base = policy.baseDelayAfter(n);
      for (int i = 0; i < 200; i++) {
        Instant next = policy.nextAttempt(n, NOW, Optional.empty(), random).orElseThrow();
        assertFalse(next.isBefore(NOW.plus(base)));
        assertFalse(next.isAfter(NOW.plus(base).plus(base.dividedBy(4))));
      }
    }
  }

  @Test
  void theEighthFailureEndsTheJob() {
    assertTrue(policy.nextAttempt(7, NOW, Optional.empty(), new SplittableRandom(1)).isPresent());
    assertEquals(Optional.empty(), policy.nextAttempt(8, NOW, Optional.empty(), new SplittableRandom(1)));
  }

  @Test
  void retryAfterIsHonouredWhenLaterAndCapped() {
    SplittableRandom r = new SplittableRandom(3);
    assertEquals(NOW.plusSeconds(120), policy.nextAttempt(1, NOW, Optional.of("120"), r).orElseThrow());
    assertEquals(Instant.parse("2025-06-01T15:00:00Z"),
        policy.nextAttempt(1, NOW, Optional.of("Sun, 01 Jun 2025 15:00:00 GMT"), r).orElseThrow());
    assertEquals(NOW.plus(Duration.ofDays(1)), policy.nextAttempt(1, NOW, Optional.of("9999999"), r).orElseThrow());
    Instant early = policy.nextAttempt(1, NOW, Optional.of("1"), r).orElseThrow();
    assertFalse(early.isBefore(NOW.plusSeconds(30)), "a shorter Retry-After does not shorten the backoff");
    for (String junk : List.of("", "-5", "soon", "12345678901", "Sun, 01 Jun 2025 15:00:00 XYZ", "1.5")) {
      Instant t = policy.nextAttempt(1, NOW, Optional.of(junk), r).orElseThrow();
      assertFalse(t.isAfter(NOW.plusMillis(37_500)), "ignored: " + junk);
    }
  }

  @Test
  void statusesAreClassified() {
    assertEquals(RetryPolicy.Verdict.SUCCESS, RetryPolicy.classify(202));
    assertEquals(RetryPolicy.Verdict.SUCCESS, RetryPolicy.classify(200));
    assertEquals(RetryPolicy.Verdict.GONE, RetryPolicy.classify(404));
    assertEquals(RetryPolicy.Verdict.GONE, RetryPolicy.classify(410));
    assertEquals(RetryPolicy.Verdict.AUTH, RetryPolicy.classify(401));
    for (int s : new int[] {408, 429, 500, 502, 503, 504}) {
      assertEquals(RetryPolicy.Verdict.RETRY, RetryPolicy.classify(s), "status " + s);
    }
    for (int s : new int[] {301, 302, 403, 413, 422}) {
      assertEquals(RetryPolicy.Verdict.REJECTED, RetryPolicy.classify(s), "status " + s);
    }
  }

  @Test
  void jobsExpireAfterSevenDays() {
    assertFalse(policy.expired(NOW, NOW.plus(Duration.ofDays(7)).minusMillis(1)));
    assertTrue(policy.expired(NOW, NOW.plus(Duration.ofDays(7))));
  }

  @Test
  void theBuilderRefusesNonsense() {
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().maxAttempts(0));
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().baseDelay(Duration.ZERO));
    assertThrows(IllegalStateException.class,
        () -> RetryPolicy.builder().baseDelay(Duration.ofHours(2)).maxDelay(Duration.ofHours(1)).build());
  }
}
