package social.kith.ssb;

import java.util.Objects;

/** The verdict on one classic message: valid with the feed's next state, or invalid with a reason. */
public sealed interface ValidationResult permits ValidationResult.Valid, ValidationResult.Invalid {

  /** Whether the message was accepted. */
  boolean isValid();

  /** The message is valid; {@code state} is the feed's state after appending it. */
  record Valid(SsbMessage message, FeedState state) implements ValidationResult {
    public Valid {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(state, "state");
    }

    @Override
    public boolean isValid() {
      return true;
    }
  }

  /**
   * The message is invalid and the feed's state is unchanged. {@code fatal} is ssb-validate's flag:
   * the feed cannot continue from this peer's copy (a fork, a bad signature, a malformed first message).
   */
  record Invalid(ValidationError code, boolean fatal, String reason) implements ValidationResult {
    public Invalid {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean isValid() {
      return false;
    }
  }
}
