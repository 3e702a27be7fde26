package social.kith.activitypub.vocab;

import java.util.Set;

/**
 * The ActivityStreams and fediverse type names Kith sorts documents by. Names are the short forms
 * that {@link AsObject#types()} returns after resolving prefixes ({@code toot:Emoji} reads as
 * {@code Emoji}, {@code schema:PropertyValue} as {@code PropertyValue}).
 */
public final class AsTypes {
  private AsTypes() {}

  /** Types of actors: the ActivityStreams five. */
  public static final Set<String> ACTORS = Set.of("Person", "Service", "Application", "Group", "Organization");

  /**
   * Types that map to a post: ActivityStreams' content objects plus the extensions servers send
   * (Pleroma's {@code ChatMessage}).
   */
  public static final Set<String> POSTS = Set.of("Note", "Article", "Page", "Question", "Video", "Audio",
      "Image", "Event", "ChatMessage");

  /** Activity types: ActivityStreams' plus Pleroma, Lemmy, Misskey and GoToSocial extensions. */
  public static final Set<String> ACTIVITIES = Set.of("Accept", "Add", "Announce", "Arrive", "Block",
      "Create", "Delete", "Dislike", "Flag", "Follow", "Ignore", "Invite", "Join", "Leave", "Like",
      "Listen", "Move", "Offer", "Reject", "Read", "Remove", "TentativeReject", "TentativeAccept",
      "Travel", "Undo", "Update", "View", "EmojiReact", "EmojiReaction", "Lock", "LikeRequest",
      "ReplyRequest", "AnnounceRequest", "QuoteRequest", "Activity", "IntransitiveActivity");

  /** Collection types. */
  public static final Set<String> COLLECTIONS = Set.of("Collection", "OrderedCollection", "CollectionPage",
      "OrderedCollectionPage");

  /** Link types (a {@code Link} points at a resource with {@code href} rather than being one). */
  public static final Set<String> LINKS = Set.of("Link", "Mention", "Hashtag");
}
