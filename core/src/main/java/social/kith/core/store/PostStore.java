package social.kith.core.store;

import java.util.Optional;
import java.util.Set;
import social.kith.core.InvalidInputException;
import social.kith.core.StorageException;
import social.kith.core.feed.Cursor;
import social.kith.core.feed.FeedPage;
import social.kith.core.feed.FeedPosition;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Post;
import social.kith.core.model.PostId;

/**
 * Posts by id, with the three queries every feed is built from. Pages are in {@link FeedPosition}
 * order and continue strictly after their cursor; a cursor from {@link FeedPosition#toCursor()} is
 * accepted, any other gives {@link InvalidInputException}. Limits are 1 to
 * {@link FeedQuery#MAX_LIMIT}. Implementations are thread-safe, and a failed write changes nothing
 * ({@link StorageException}). Checked by {@code PostStoreContract} in core's test-jar.
 */
public interface PostStore {
  /** Stores {@code post}, replacing a stored post with the same id (an edit). */
  void put(Post post);

  /** The post with this id. */
  Optional<Post> get(PostId id);

  /** Removes the post; true if it was there. */
  boolean delete(PostId id);

  /** Posts by any of {@code authors}: an author feed (one author) or a home feed (followees). */
  FeedPage<Post> byAuthors(Set<IdentityId> authors, int limit, Optional<Cursor> after);

  /**
   * The conversation under {@code root}: the root itself, posts whose thread root is {@code root}
   * and posts that reply directly to it.
   */
  FeedPage<Post> thread(PostId root, int limit, Optional<Cursor> after);

  /** Posts that mention any of {@code identities} or are addressed to one directly (notifications). */
  FeedPage<Post> addressedTo(Set<IdentityId> identities, int limit, Optional<Cursor> after);

  /** How many posts are stored. */
  long size();
}
