package social.kith.activitypub.server.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker pool of the embedded HTTP server, with I/O deadlines (checklist item 67).
 *
 * <p>The JDK's server reads the request line, the headers and (through our handler) the body on
 * the worker thread, from a socket channel in blocking mode, and it has no read deadline of its
 * own. Each task therefore starts in a <em>read phase</em> with a deadline; the handler ends it
 * with {@link Phase#endRead()} once the body is in, and opens a <em>write phase</em> with its own
 * deadline before writing the response. If a phase outlives its deadline, a timer interrupts the
 * worker: interrupting a thread blocked in a channel read or write closes the channel
 * ({@code ClosedByInterruptException}), which frees the thread and drops the connection. The
 * processing in between (signature checks, key fetches, listeners) is never interrupted; it has its
 * own timeouts. A slow client thus holds a worker for at most one deadline, however slowly it
 * trickles bytes.
 */
public final class DeadlineExecutor implements Executor, AutoCloseable {
  private static final ThreadLocal<Phase> CURRENT = new ThreadLocal<>();

  private final ThreadPoolExecutor pool;
  private final ScheduledThreadPoolExecutor timer;
  private final long readNanos;
  private final long writeNanos;
  private final AtomicLong timeouts = new AtomicLong();

  public DeadlineExecutor(int workers, Duration readDeadline, Duration writeDeadline, String name) {
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name + "-deadlines");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    this.readNanos = readDeadline.toNanos();
    this.writeNanos = writeDeadline.toNanos();
  }

  /** The phase of the exchange running on this thread, or null outside a worker. */
  public static Phase current() {
    return CURRENT.get();
  }

  /** How many exchanges were cut off by a deadline. */
  public long timeouts() {
    return timeouts.get();
  }

  @Override
  public void execute(Runnable task) {
    pool.execute(() -> {
      Phase phase = new Phase(Thread.currentThread());
      CURRENT.set(phase);
      phase.arm(readNanos);
      try {
        task.run();
      } finally {
        phase.disarm();
        CURRENT.remove();
        Thread.interrupted(); // never leak an interrupt into the next task
      }
    });
  }

  @Override
  public void close() {
    pool.shutdownNow();
    timer.shutdownNow();
  }

  /** One exchange's deadline state. */
  public final class Phase {
    private final Thread worker;
    private ScheduledFuture<?> pending;
    private long generation;
    private volatile boolean timedOut;

    private Phase(Thread worker) {
      this.worker = worker;
    }

    private synchronized void arm(long nanos) {
      disarm();
      long gen = ++generation;
      pending = timer.schedule(() -> fire(gen), nanos, TimeUnit.NANOSECONDS);
    }

    private synchronized void fire(long gen) {
      if (gen == generation && pending != null) {
        timedOut = true;
        timeouts.incrementAndGet();
        worker.interrupt();
      }
    }

    private synchronized void disarm() {
      generation++;
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
    }

    /** The request is fully read: stop the read deadline (processing runs without one). */
    public void endRead() {
      disarm();
      if (!timedOut) {
        Thread.interrupted();
      }
    }

    /** The response is about to be written: start the write deadline. */
    public void beginWrite() {
      arm(writeNanos);
    }

    /** True if a deadline cut this exchange off. */
    public boolean timedOut() {
      return timedOut;
    }
  }
}
