package social.kith.activitypub.vocab;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The poll of a {@code Question}: its options ({@code oneOf} for a single choice, {@code anyOf}
 * for several) with their vote counts, as the server reported them.
 *
 * @param multipleChoice true for {@code anyOf}
 * @param options the options in order
 * @param votersCount Mastodon's {@code votersCount}, when given
 * @param endTime when voting ends, when given
 * @param closed when voting closed, when given ({@code closed: true} reads as {@code endTime})
 */
public record Poll(boolean multipleChoice, List<Option> options, OptionalLong votersCount,
    Optional<Instant> endTime, Optional<Instant> closed) {
  /** The most options mapped; a longer poll is refused (security checklist item 33). */
  public static final int MAX_OPTIONS = 256;

  public Poll {
    options = List.copyOf(options);
    Objects.requireNonNull(votersCount, "votersCount");
    Objects.requireNonNull(endTime, "endTime");
    Objects.requireNonNull(closed, "closed");
  }

  /**
   * One option.
   *
   * @param name the option text
   * @param votes the votes reported in {@code replies.totalItems}, when given
   */
  public record Option(String name, OptionalLong votes) {
    public Option {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(votes, "votes");
    }
  }
}
