package social.kith.core.model;

/** Who may see a post. Protocols that cannot express a level lack the matching {@link Capability}. */
public enum Visibility {
  /** Everyone, listed in public timelines. */
  PUBLIC,
  /** Everyone with the link, but kept out of public timelines. Needs {@link Capability#VISIBILITY_UNLISTED}. */
  UNLISTED,
  /** The author's followers only. Needs {@link Capability#VISIBILITY_FOLLOWERS}. */
  FOLLOWERS,
  /** Only the named recipients. Needs {@link Capability#DIRECT_MESSAGE}. */
  DIRECT
}
