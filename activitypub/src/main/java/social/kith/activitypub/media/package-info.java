/**
 * Media for attachments: a content-addressed, file-backed {@link social.kith.activitypub.media.MediaStore}
 * with a size cap and a media-type allowlist ({@link social.kith.activitypub.media.MediaTypes}: passive
 * image, video and audio formats only, each checked against its file signature), whose files the actor
 * server serves at {@code /media/<sha256>}.
 */
package social.kith.activitypub.media;
