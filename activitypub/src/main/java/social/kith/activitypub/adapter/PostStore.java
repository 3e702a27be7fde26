package social.kith.activitypub.adapter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import social.kith.core.feed.FeedPosition;
import social.kith.core.model.Post;
import social.kith.core.model.PostId;

/**
 * The posts the adapter's feeds are made of: its own and those it received, kept in feed order
 * (newest first, ties by id). Bounded: past {@link #MAX_POSTS} the oldest post (by feed
 * position) is dropped from memory; own posts stay in the object store on disk. Thread-safe.
 */
final class PostStore {
  /** The most posts kept in memory. */
  static final int MAX_POSTS = 50_000;

  private final TreeSet<Post> ordered = new TreeSet<>(FeedPosition.POST_ORDER);
  private final Map<PostId, Post> byId = new HashMap<>();

  synchronized void put(Post post) {
    Post old = byId.put(post.id(), post);
    if (old != null) {
      ordered.remove(old);
    }
    ordered.add(post);
    if (ordered.size() > MAX_POSTS) {
      Post oldest = ordered.pollLast();
      byId.remove(oldest.id());
    }
  }

  synchronized Optional<Post> get(PostId id) {
    return Optional.ofNullable(byId.get(id));
  }

  synchronized boolean remove(PostId id) {
    Post old = byId.remove(id);
    return old != null && ordered.remove(old);
  }

  /** The posts matching {@code filter}, newest first (a snapshot). */
  synchronized List<Post> select(Predicate<Post> filter) {
    List<Post> out = new ArrayList<>();
    for (Post p : ordered) {
      if (filter.test(p)) {
        out.add(p);
      }
    }
    return out;
  }
}
