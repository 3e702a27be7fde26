package social.kith.activitypub.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable store of pending deliveries: the seam an application backs with its own database.
 * {@link LogDeliveryQueue} is the embedded default; {@link InMemoryDeliveryQueue} is for tests.
 *
 * <p>Contract (run {@code DeliveryQueueContract} against an implementation):
 * <ul>
 *   <li>{@link #enqueue} is all-or-nothing and durable when it returns: after a crash every job
 *       of an acknowledged call is pending (or finished), none of a failed call is.</li>
 *   <li>A job is pending until {@link #complete} or {@link #deadLetter}. {@link #lease} hands out
 *       due jobs (earliest {@code notBefore} first) and hides them for the lease time; a lease is
 *       not persisted, so after a restart or an expired lease the job is due again. Delivery is
 *       therefore at-least-once, with the same job and activity id every time.</li>
 *   <li>{@link #reschedule} records a failed attempt and the next due time; it survives restarts.</li>
 *   <li>Operations on a job that is no longer pending return false and change nothing.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface DeliveryQueue extends AutoCloseable {
  /**
   * Adds jobs, all or none.
   *
   * @throws DeliveryException {@link DeliveryError#DUPLICATE_JOB} if an id is pending or repeated
   *     (nothing added), {@link DeliveryError#CLOSED}
   */
  void enqueue(List<DeliveryJob> jobs);

  /**
   * Claims up to {@code max} jobs due at {@code now} (not before their {@code notBefore}, not
   * leased by anyone else), hiding them until {@code now + leaseTime}.
   */
  List<DeliveryJob> lease(Instant now, int max, Duration leaseTime);

  /** Finishes a job successfully; false if it is not pending. */
  boolean complete(String jobId, Instant at);

  /**
   * Records a failed attempt: the job now has {@code attempts} failures and is due again at
   * {@code notBefore}; its lease ends. False if it is not pending.
   */
  boolean reschedule(String jobId, int attempts, Instant notBefore, String reason);

  /**
   * Moves a job to the dead letters; false if it is not pending.
   *
   * @param reason a {@link DeliveryError#isPermanentFailure() permanent} reason
   */
  boolean deadLetter(String jobId, DeliveryError reason, String message, Instant at);

  /** The earliest {@code notBefore} of the pending jobs that are not leased, if any. */
  Optional<Instant> nextDue();

  /** How many jobs are pending (leased or not). */
  int pendingCount();

  /** The pending job with this id, if any. */
  Optional<DeliveryJob> pending(String jobId);

  /** The most recent dead letters, newest last (an implementation may keep a bounded number). */
  List<DeadLetter> deadLetters();

  /** Releases the storage. Idempotent; afterwards every operation fails with {@link DeliveryError#CLOSED}. */
  @Override
  void close();
}
