package social.kith.ssb.adapter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import social.kith.core.feed.FeedPosition;
import social.kith.core.model.PostId;
import social.kith.ssb.FeedId;
import social.kith.ssb.MessageId;

/**
 * The adapter's in-memory feed indexes, derived from the store: for every {@code post} message it
 * can read, its {@link FeedPosition} in sets per author (public posts), per local reader (private
 * posts), per thread root and per notified local identity. A page is a k-way merge of the sets
 * that make up a feed, starting strictly after the cursor's position, so paging is exact whatever
 * order messages arrived in. Roughly 300 bytes per post; rebuilt from the store on start.
 * Thread-safe (one read-write lock).
 */
final class SsbTimeline {
  /**
   * One indexed post.
   *
   * @param position where it sorts
   * @param key its message id
   * @param author its feed
   * @param readers for a private message, the local feeds whose key opens it; empty for a public post
   * @param root its thread root, when it is a reply
   */
  record Entry(FeedPosition position, MessageId key, FeedId author, Set<FeedId> readers, Optional<MessageId> root) {
    boolean isPrivate() {
      return !readers.isEmpty();
    }
  }

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<PostId, Entry> byId = new HashMap<>();
  private final Map<FeedId, NavigableSet<FeedPosition>> publicByAuthor = new HashMap<>();
  private final Map<FeedId, NavigableSet<FeedPosition>> privateByReader = new HashMap<>();
  private final Map<MessageId, NavigableSet<FeedPosition>> replies = new HashMap<>();
  private final Map<FeedId, NavigableSet<FeedPosition>> notifications = new HashMap<>();

  /** Adds a post and the local feeds it notifies; adding the same post again changes nothing. */
  void add(Entry e, Collection<FeedId> notify) {
    lock.writeLock().lock();
    try {
      if (byId.putIfAbsent(e.position().id(), e) != null) {
        return;
      }
      if (e.isPrivate()) {
        e.readers().forEach(r -> set(privateByReader, r).add(e.position()));
      } else {
        set(publicByAuthor, e.author()).add(e.position());
      }
      e.root().ifPresent(r -> set(replies, r).add(e.position()));
      notify.forEach(n -> set(notifications, n).add(e.position()));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Forgets everything (before a rebuild). */
  void clear() {
    lock.writeLock().lock();
    try {
      byId.clear();
      publicByAuthor.clear();
      privateByReader.clear();
      replies.clear();
      notifications.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  Optional<Entry> entry(PostId id) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(byId.get(id));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** How many posts are indexed. */
  int size() {
    lock.readLock().lock();
    try {
      return byId.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Which sets make up a feed; each method picks them under the read lock. */
  interface Sources {
    List<NavigableSet<FeedPosition>> pick(SsbTimeline t);
  }

  /** The public posts of {@code authors}. */
  static Sources publicOf(Collection<FeedId> authors) {
    return t -> {
      List<NavigableSet<FeedPosition>> out = new ArrayList<>();
      for (FeedId a : authors) {
        Optional.ofNullable(t.publicByAuthor.get(a)).ifPresent(out::add);
      }
      return out;
    };
  }

  /** The private posts that {@code readers} can open. */
  static Sources privateFor(Collection<FeedId> readers) {
    return t -> {
      List<NavigableSet<FeedPosition>> out = new ArrayList<>();
      for (FeedId r : readers) {
        Optional.ofNullable(t.privateByReader.get(r)).ifPresent(out::add);
      }
      return out;
    };
  }

  /** The posts that notify {@code locals}. */
  static Sources notificationsOf(Collection<FeedId> locals) {
    return t -> {
      List<NavigableSet<FeedPosition>> out = new ArrayList<>();
      for (FeedId l : locals) {
        Optional.ofNullable(t.notifications.get(l)).ifPresent(out::add);
      }
      return out;
    };
  }

  /** The root post (if indexed) and every indexed post whose thread root it is. */
  static Sources thread(MessageId root, PostId rootPost) {
    return t -> {
      List<NavigableSet<FeedPosition>> out = new ArrayList<>();
      Entry r = t.byId.get(rootPost);
      if (r != null) {
        TreeSet<FeedPosition> self = new TreeSet<>();
        self.add(r.position());
        out.add(self);
      }
      Optional.ofNullable(t.replies.get(root)).ifPresent(out::add);
      return out;
    };
  }

  /** Combines sources. */
  static Sources all(Sources... parts) {
    return t -> {
      List<NavigableSet<FeedPosition>> out = new ArrayList<>();
      for (Sources p : parts) {
        out.addAll(p.pick(t));
      }
      return out;
    };
  }

  /**
   * Up to {@code n} entries of the union of {@code sources}, in feed order, strictly after
   * {@code after}; a post in several sources appears once.
   */
  List<Entry> page(Sources sources, Optional<FeedPosition> after, int n) {
    lock.readLock().lock();
    try {
      PriorityQueue<Head> heads = new PriorityQueue<>();
      for (NavigableSet<FeedPosition> s : sources.pick(this)) {
        Iterator<FeedPosition> it = after.isPresent() ? s.tailSet(after.get(), false).iterator() : s.iterator();
        if (it.hasNext()) {
          heads.add(new Head(it.next(), it));
        }
      }
      List<Entry> out = new ArrayList<>(Math.min(n, 256));
      FeedPosition last = null;
      while (out.size() < n && !heads.isEmpty()) {
        Head h = heads.poll();
        if (last == null || !last.equals(h.position)) {
          out.add(byId.get(h.position.id()));
          last = h.position;
        }
        if (h.rest.hasNext()) {
          heads.add(new Head(h.rest.next(), h.rest));
        }
      }
      return Collections.unmodifiableList(out);
    } finally {
      lock.readLock().unlock();
    }
  }

  private record Head(FeedPosition position, Iterator<FeedPosition> rest) implements Comparable<Head> {
    @Override
    public int compareTo(Head o) {
      return position.compareTo(o.position);
    }
  }

  private static <K> NavigableSet<FeedPosition> set(Map<K, NavigableSet<FeedPosition>> map, K key) {
    return map.computeIfAbsent(key, k -> new TreeSet<>());
  }
}
