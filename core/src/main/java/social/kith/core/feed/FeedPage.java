package social.kith.core.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import social.kith.core.internal.Checks;
import social.kith.core.model.Post;

/**
 * One page of a feed, in feed order (newest first).
 *
 * @param items the items on this page
 * @param next where the following page starts; empty when this is the last page
 */
public record FeedPage<T>(List<T> items, Optional<Cursor> next) {
  public FeedPage {
    items = Checks.list(items, "items", Integer.MAX_VALUE);
    Checks.present(next, "next");
  }

  /** The empty last page. */
  public static <T> FeedPage<T> empty() {
    return new FeedPage<>(List.of(), Optional.empty());
  }

  /** True if there is a following page. */
  public boolean hasNext() {
    return next.isPresent();
  }

  /**
   * A page of {@code newestFirst} (which must already be in feed order): up to {@code limit} posts
   * strictly after {@code after}, with a cursor when more follow. For stores and adapters that hold
   * their posts in memory.
   */
  public static FeedPage<Post> paginate(Iterable<Post> newestFirst, int limit, Optional<FeedPosition> after) {
    Checks.range(limit, "limit", 1, FeedQuery.MAX_LIMIT);
    Checks.present(after, "after");
    List<Post> out = new ArrayList<>(limit);
    boolean more = false;
    for (Post p : newestFirst) {
      if (after.isPresent() && !FeedPosition.of(p).isAfter(after.get())) {
        continue;
      }
      if (out.size() == limit) {
        more = true;
        break;
      }
      out.add(p);
    }
    Optional<Cursor> next = more ? Optional.of(FeedPosition.of(out.get(out.size() - 1)).toCursor()) : Optional.empty();
    return new FeedPage<>(out, next);
  }
}
