package social.kith.activitypub.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import social.kith.activitypub.delivery.internal.QueueIndex;

/**
 * A {@link DeliveryQueue} in memory, FOR TESTS ONLY: everything pending is lost when the process
 * ends, so a restart silently drops deliveries (checklist item 63). Production code uses
 * {@link LogDeliveryQueue} or a database-backed queue. Creating one logs a WARNING.
 */
public final class InMemoryDeliveryQueue implements DeliveryQueue {
  private static final System.Logger LOG = System.getLogger(InMemoryDeliveryQueue.class.getName());

  private final QueueIndex<DeliveryJob> index;
  private boolean closed;

  private InMemoryDeliveryQueue(int maxDeadLetters) {
    this.index = new QueueIndex<>(maxDeadLetters);
  }

  /** A test queue keeping up to 1,000 dead letters. Logs a WARNING: nothing survives a restart. */
  public static InMemoryDeliveryQueue forTests() {
    LOG.log(System.Logger.Level.WARNING,
        "InMemoryDeliveryQueue: pending deliveries are lost on restart (tests only)");
    return new InMemoryDeliveryQueue(1000);
  }

  @Override
  public synchronized void enqueue(List<DeliveryJob> jobs) {
    open();
    List<DeliveryJob> copy = List.copyOf(jobs);
    Set<String> ids = new HashSet<>();
    for (DeliveryJob j : copy) {
      if (!ids.add(j.id()) || index.contains(j.id())) {
        throw new DeliveryException(DeliveryError.DUPLICATE_JOB, "job " + j.id() + " is already queued");
      }
    }
    for (DeliveryJob j : copy) {
      index.add(j.id(), j, j.attempts(), j.notBefore());
    }
  }

  @Override
  public synchronized List<DeliveryJob> lease(Instant now, int max, Duration leaseTime) {
    open();
    checkLease(now, max, leaseTime);
    List<DeliveryJob> out = new ArrayList<>();
    for (QueueIndex.Slot<DeliveryJob> s : index.lease(now, max, leaseTime)) {
      out.add(s.payload().withSchedule(s.attempts(), s.notBefore()));
    }
    return out;
  }

  @Override
  public synchronized boolean complete(String jobId, Instant at) {
    open();
    return index.remove(Objects.requireNonNull(jobId, "jobId"));
  }

  @Override
  public synchronized boolean reschedule(String jobId, int attempts, Instant notBefore, String reason) {
    open();
    Objects.requireNonNull(reason, "reason");
    return index.reschedule(Objects.requireNonNull(jobId, "jobId"), attempts, notBefore);
  }

  @Override
  public synchronized boolean deadLetter(String jobId, DeliveryError reason, String message, Instant at) {
    open();
    checkDead(reason);
    QueueIndex.Slot<DeliveryJob> s = index.get(Objects.requireNonNull(jobId, "jobId"));
    if (s == null) {
      return false;
    }
    DeliveryJob job = s.payload().withSchedule(s.attempts(), s.notBefore());
    index.remove(jobId);
    index.addDead(new DeadLetter(job, reason, message, at));
    return true;
  }

  @Override
  public synchronized Optional<Instant> nextDue() {
    open();
    return index.nextDue();
  }

  @Override
  public synchronized int pendingCount() {
    open();
    return index.size();
  }

  @Override
  public synchronized Optional<DeliveryJob> pending(String jobId) {
    open();
    QueueIndex.Slot<DeliveryJob> s = index.get(jobId);
    return s == null ? Optional.empty() : Optional.of(s.payload().withSchedule(s.attempts(), s.notBefore()));
  }

  @Override
  public synchronized List<DeadLetter> deadLetters() {
    open();
    return index.deadLetters();
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void open() {
    if (closed) {
      throw new DeliveryException(DeliveryError.CLOSED, "the queue is closed");
    }
  }

  static void checkLease(Instant now, int max, Duration leaseTime) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(leaseTime, "leaseTime");
    if (max < 1 || leaseTime.isNegative() || leaseTime.isZero()) {
      throw new IllegalArgumentException("max and leaseTime must be positive");
    }
  }

  static void checkDead(DeliveryError reason) {
    if (!Objects.requireNonNull(reason, "reason").isPermanentFailure()) {
      throw new IllegalArgumentException(reason + " is not a reason to dead-letter a job");
    }
  }

  @Override
  public String toString() {
    return "InMemoryDeliveryQueue[tests only]";
  }
}
