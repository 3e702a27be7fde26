/**
 * The inbox pipeline ({@link social.kith.activitypub.inbox.Inbox}): size cap, blocks, rate limits per
 * remote server, HTTP signature verification with proven key ownership, signer-is-actor, origin checks,
 * idempotency, built-in handling of follows and ownership, then core events and typed listeners.
 */
package social.kith.activitypub.inbox;
