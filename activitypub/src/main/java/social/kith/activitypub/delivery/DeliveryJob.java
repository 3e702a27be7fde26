package social.kith.activitypub.delivery;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * One activity to be POSTed to one inbox. The activity (with its id) is fixed when the job is
 * created and stored with it, so every retry, after any number of restarts, sends the same bytes
 * with the same activity id and receivers can de-duplicate (checklist items 16 and 63).
 *
 * <p>Instants are kept to the millisecond (as stored). The body is copied in and out.
 *
 * @param id the job id, unique in its queue (a UUID by default), at most {@value #MAX_ID} characters
 * @param activityId the activity's {@code id}, at most {@value #MAX_URI} characters
 * @param actor the local actor the delivery is signed as
 * @param inbox the inbox (or shared inbox) to POST to
 * @param body the activity as JSON bytes, 1 byte to {@value #MAX_BODY_BYTES} bytes
 * @param enqueuedAt when the job was created
 * @param attempts how many attempts have failed so far
 * @param notBefore the earliest time of the next attempt
 */
public record DeliveryJob(String id, String activityId, URI actor, URI inbox, byte[] body,
    Instant enqueuedAt, int attempts, Instant notBefore) {
  /** The longest job id. */
  public static final int MAX_ID = 128;
  /** The longest activity id, actor or inbox URI. */
  public static final int MAX_URI = 2048;
  /** The largest activity body: 1 MiB. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  public DeliveryJob {
    checkText(id, "job id", MAX_ID);
    checkText(activityId, "activity id", MAX_URI);
    checkUri(actor, "actor");
    checkUri(inbox, "inbox");
    Objects.requireNonNull(body, "body");
    if (body.length == 0 || body.length > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("body must be 1 to " + MAX_BODY_BYTES + " bytes, not " + body.length);
    }
    body = body.clone();
    enqueuedAt = Objects.requireNonNull(enqueuedAt, "enqueuedAt").truncatedTo(ChronoUnit.MILLIS);
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative");
    }
    notBefore = Objects.requireNonNull(notBefore, "notBefore").truncatedTo(ChronoUnit.MILLIS);
  }

  /** A new job with a random id, due at {@code now}. */
  public static DeliveryJob create(String activityId, URI actor, URI inbox, byte[] body, Instant now) {
    return new DeliveryJob(UUID.randomUUID().toString(), activityId, actor, inbox, body, now, 0, now);
  }

  /** A copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body length in bytes. */
  public int bodyLength() {
    return body.length;
  }

  /** This job after {@code attempts} failures, next due at {@code notBefore}. */
  public DeliveryJob withSchedule(int attempts, Instant notBefore) {
    return new DeliveryJob(id, activityId, actor, inbox, body, enqueuedAt, attempts, notBefore);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeliveryJob j && id.equals(j.id) && activityId.equals(j.activityId)
        && actor.equals(j.actor) && inbox.equals(j.inbox) && enqueuedAt.equals(j.enqueuedAt)
        && attempts == j.attempts && notBefore.equals(j.notBefore)
        && Arrays.equals(body, j.body); // not secret: a public activity
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, activityId, inbox, attempts, notBefore);
  }

  /** Ids, inbox and schedule; the body is not repeated. */
  @Override
  public String toString() {
    return "DeliveryJob[" + id + ", activity=" + activityId + ", inbox=" + inbox + ", attempts=" + attempts
        + ", notBefore=" + notBefore + ", " + body.length + " bytes]";
  }

  private static void checkText(String s, String what, int max) {
    Objects.requireNonNull(s, what);
    if (s.isEmpty() || s.length() > max) {
      throw new IllegalArgumentException(what + " must be 1 to " + max + " characters");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(what + " contains whitespace or a control character");
      }
    }
  }

  private static void checkUri(URI u, String what) {
    Objects.requireNonNull(u, what);
    if (!u.isAbsolute() || u.getHost() == null || u.toString().length() > MAX_URI) {
      throw new IllegalArgumentException(what + " must be an absolute URI with a host, at most " + MAX_URI
          + " characters");
    }
  }
}
