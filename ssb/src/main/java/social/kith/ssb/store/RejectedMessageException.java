package social.kith.ssb.store;

import java.util.Objects;
import social.kith.core.InvalidInputException;
import social.kith.ssb.ValidationError;
import social.kith.ssb.ValidationResult;

/**
 * A message the store refused, with the validator's machine-readable reason. No message was stored;
 * for {@link ValidationError#FORK_DETECTED} the store may have recorded the fork mark and its
 * evidence (see {@link SsbStore#forkEvidence}), which is not a message.
 */
public final class RejectedMessageException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final boolean fatal;
  private final int index;

  RejectedMessageException(ValidationResult.Invalid verdict, int index) {
    super(Objects.requireNonNull(verdict, "verdict").code(),
        (index > 0 ? "message " + index + ": " : "") + verdict.reason());
    this.fatal = verdict.fatal();
    this.index = index;
  }

  /** The reason, one of {@link ValidationError}. */
  @Override
  public ValidationError code() {
    return (ValidationError) super.code();
  }

  /** ssb-validate's fatal flag: the feed cannot go on from this copy (fork, bad signature, bad first message). */
  public boolean fatal() {
    return fatal;
  }

  /** The position of the refused message in the {@link SsbStore#appendAll} input (0 for a single append). */
  public int index() {
    return index;
  }
}
