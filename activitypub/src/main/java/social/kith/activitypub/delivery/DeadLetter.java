package social.kith.activitypub.delivery;

import java.time.Instant;
import java.util.Objects;

/**
 * A job that ended without success, kept for inspection and manual replay.
 *
 * @param job the job as it was last scheduled
 * @param reason why it ended
 * @param message a human-readable detail (no secrets)
 * @param at when it ended
 */
public record DeadLetter(DeliveryJob job, DeliveryError reason, String message, Instant at) {
  public DeadLetter {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
  }
}
