package social.kith.core.feed;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import social.kith.core.InvalidInputException;
import social.kith.core.KithException;
import social.kith.core.model.Post;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;

/**
 * A place in the order every feed uses: newest first by creation time, then by {@link PostId}
 * (descending) to break ties. The order is total across protocols, which is what lets the client
 * merge the feeds of several adapters into one timeline whose cursor is a single position.
 *
 * <p>Adapters encode the position of the last item of a page as its cursor
 * ({@link #toCursor()}), and must accept any cursor made this way: a query with it returns the
 * items strictly after that position, whether or not the position's post is one of theirs.
 */
public record FeedPosition(Instant at, PostId id) implements Comparable<FeedPosition> {
  /** Posts in feed order (newest first). */
  public static final Comparator<Post> POST_ORDER = Comparator.comparing(FeedPosition::of);

  private static final String PREFIX = "p1.";
  private static final Comparator<FeedPosition> ORDER =
      Comparator.comparing(FeedPosition::at).thenComparing(FeedPosition::id).reversed();

  public FeedPosition {
    if (at == null || id == null) {
      throw new InvalidInputException("a feed position needs a time and a post id");
    }
  }

  /** The position of {@code post}. */
  public static FeedPosition of(Post post) {
    return new FeedPosition(post.createdAt(), post.id());
  }

  /** Negative if this comes earlier in the feed (is newer) than {@code o}. */
  @Override
  public int compareTo(FeedPosition o) {
    return ORDER.compare(this, o);
  }

  /** True if this position comes later in the feed (is older) than {@code other}. */
  public boolean isAfter(FeedPosition other) {
    return compareTo(other) > 0;
  }

  /** The cursor that continues a feed after this position. */
  public Cursor toCursor() {
    String plain = at.getEpochSecond() + ":" + at.getNano() + ":" + id.protocol().id() + ":" + id.value();
    return new Cursor(PREFIX + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Reads a cursor made by {@link #toCursor()}.
   *
   * @throws InvalidInputException ({@code INVALID_INPUT}) for any other cursor
   */
  public static FeedPosition fromCursor(Cursor cursor) {
    if (cursor == null || !cursor.value().startsWith(PREFIX)) {
      throw new InvalidInputException("not a feed cursor");
    }
    try {
      byte[] raw = Base64.getUrlDecoder().decode(cursor.value().substring(PREFIX.length()));
      String plain = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw)).toString();
      String[] parts = plain.split(":", 4);
      if (parts.length != 4) {
        throw new InvalidInputException("not a feed cursor");
      }
      long seconds = Long.parseLong(parts[0]);
      long nanos = Long.parseLong(parts[1]);
      if (nanos < 0 || nanos > 999_999_999L) {
        throw new InvalidInputException("not a feed cursor");
      }
      return new FeedPosition(Instant.ofEpochSecond(seconds, nanos), PostId.of(Protocol.of(parts[2]), parts[3]));
    } catch (KithException e) {
      throw new InvalidInputException("not a feed cursor: " + e.getMessage());
    } catch (IllegalArgumentException | CharacterCodingException | DateTimeException e) {
      throw new InvalidInputException("not a feed cursor");
    }
  }
}
