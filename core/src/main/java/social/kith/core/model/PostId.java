package social.kith.core.model;

import social.kith.core.InvalidInputException;
import social.kith.core.internal.Checks;

/**
 * The stable id of a post on one protocol: an ActivityPub object URI, or an SSB message id
 * ({@code %<base64>=.sha256}). Ordered by protocol id, then value, which breaks ties between posts
 * with the same timestamp in every feed.
 */
public record PostId(Protocol protocol, String value) implements Comparable<PostId> {
  /** The longest id accepted. */
  public static final int MAX_LENGTH = 2048;

  public PostId {
    if (protocol == null) {
      throw new InvalidInputException("post id protocol is required");
    }
    Checks.word(value, "post id", MAX_LENGTH);
  }

  /** The id {@code value} on {@code protocol}. */
  public static PostId of(Protocol protocol, String value) {
    return new PostId(protocol, value);
  }

  @Override
  public int compareTo(PostId o) {
    int c = protocol.compareTo(o.protocol);
    return c != 0 ? c : value.compareTo(o.value);
  }

  /** {@code protocol:value}. */
  @Override
  public String toString() {
    return protocol.id() + ":" + value;
  }
}
