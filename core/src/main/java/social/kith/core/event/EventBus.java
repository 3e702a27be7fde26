package social.kith.core.event;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fans events out to {@link Flow.Subscriber subscribers} and {@link EventListener listeners}
 * without ever blocking the adapter that emits them.
 *
 * <p><b>Backpressure and drops.</b> Each subscriber has its own buffer of {@code bufferCapacity}
 * events (rounded up to a power of two by {@link SubmissionPublisher}). {@link #emit} never waits:
 * when a subscriber's buffer is full (it requested too little, or its {@code onNext} is slow), that
 * subscriber misses the event; the others still get it. Every miss is counted
 * ({@link #droppedEvents()}) and logged at {@code WARNING} (the first and then every 1024th).
 *
 * <p><b>Isolation.</b> A listener that throws is logged at {@code WARNING} with the exception and
 * keeps its subscription; other listeners and the emitting adapter never see the exception.
 *
 * <p>Thread-safe. Closing completes every subscriber ({@code onComplete}); later events are ignored.
 */
public final class EventBus implements EventSink, AutoCloseable {
  /** The per-subscriber buffer when none is given. */
  public static final int DEFAULT_BUFFER = 256;

  private static final System.Logger LOG = System.getLogger(EventBus.class.getName());

  private final SubmissionPublisher<Event> publisher;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong listenerFailures = new AtomicLong();
  private final Flow.Publisher<Event> view;

  /**
   * A bus whose deliveries run on {@code executor} with a buffer of {@code bufferCapacity} events
   * (1 to 65536) per subscriber.
   */
  public EventBus(Executor executor, int bufferCapacity) {
    Objects.requireNonNull(executor, "executor");
    if (bufferCapacity < 1 || bufferCapacity > 65536) {
      throw new IllegalArgumentException("buffer capacity must be 1 to 65536, was " + bufferCapacity);
    }
    this.publisher = new SubmissionPublisher<>(executor, bufferCapacity);
    Flow.Publisher<Event> p = publisher;
    this.view = subscriber -> p.subscribe(Objects.requireNonNull(subscriber, "subscriber"));
  }

  @Override
  public void emit(Event event) {
    Objects.requireNonNull(event, "event");
    if (publisher.isClosed()) {
      LOG.log(Level.DEBUG, "event bus closed; ignoring " + event.getClass().getSimpleName());
      return;
    }
    try {
      publisher.offer(event, (subscriber, e) -> {
        recordDrop(e);
        return false;
      });
    } catch (IllegalStateException closedMeanwhile) {
      LOG.log(Level.DEBUG, "event bus closed; ignoring " + event.getClass().getSimpleName());
    } catch (RejectedExecutionException e) {
      recordDrop(event);
    }
  }

  private void recordDrop(Event e) {
    long n = dropped.incrementAndGet();
    if (n == 1 || n % 1024 == 0) {
      LOG.log(Level.WARNING, "a slow event subscriber missed " + e.getClass().getSimpleName()
          + " from " + e.protocol() + " (" + n + " events dropped so far)");
    }
  }

  /** The live events; each subscriber gets its own buffer (see the class comment on drops). */
  public Flow.Publisher<Event> publisher() {
    return view;
  }

  /** Calls {@code listener} for every later event until the registration is closed. */
  public Registration subscribe(EventListener listener) {
    ListenerSubscriber s = new ListenerSubscriber(Objects.requireNonNull(listener, "listener"));
    publisher.subscribe(s);
    return s;
  }

  /** Events that some subscriber missed because its buffer was full. */
  public long droppedEvents() {
    return dropped.get();
  }

  /** Exceptions thrown by listeners (each was logged and isolated). */
  public long listenerFailures() {
    return listenerFailures.get();
  }

  /** The number of current subscribers and listeners. */
  public int subscriberCount() {
    return publisher.getNumberOfSubscribers();
  }

  @Override
  public void close() {
    publisher.close();
  }

  private final class ListenerSubscriber implements Flow.Subscriber<Event>, Registration {
    private final EventListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Flow.Subscription subscription;

    ListenerSubscriber(EventListener listener) {
      this.listener = listener;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (closed.get()) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(Event event) {
      if (closed.get()) {
        return;
      }
      try {
        listener.onEvent(event);
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable t) {
        listenerFailures.incrementAndGet();
        LOG.log(Level.WARNING, "event listener " + listener.getClass().getName() + " threw on "
            + event.getClass().getSimpleName() + " from " + event.protocol() + "; it stays subscribed", t);
      }
    }

    @Override
    public void onError(Throwable t) {
      LOG.log(Level.DEBUG, "event listener subscription ended: " + t);
    }

    @Override
    public void onComplete() {
      // The bus was closed.
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        Flow.Subscription s = subscription;
        if (s != null) {
          s.cancel();
        }
      }
    }
  }
}
