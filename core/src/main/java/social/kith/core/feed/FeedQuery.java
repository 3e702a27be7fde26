package social.kith.core.feed;

import java.util.Optional;
import social.kith.core.InvalidInputException;
import social.kith.core.internal.Checks;
import social.kith.core.model.Capability;
import social.kith.core.model.IdentityId;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;

/**
 * Which feed to read and which page of it. Made with the factories ({@link #author},
 * {@link #home()}, {@link #notifications()}, {@link #thread}) and refined with {@link #limit(int)}
 * and {@link #after(Cursor)}.
 *
 * @param kind which feed
 * @param author whose posts, for {@link Kind#AUTHOR}
 * @param root the conversation's first post, for {@link Kind#THREAD}
 * @param viewer whose home or notifications, for {@link Kind#HOME} and {@link Kind#NOTIFICATIONS};
 *     empty means every local identity of the adapter
 * @param limit the most items on one page, 1 to {@value #MAX_LIMIT}
 * @param cursor where the page starts; empty for the newest items
 */
public record FeedQuery(Kind kind, Optional<IdentityId> author, Optional<PostId> root,
    Optional<IdentityId> viewer, int limit, Optional<Cursor> cursor) {
  /** The page size when none is given. */
  public static final int DEFAULT_LIMIT = 20;
  /** The largest page size. */
  public static final int MAX_LIMIT = 200;

  /** The feeds an adapter may offer; each needs its {@link #capability()}. */
  public enum Kind {
    /** One identity's posts. */
    AUTHOR(Capability.FEED_AUTHOR),
    /** Posts of followed identities and one's own. */
    HOME(Capability.FEED_HOME),
    /** Posts that mention, reply or are addressed to a local identity. */
    NOTIFICATIONS(Capability.FEED_NOTIFICATIONS),
    /** A conversation: the root post and every post in its thread. */
    THREAD(Capability.FEED_THREAD);

    private final Capability capability;

    Kind(Capability capability) {
      this.capability = capability;
    }

    /** The capability an adapter needs to serve this feed. */
    public Capability capability() {
      return capability;
    }
  }

  public FeedQuery {
    Checks.present(kind, "feed kind");
    Checks.present(author, "author");
    Checks.present(root, "root");
    Checks.present(viewer, "viewer");
    Checks.present(cursor, "cursor");
    Checks.range(limit, "limit", 1, MAX_LIMIT);
    if (author.isPresent() != (kind == Kind.AUTHOR)) {
      throw new InvalidInputException("an author is required for, and only for, an AUTHOR feed");
    }
    if (root.isPresent() != (kind == Kind.THREAD)) {
      throw new InvalidInputException("a root is required for, and only for, a THREAD feed");
    }
    if (viewer.isPresent() && kind != Kind.HOME && kind != Kind.NOTIFICATIONS) {
      throw new InvalidInputException("a viewer is only meaningful for HOME and NOTIFICATIONS feeds");
    }
  }

  /** {@code author}'s posts. */
  public static FeedQuery author(IdentityId author) {
    return new FeedQuery(Kind.AUTHOR, Optional.of(Checks.present(author, "author")), Optional.empty(),
        Optional.empty(), DEFAULT_LIMIT, Optional.empty());
  }

  /** The home timeline of every local identity (merged across adapters by the client). */
  public static FeedQuery home() {
    return new FeedQuery(Kind.HOME, Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT, Optional.empty());
  }

  /** {@code viewer}'s home timeline. */
  public static FeedQuery home(IdentityId viewer) {
    return new FeedQuery(Kind.HOME, Optional.empty(), Optional.empty(),
        Optional.of(Checks.present(viewer, "viewer")), DEFAULT_LIMIT, Optional.empty());
  }

  /** Posts addressed to any local identity. */
  public static FeedQuery notifications() {
    return new FeedQuery(Kind.NOTIFICATIONS, Optional.empty(), Optional.empty(), Optional.empty(),
        DEFAULT_LIMIT, Optional.empty());
  }

  /** Posts addressed to {@code viewer}. */
  public static FeedQuery notifications(IdentityId viewer) {
    return new FeedQuery(Kind.NOTIFICATIONS, Optional.empty(), Optional.empty(),
        Optional.of(Checks.present(viewer, "viewer")), DEFAULT_LIMIT, Optional.empty());
  }

  /** The conversation under {@code root}. */
  public static FeedQuery thread(PostId root) {
    return new FeedQuery(Kind.THREAD, Optional.empty(), Optional.of(Checks.present(root, "root")),
        Optional.empty(), DEFAULT_LIMIT, Optional.empty());
  }

  /** A copy with another page size. */
  public FeedQuery limit(int limit) {
    return new FeedQuery(kind, author, root, viewer, limit, cursor);
  }

  /** A copy that starts after {@code cursor} (from a previous page's {@link FeedPage#next()}). */
  public FeedQuery after(Cursor cursor) {
    return new FeedQuery(kind, author, root, viewer, limit, Optional.of(Checks.present(cursor, "cursor")));
  }

  /** The capability an adapter needs to serve this query. */
  public Capability capability() {
    return kind.capability();
  }

  /**
   * The one protocol that can answer this query, when the query names an id (author, root or
   * viewer); empty for a HOME or NOTIFICATIONS feed across every protocol.
   */
  public Optional<Protocol> protocol() {
    return author.map(IdentityId::protocol)
        .or(() -> root.map(PostId::protocol))
        .or(() -> viewer.map(IdentityId::protocol));
  }

  /** The position the cursor stands for, if there is a cursor. */
  public Optional<FeedPosition> position() {
    return cursor.map(FeedPosition::fromCursor);
  }
}
