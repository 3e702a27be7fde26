package social.kith.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls a condition until it holds or a generous deadline passes; tests never sleep for a fixed
 * time. The deadline catches hangs; it is not a speed assertion.
 */
public final class Eventually {
  /** The default deadline. */
  public static final Duration DEADLINE = Duration.ofSeconds(10);

  private Eventually() {}

  public static void await(String what, BooleanSupplier condition) {
    await(what, DEADLINE, condition);
  }

  public static void await(String what, Duration deadline, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + deadline + ": " + what);
      }
      LockSupport.parkNanos(1_000_000L);
    }
  }
}
