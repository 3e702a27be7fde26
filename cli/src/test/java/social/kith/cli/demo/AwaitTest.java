package social.kith.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import social.kith.core.ErrorCode;
import social.kith.core.NetworkException;

class AwaitTest {
  @Test
  void returnsOnceTheConditionHolds() {
    AtomicInteger polls = new AtomicInteger();
    Await.until("the third poll", Duration.ofSeconds(30), () -> polls.incrementAndGet() == 3);
    assertEquals(3, polls.get());
  }

  @Test
  void aConditionThatNeverHolds_isANetworkFailureNamingWhatWasAwaited() {
    NetworkException e = assertThrows(NetworkException.class,
        () -> Await.until("bob's reply", Duration.ofMillis(50), () -> false));
    assertEquals(ErrorCode.Standard.NETWORK_FAILURE, e.code());
    assertTrue(e.getMessage().contains("bob's reply"), e.getMessage());
  }

  @Test
  void anInterruptedWaitStopsAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    try {
      assertThrows(NetworkException.class, () -> Await.until("never", Duration.ofSeconds(30), () -> false));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }
}
