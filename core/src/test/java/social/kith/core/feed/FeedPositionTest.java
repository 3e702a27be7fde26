package social.kith.core.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import social.kith.core.ErrorCode;
import social.kith.core.InvalidInputException;
import social.kith.core.model.IdentityId;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;

/** Positions order newest first with ties by id, and round-trip through cursors. */
final class FeedPositionTest {
  @Test
  void order_isNewestFirstThenIdDescending() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    FeedPosition newer = new FeedPosition(t.plusSeconds(1), PostId.of(Protocol.SSB, "a"));
    FeedPosition olderB = new FeedPosition(t, PostId.of(Protocol.SSB, "b"));
    FeedPosition olderA = new FeedPosition(t, PostId.of(Protocol.SSB, "a"));
    assertTrue(newer.compareTo(olderB) < 0);
    assertTrue(olderB.compareTo(olderA) < 0);
    assertTrue(olderA.isAfter(olderB));
  }

  @Test
  void foreignOrDamagedCursors_areInvalidInput() {
    for (String s : new String[] {"x", "p1.", "p1.!!!", "p1.AAAA", "p1." + "A".repeat(100), "p2.MTox"}) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> FeedPosition.fromCursor(Cursor.of(s.replace("!", "-"))), s);
      assertEquals(ErrorCode.Standard.INVALID_INPUT, e.code());
    }
    assertThrows(InvalidInputException.class, () -> Cursor.of("has space"));
    assertThrows(InvalidInputException.class, () -> Cursor.of("x".repeat(Cursor.MAX_LENGTH + 1)));
    assertThrows(InvalidInputException.class, () -> FeedQuery.home().limit(0));
    assertThrows(InvalidInputException.class, () -> FeedQuery.home().limit(FeedQuery.MAX_LIMIT + 1));
    assertThrows(InvalidInputException.class, () -> new FeedQuery(FeedQuery.Kind.AUTHOR, java.util.Optional.empty(),
        java.util.Optional.empty(), java.util.Optional.empty(), 10, java.util.Optional.empty()));
  }

  @Property(tries = 200)
  void cursor_roundTrips(@ForAll @LongRange(min = -10_000_000_000L, max = 10_000_000_000L) long seconds,
      @ForAll @LongRange(min = 0, max = 999_999_999) long nanos,
      @ForAll @AlphaChars @StringLength(min = 1, max = 40) String id) {
    FeedPosition p = new FeedPosition(Instant.ofEpochSecond(seconds, nanos), PostId.of(Protocol.SSB, "%" + id + ":x=.sha256"));
    assertEquals(p, FeedPosition.fromCursor(p.toCursor()));
  }

  @Test
  void query_namesItsProtocolAndCapability() {
    IdentityId a = IdentityId.of(Protocol.SSB, "@a=.ed25519");
    assertEquals(java.util.Optional.of(Protocol.SSB), FeedQuery.author(a).protocol());
    assertEquals(java.util.Optional.empty(), FeedQuery.home().protocol());
    assertEquals(social.kith.core.model.Capability.FEED_THREAD, FeedQuery.thread(PostId.of(Protocol.SSB, "%p")).capability());
  }
}
