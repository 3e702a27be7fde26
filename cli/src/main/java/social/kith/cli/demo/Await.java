package social.kith.cli.demo;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import social.kith.core.NetworkException;

/** Polls a condition until it holds or a deadline passes (the demo waits for the network, never for a fixed time). */
final class Await {
  private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

  private Await() {}

  /**
   * Returns once {@code condition} is true.
   *
   * @throws NetworkException naming {@code what} if it is still false after {@code timeout}
   */
  static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new NetworkException("gave up after " + timeout.toSeconds() + " s waiting for " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new NetworkException("interrupted while waiting for " + what);
      }
    }
  }
}
