package social.kith.activitypub.server;

/**
 * The framework-neutral ActivityPub endpoint: a request in, a response out, no HTTP library in
 * sight. {@link ActorServer} is the implementation; {@link ApServer} mounts it on the JDK's HTTP
 * server and any other stack can mount it the same way (convert, call, convert back): an
 * {@link social.kith.activitypub.adapter.ApAdapter} built with {@code externalServer} hands out its
 * endpoint as {@link social.kith.activitypub.adapter.ApAdapter#handler()} for that.
 * Implementations never throw for anything a client sends: they answer with a status instead.
 */
@FunctionalInterface
public interface ApHandler {
  /** Answers one request. */
  ApResponse handle(ApRequest request);
}
