package social.kith.activitypub.delivery;

import social.kith.core.ErrorCode;

/**
 * Why a delivery ended without success, or why the queue refused an operation. The constant names
 * are stable; {@link #isPermanentFailure()} marks the reasons a dead-lettered job carries.
 */
public enum DeliveryError implements ErrorCode {
  /** The inbox answered 404 or 410: the recipient is gone; no retry. */
  GONE(true),
  /** 401 (or 400) with both signature generations: a permanent authentication failure. */
  AUTH_REJECTED(true),
  /** Another 4xx (403, 413, 422 ...): the peer refuses this activity; retrying does not help. */
  REJECTED(true),
  /** The guard refused the inbox URL or address (private, loopback, bad scheme): nothing was sent. */
  REFUSED(true),
  /** The capped number of attempts failed. */
  RETRIES_EXHAUSTED(true),
  /** The job outlived the retry policy's maximum age before it could be delivered. */
  EXPIRED(true),
  /** The inbox host failed on too many distinct days and is marked unavailable. */
  HOST_UNAVAILABLE(true),
  /** No signing credential is known for the job's actor. */
  NO_CREDENTIAL(true),
  /** A job id the queue does not hold as pending. */
  UNKNOWN_JOB(false),
  /** A job id that is already in the queue. Nothing was enqueued. */
  DUPLICATE_JOB(false),
  /** The queue's storage holds a record this code cannot read. */
  CORRUPT_QUEUE(false),
  /** The queue's storage failed (disk full, permissions); the operation did not take effect. */
  STORAGE_FAILURE(false),
  /** The queue or worker is closed. */
  CLOSED(false);

  private final boolean permanentFailure;

  DeliveryError(boolean permanentFailure) {
    this.permanentFailure = permanentFailure;
  }

  /** True for the reasons that end a job in the dead-letter list. */
  public boolean isPermanentFailure() {
    return permanentFailure;
  }
}
