package social.kith.activitypub.inbox;

/**
 * Receives activities of one type (registered with {@link Inbox.Builder#on}) after the inbox
 * accepted them. Runs on the inbox's thread before the response is sent; a listener that throws is
 * logged and isolated, and never changes the response or stops other listeners.
 */
@FunctionalInterface
public interface ActivityListener {
  void onActivity(ReceivedActivity activity);
}
