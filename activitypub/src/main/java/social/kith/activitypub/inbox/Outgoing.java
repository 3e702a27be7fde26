package social.kith.activitypub.inbox;

import java.lang.System.Logger.Level;
import java.net.URI;
import social.kith.activitypub.vocab.AsObject;

/**
 * Where the inbox hands the activities it answers with (an {@code Accept} or {@code Reject} of a
 * follow, the {@code Follow} of a moved account). The delivery module implements it with its
 * durable queue; {@link #NOT_SENT} is for receive-only use and tests.
 */
@FunctionalInterface
public interface Outgoing {
  /**
   * Queues {@code activity}, signed as {@code localActor}, for delivery to {@code recipient}'s inbox.
   * Must not block on the network.
   */
  void send(String localActor, AsObject activity, URI recipient);

  /** Sends nothing and logs what it did not send at INFO: the follow state is still recorded. */
  Outgoing NOT_SENT = (local, activity, recipient) -> System.getLogger(Outgoing.class.getName())
      .log(Level.INFO, "no delivery configured: not sending " + activity.type().orElse("?") + " from " + local
          + " to " + recipient);
}
