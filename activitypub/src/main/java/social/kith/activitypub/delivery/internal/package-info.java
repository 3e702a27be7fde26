/** Queue records and the in-memory queue index. Not exported. */
package social.kith.activitypub.delivery.internal;
