package social.kith.activitypub.server;

import java.util.Optional;

/**
 * Where {@link ActorServer} hands inbox POSTs. {@code social.kith.activitypub.inbox.Inbox} is the
 * implementation; the seam keeps the router free of the inbox pipeline.
 */
@FunctionalInterface
public interface InboxEndpoint {
  /**
   * Answers a POST to an inbox.
   *
   * @param request the request, body already capped by the adapter
   * @param localActor the username whose personal inbox was addressed, or empty for the shared inbox
   */
  ApResponse receive(ApRequest request, Optional<String> localActor);
}
