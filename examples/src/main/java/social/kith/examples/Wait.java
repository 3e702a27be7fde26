package social.kith.examples;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The two waits every long-running example does: for the next event its listener queued, and, before
 * exiting, for the network to finish (deliveries sent, peers done fetching). Deliberately tiny, like
 * {@link Args}; deadlines are {@link System#nanoTime()} values.
 */
public final class Wait {
  private Wait() {}

  /**
   * The next item of {@code queue}: with {@code once}, {@code null} if none arrives before
   * {@code deadlineNanos}; otherwise it waits as long as it takes.
   */
  public static <T> T next(BlockingQueue<T> queue, boolean once, long deadlineNanos) throws InterruptedException {
    return once ? queue.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS) : queue.take();
  }

  /**
   * Polls {@code done} every {@code every} until it holds (true), or until {@code deadlineNanos}
   * passes or this thread is interrupted (false). For work that runs on other threads and offers no
   * completion callback, such as the delivery queue or the SSB connection count.
   */
  public static boolean until(BooleanSupplier done, long deadlineNanos, Duration every) {
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - deadlineNanos >= 0 || Thread.currentThread().isInterrupted()) {
        return false;
      }
      LockSupport.parkNanos(every.toNanos());
    }
    return true;
  }
}
