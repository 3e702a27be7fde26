package social.kith.ssb.store.internal;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import social.kith.ssb.BlobId;
import social.kith.ssb.FeedId;
import social.kith.ssb.MessageId;
import social.kith.ssb.store.internal.Derived.Relation;

/**
 * The store's in-memory indexes, all derived from the log: by feed and sequence, by message id, by
 * content type, by thread root, the contact graph and self-assigned profiles. Not thread-safe: the
 * store guards it with a read/write lock and mutates it from its single writer.
 */
public final class Indexes {
  /** One feed: log offsets and ids by sequence (index = sequence - 1), and its fork mark. */
  public static final class FeedEntry {
    private long[] offsets = new long[8];
    private MessageId[] ids = new MessageId[8];
    private int size;
    private double lastTimestamp = Double.NaN;
    private long forkOffset = -1;

    public int size() {
      return size;
    }

    public long offset(int sequence) {
      return offsets[sequence - 1];
    }

    public MessageId id(int sequence) {
      return ids[sequence - 1];
    }

    public double lastTimestamp() {
      return lastTimestamp;
    }

    /** The log offset of the fork record, or -1 if the feed is not forked. */
    public long forkOffset() {
      return forkOffset;
    }

    void add(long offset, MessageId id, double timestamp) {
      if (size == offsets.length) {
        offsets = Arrays.copyOf(offsets, size * 2);
        ids = Arrays.copyOf(ids, size * 2);
      }
      offsets[size] = offset;
      ids[size] = id;
      size++;
      lastTimestamp = timestamp;
    }
  }

  /** The latest self-assigned profile fields (null when never set). */
  public record Profile(String name, BlobId image, String description) {}

  private static final Comparator<Object> BY_TEXT = Comparator.comparing(Object::toString);

  private final Map<MessageId, Long> byId = new HashMap<>();
  private final Map<FeedId, FeedEntry> feeds = new HashMap<>();
  private final Map<String, LongList> byType = new HashMap<>();
  private final Map<MessageId, LongList> byRoot = new HashMap<>();
  private final Map<FeedId, Map<FeedId, Relation>> contacts = new HashMap<>();
  private final Map<FeedId, Profile> profiles = new HashMap<>();
  private long messages;
  private long coveredOffset;

  /**
   * Indexes a message stored at {@code offset}. The caller guarantees it is the feed's next sequence.
   */
  public void addMessage(long offset, MessageId id, Derived d) {
    FeedEntry feed = feeds.computeIfAbsent(d.author(), f -> new FeedEntry());
    if (d.sequence() != feed.size() + 1) {
      throw new IllegalStateException("sequence " + d.sequence() + " of " + d.author() + " after " + feed.size());
    }
    feed.add(offset, id, d.timestamp());
    byId.put(id, offset);
    if (d.type() != null) {
      byType.computeIfAbsent(d.type(), t -> new LongList()).add(offset);
    }
    if (d.root() != null) {
      byRoot.computeIfAbsent(d.root(), r -> new LongList()).add(offset);
    }
    if (d.contact() != null) {
      contacts.computeIfAbsent(d.author(), a -> new HashMap<>()).put(d.contact().target(), d.contact().relation());
    }
    if (d.about() != null) {
      Profile old = profiles.getOrDefault(d.author(), new Profile(null, null, null));
      Derived.About a = d.about();
      profiles.put(d.author(), new Profile(a.name() != null ? a.name() : old.name(),
          a.image() != null ? a.image() : old.image(),
          a.description() != null ? a.description() : old.description()));
    }
    messages++;
  }

  /** Marks {@code feed} forked by the fork record at {@code offset}; a feed keeps its first mark. */
  public void markForked(FeedId feed, long offset) {
    FeedEntry entry = feeds.computeIfAbsent(feed, f -> new FeedEntry());
    if (entry.forkOffset < 0) {
      entry.forkOffset = offset;
    }
  }

  /** Records that the indexes cover the log up to {@code offset}. */
  public void coverTo(long offset) {
    coveredOffset = offset;
  }

  public long coveredOffset() {
    return coveredOffset;
  }

  public long messageCount() {
    return messages;
  }

  public FeedEntry feed(FeedId feed) {
    return feeds.get(feed);
  }

  public Long offsetOf(MessageId id) {
    return byId.get(id);
  }

  public LongList byType(String type) {
    return byType.get(type);
  }

  public LongList byRoot(MessageId root) {
    return byRoot.get(root);
  }

  public Profile profile(FeedId feed) {
    return profiles.get(feed);
  }

  /** Each feed with at least one message, and its latest sequence. */
  public Map<FeedId, Long> latestSequences() {
    Map<FeedId, Long> out = new HashMap<>();
    feeds.forEach((f, e) -> {
      if (e.size > 0) {
        out.put(f, (long) e.size);
      }
    });
    return out;
  }

  public Set<FeedId> forkedFeeds() {
    Set<FeedId> out = new HashSet<>();
    feeds.forEach((f, e) -> {
      if (e.forkOffset >= 0) {
        out.add(f);
      }
    });
    return out;
  }

  /**
   * Hop distances from {@code root} over follow edges, at most {@code maxHops}; see
   * {@link social.kith.ssb.store.SsbStore#hops} for the rule.
   */
  public Map<FeedId, Integer> hops(FeedId root, int maxHops) {
    Map<FeedId, Relation> rootEdges = contacts.getOrDefault(root, Map.of());
    Map<FeedId, Integer> out = new LinkedHashMap<>();
    out.put(root, 0);
    ArrayDeque<FeedId> queue = new ArrayDeque<>();
    queue.add(root);
    while (!queue.isEmpty()) {
      FeedId from = queue.poll();
      int d = out.get(from);
      if (d >= maxHops) {
        continue;
      }
      for (Map.Entry<FeedId, Relation> e : contacts.getOrDefault(from, Map.of()).entrySet()) {
        FeedId to = e.getKey();
        if (e.getValue() != Relation.FOLLOW || out.containsKey(to) || rootEdges.get(to) == Relation.BLOCK) {
          continue;
        }
        out.put(to, d + 1);
        queue.add(to);
      }
    }
    return out;
  }

  /** The relation {@code author}'s latest contact message about {@code target} set, if any. */
  public Relation relation(FeedId author, FeedId target) {
    return contacts.getOrDefault(author, Map.of()).get(target);
  }

  /** SHA-256 (hex) of a canonical dump of every index, for comparing index states. */
  public String digest() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (DataOutputStream out = new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha))) {
        out.writeLong(messages);
        out.writeLong(coveredOffset);
        for (Map.Entry<FeedId, FeedEntry> e : sorted(feeds).entrySet()) {
          FeedEntry f = e.getValue();
          out.writeUTF(e.getKey().toString());
          out.writeInt(f.size);
          out.writeLong(f.forkOffset);
          out.writeDouble(f.lastTimestamp);
          for (int i = 0; i < f.size; i++) {
            out.writeLong(f.offsets[i]);
            out.write(f.ids[i].bytes());
          }
        }
        for (Map.Entry<MessageId, Long> e : sorted(byId).entrySet()) {
          out.writeUTF(e.getKey().toString());
          out.writeLong(e.getValue());
        }
        for (Map.Entry<String, LongList> e : sorted(byType).entrySet()) {
          out.writeUTF(e.getKey());
          writeList(out, e.getValue());
        }
        for (Map.Entry<MessageId, LongList> e : sorted(byRoot).entrySet()) {
          out.writeUTF(e.getKey().toString());
          writeList(out, e.getValue());
        }
        for (Map.Entry<FeedId, Map<FeedId, Relation>> e : sorted(contacts).entrySet()) {
          out.writeUTF(e.getKey().toString());
          for (Map.Entry<FeedId, Relation> r : sorted(e.getValue()).entrySet()) {
            out.writeUTF(r.getKey().toString());
            out.writeUTF(r.getValue().name());
          }
        }
        for (Map.Entry<FeedId, Profile> e : sorted(profiles).entrySet()) {
          out.writeUTF(e.getKey().toString());
          out.writeUTF(String.valueOf(e.getValue()));
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeList(DataOutputStream out, LongList list) throws IOException {
    out.writeInt(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.writeLong(list.get(i));
    }
  }

  private static <K, V> Map<K, V> sorted(Map<K, V> map) {
    Map<K, V> out = new TreeMap<>(BY_TEXT);
    out.putAll(map);
    return out;
  }
}
