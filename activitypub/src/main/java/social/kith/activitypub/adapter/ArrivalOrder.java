package social.kith.activitypub.adapter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Post;
import social.kith.core.model.PostId;

/**
 * Puts a received post's Create, Update and Delete back in order. Deliveries run in parallel and
 * are retried, so an Update or a Delete can arrive before the Create it changes. A Delete of a post
 * not yet held leaves a tombstone, so the late Create never resurrects it; an Update of a post not
 * yet held is kept and stands in for the older Create when that arrives. Only the author's own
 * changes count (the inbox has checked that the sender is the post's author). Both memories are
 * bounded: past {@code max} entries the oldest is forgotten. Not thread-safe: the adapter holds one
 * lock around it and its post store.
 */
final class ArrivalOrder {
  /** Early changes remembered at the most, per kind. */
  static final int DEFAULT_MAX = 10_000;

  private final Map<PostId, IdentityId> tombstones;
  private final Map<PostId, Post> earlyEdits;

  ArrivalOrder(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    this.tombstones = bounded(max);
    this.earlyEdits = bounded(max);
  }

  /**
   * The post to store for a Create that just arrived: null if its author deleted it first, the
   * author's edit if that came first, else the post itself.
   */
  Post created(Post post) {
    Objects.requireNonNull(post, "post");
    if (post.author().equals(tombstones.get(post.id()))) {
      return null;
    }
    Post early = earlyEdits.remove(post.id());
    return early != null && early.author().equals(post.author()) ? early : post;
  }

  /** An Update of a post not held: kept for its Create, unless its author already deleted it. */
  void editedBeforeCreate(Post edited) {
    Objects.requireNonNull(edited, "edited");
    if (!edited.author().equals(tombstones.get(edited.id()))) {
      earlyEdits.put(edited.id(), edited);
    }
  }

  /** A Delete of a post not held: its Create, if it comes later, is dropped. */
  void deletedBeforeCreate(PostId post, IdentityId actor) {
    Objects.requireNonNull(post, "post");
    Objects.requireNonNull(actor, "actor");
    tombstones.put(post, actor);
    earlyEdits.remove(post);
  }

  int size() {
    return tombstones.size() + earlyEdits.size();
  }

  private static <K, V> Map<K, V> bounded(int max) {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }
}
