package social.kith.activitypub.delivery;

import java.time.Instant;

/**
 * Hears what happened to each delivery. Called on worker threads; a listener that throws is
 * logged and ignored, never stopping the worker. Every method does nothing by default.
 */
public interface DeliveryListener {
  /** A listener that does nothing. */
  DeliveryListener NONE = new DeliveryListener() {};

  /** The inbox accepted the job with a 2xx {@code status}. */
  default void delivered(DeliveryJob job, int status) {}

  /** The attempt failed and the job will be tried again at {@code next}. */
  default void retryScheduled(DeliveryJob job, int attempts, Instant next, String reason) {}

  /**
   * The inbox answered 404 or 410: the recipient is gone and the job is dead-lettered without a
   * retry. Applications usually drop the follower here.
   */
  default void gone(DeliveryJob job, int status) {}

  /** The job ended without success for {@code reason} (also after {@link #gone}). */
  default void failedPermanently(DeliveryJob job, DeliveryError reason, String message) {}
}
