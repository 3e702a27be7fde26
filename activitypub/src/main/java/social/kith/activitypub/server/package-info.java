/**
 * The ActivityPub server side: a framework-neutral router ({@link social.kith.activitypub.server.ActorServer},
 * an {@link social.kith.activitypub.server.ApHandler} over plain {@link social.kith.activitypub.server.ApRequest}
 * and {@link social.kith.activitypub.server.ApResponse} values) for WebFinger, NodeInfo, actors, inboxes,
 * outboxes, collections and objects by id; an embedded adapter on the JDK's HTTP server
 * ({@link social.kith.activitypub.server.ApServer}); and the small stores it reads (local actors and their
 * keys, follows, served objects) with in-memory and file-backed defaults, plus identity export and import.
 */
package social.kith.activitypub.server;
