package social.kith.ssb.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import social.kith.core.feed.FeedPosition;
import social.kith.ssb.FeedId;
import social.kith.ssb.MessageId;
import social.kith.ssb.mapping.SsbMapper;

/**
 * The timeline's merge pages the union of its sources exactly once, newest first, whatever the
 * timestamps (many ties), the page size, and however many sources hold the same post.
 */
class SsbTimelineProperties {
  private static final List<FeedId> FEEDS = List.of(feed(1), feed(2), feed(3), feed(4));

  private static FeedId feed(int n) {
    byte[] b = new byte[32];
    b[0] = (byte) n;
    return FeedId.of(b);
  }

  /**
   * Each post is (seconds, author index, reader mask): mask 0 is public; otherwise the post is
   * private to the feeds whose bits are set, and notifies them too.
   */
  @Property(tries = 150)
  void pagesCoverTheUnionExactlyOnceInOrder(
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 5) Integer> seconds,
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 63) Integer> shapes,
      @ForAll @IntRange(min = 1, max = 9) int limit) {
    SsbTimeline timeline = new SsbTimeline();
    TreeSet<FeedPosition> expected = new TreeSet<>();
    int n = Math.min(seconds.size(), shapes.size());
    for (int i = 0; i < n; i++) {
      byte[] key = new byte[32];
      key[0] = (byte) i;
      key[1] = (byte) (i >> 8);
      MessageId id = MessageId.of(key);
      FeedId author = FEEDS.get(shapes.get(i) % 4);
      int mask = shapes.get(i) >> 2;
      Set<FeedId> readers = new HashSet<>();
      for (int r = 0; r < 4; r++) {
        if ((mask & (1 << r)) != 0) {
          readers.add(FEEDS.get(r));
        }
      }
      FeedPosition position = new FeedPosition(Instant.ofEpochSecond(seconds.get(i)), SsbMapper.post(id));
      SsbTimeline.Entry e = new SsbTimeline.Entry(position, id, author, Set.copyOf(readers), Optional.empty());
      timeline.add(e, readers);
      timeline.add(e, readers); // adding twice changes nothing
      expected.add(position);
    }
    SsbTimeline.Sources everything = SsbTimeline.all(SsbTimeline.publicOf(FEEDS), SsbTimeline.privateFor(FEEDS),
        SsbTimeline.notificationsOf(FEEDS));
    List<FeedPosition> seen = new ArrayList<>();
    Optional<FeedPosition> after = Optional.empty();
    for (int pages = 0; ; pages++) {
      assertTrue(pages <= expected.size() + 1, "paging does not end");
      List<SsbTimeline.Entry> page = timeline.page(everything, after, limit);
      assertTrue(page.size() <= limit);
      page.forEach(e -> seen.add(e.position()));
      if (page.size() < limit) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1).position());
    }
    assertEquals(new ArrayList<>(expected), seen);
    assertEquals(expected.size(), timeline.size());
  }
}
