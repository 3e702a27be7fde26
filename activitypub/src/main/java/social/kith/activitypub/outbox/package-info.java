/**
 * Turning what a local identity does (core's {@code PostDraft} and {@code Interaction}) into
 * ActivityPub activities with stable ids and correct addressing, and fanning them out to inboxes
 * with shared-inbox de-duplication: {@link social.kith.activitypub.outbox.Outbox}. Delivery itself
 * is {@link social.kith.activitypub.delivery}.
 */
package social.kith.activitypub.outbox;
