/**
 * A crash-safe append-only log of checksummed records ({@link social.kith.core.log.AppendOnlyLog}),
 * with recovery of a torn tail, an fsck ({@code check}) and an explicit {@code repair}. The SSB feed
 * store and the ActivityPub delivery queue are built on it. The on-disk format is specified in
 * {@link social.kith.core.log.AppendOnlyLog}.
 */
package social.kith.core.log;
