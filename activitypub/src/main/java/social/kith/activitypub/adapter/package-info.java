/**
 * The ActivityPub {@link social.kith.core.spi.ProtocolAdapter}: one process serving local actors
 * (router, inbox, outbox, durable delivery) behind core's protocol-neutral API.
 */
package social.kith.activitypub.adapter;
