package social.kith.ssb.store;

import java.util.Objects;
import java.util.Optional;
import social.kith.core.InvalidInputException;
import social.kith.core.feed.Cursor;

/**
 * Which page of a store query to return: the order, the page size and where to continue.
 *
 * @param order the direction
 * @param limit the most messages on the page, 1 to {@value #MAX_LIMIT}
 * @param after the {@link social.kith.core.feed.FeedPage#next()} cursor of the previous page of the
 *     same query; empty for the first page
 */
public record PageRequest(Order order, int limit, Optional<Cursor> after) {
  /** The largest page: a page is read into memory whole. */
  public static final int MAX_LIMIT = 1000;
  /** The page size of {@link #newestFirst()} and {@link #oldestFirst()}. */
  public static final int DEFAULT_LIMIT = 50;

  public PageRequest {
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(after, "after");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw InvalidInputException.limit("page limit must be in [1, " + MAX_LIMIT + "], was " + limit);
    }
  }

  /** The first page, newest first, of {@value #DEFAULT_LIMIT} messages. */
  public static PageRequest newestFirst() {
    return new PageRequest(Order.NEWEST_FIRST, DEFAULT_LIMIT, Optional.empty());
  }

  /** The first page, oldest first, of {@value #DEFAULT_LIMIT} messages. */
  public static PageRequest oldestFirst() {
    return new PageRequest(Order.OLDEST_FIRST, DEFAULT_LIMIT, Optional.empty());
  }

  /** A copy with another page size. */
  public PageRequest limit(int limit) {
    return new PageRequest(order, limit, after);
  }

  /** A copy continuing after {@code cursor}. */
  public PageRequest after(Cursor cursor) {
    return new PageRequest(order, limit, Optional.of(Objects.requireNonNull(cursor, "cursor")));
  }
}
