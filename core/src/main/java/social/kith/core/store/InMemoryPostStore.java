package social.kith.core.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import social.kith.core.StorageException;
import social.kith.core.feed.Cursor;
import social.kith.core.feed.FeedPage;
import social.kith.core.feed.FeedPosition;
import social.kith.core.feed.FeedQuery;
import social.kith.core.internal.Checks;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Post;
import social.kith.core.model.PostId;

/**
 * A {@link PostStore} in memory, <b>for tests and small tools</b>: nothing survives the process,
 * and queries scan the posts in feed order. Holds at most {@code capacity} posts; a {@code put}
 * beyond that throws {@link StorageException} and stores nothing. Thread-safe (one lock).
 */
public final class InMemoryPostStore implements PostStore {
  /** The capacity when none is given. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private final int capacity;
  private final Map<PostId, Post> byId = new HashMap<>();
  private final TreeMap<FeedPosition, Post> ordered = new TreeMap<>();

  public InMemoryPostStore() {
    this(DEFAULT_CAPACITY);
  }

  public InMemoryPostStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized void put(Post post) {
    Checks.present(post, "post");
    Post old = byId.get(post.id());
    if (old == null && byId.size() >= capacity) {
      throw new StorageException("in-memory post store is full (" + capacity + " posts)");
    }
    if (old != null) {
      ordered.remove(FeedPosition.of(old));
    }
    byId.put(post.id(), post);
    ordered.put(FeedPosition.of(post), post);
  }

  @Override
  public synchronized Optional<Post> get(PostId id) {
    return Optional.ofNullable(byId.get(Checks.present(id, "post id")));
  }

  @Override
  public synchronized boolean delete(PostId id) {
    Post old = byId.remove(Checks.present(id, "post id"));
    if (old == null) {
      return false;
    }
    ordered.remove(FeedPosition.of(old));
    return true;
  }

  @Override
  public FeedPage<Post> byAuthors(Set<IdentityId> authors, int limit, Optional<Cursor> after) {
    Set<IdentityId> wanted = Set.copyOf(Checks.list(authors, "authors", Integer.MAX_VALUE));
    return page(p -> wanted.contains(p.author()), limit, after);
  }

  @Override
  public FeedPage<Post> thread(PostId root, int limit, Optional<Cursor> after) {
    Checks.present(root, "root");
    return page(p -> p.id().equals(root) || p.conversation().equals(root)
        || p.inReplyTo().filter(root::equals).isPresent(), limit, after);
  }

  @Override
  public FeedPage<Post> addressedTo(Set<IdentityId> identities, int limit, Optional<Cursor> after) {
    Set<IdentityId> wanted = Set.copyOf(Checks.list(identities, "identities", Integer.MAX_VALUE));
    return page(p -> wanted.stream().anyMatch(p::addresses), limit, after);
  }

  @Override
  public synchronized long size() {
    return byId.size();
  }

  private FeedPage<Post> page(Predicate<Post> filter, int limit, Optional<Cursor> after) {
    Checks.range(limit, "limit", 1, FeedQuery.MAX_LIMIT);
    Optional<FeedPosition> position = Checks.present(after, "after").map(FeedPosition::fromCursor);
    synchronized (this) {
      Iterable<Post> tail = position.isPresent()
          ? ordered.tailMap(position.get(), false).values()
          : ordered.values();
      return FeedPage.paginate(() -> filtered(tail, filter), limit, position);
    }
  }

  private static java.util.Iterator<Post> filtered(Iterable<Post> posts, Predicate<Post> filter) {
    return java.util.stream.StreamSupport.stream(posts.spliterator(), false).filter(filter).iterator();
  }
}
