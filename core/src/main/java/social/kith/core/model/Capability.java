package social.kith.core.model;

/**
 * Something a protocol adapter can do. Core never assumes that every protocol can do everything:
 * a call that needs a capability the adapter lacks fails with
 * {@link social.kith.core.UnsupportedCapabilityException} instead of being silently ignored.
 */
public enum Capability {
  /** Publish a new post. */
  PUBLISH,
  /** Publish a post that replies to another ({@code inReplyTo}). */
  REPLY,
  /** Like a post. */
  LIKE,
  /** Like with a reaction emoji rather than a plain like. */
  REACTION_EMOJI,
  /** Share (boost, announce) someone's post. */
  SHARE,
  /** Follow an identity. */
  FOLLOW,
  /** Stop following an identity. */
  UNFOLLOW,
  /** Block an identity. */
  BLOCK,
  /** Edit a published post. */
  EDIT,
  /** Delete a published post. */
  DELETE,
  /** Posts with {@link Visibility#DIRECT} visibility, addressed to named recipients. */
  DIRECT_MESSAGE,
  /** A content warning (summary, spoiler text) and the sensitive flag. */
  CONTENT_WARNING,
  /** Media attachments with alt text. */
  ATTACHMENTS,
  /** Posts with {@link Visibility#UNLISTED} visibility. */
  VISIBILITY_UNLISTED,
  /** Posts with {@link Visibility#FOLLOWERS} visibility. */
  VISIBILITY_FOLLOWERS,
  /** Events about arriving posts and interactions, delivered while the adapter runs. */
  LIVE_EVENTS,
  /** Resolve a handle or id to an identity. */
  RESOLVE_HANDLE,
  /** The {@code AUTHOR} feed: an identity's posts. */
  FEED_AUTHOR,
  /** The {@code HOME} feed: posts from followed identities and one's own. */
  FEED_HOME,
  /** The {@code NOTIFICATIONS} feed: posts that mention or reply to a local identity. */
  FEED_NOTIFICATIONS,
  /** The {@code THREAD} feed: a conversation under a root post. */
  FEED_THREAD
}
