package social.kith.ssb;

import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import social.kith.ssb.json.JsonValue;

/**
 * Builds the next message of a local feed: sequence + 1, {@code previous} = the latest id, and a
 * timestamp from the clock that never goes backwards (at least the latest message's + 1 ms, so a
 * clock set back cannot produce out-of-order timestamps). Each published message is checked with
 * the same rules peers apply before the state advances. Thread-safe: publishing is serialised, so
 * one key never signs two messages with the same sequence (which peers would see as a fork).
 */
public final class FeedPublisher {
  private final Ed25519Signer signer;
  private final Optional<HmacKey> hmacKey;
  private final InstantSource clock;
  private Optional<FeedState> state;

  private FeedPublisher(Builder b) {
    this.signer = b.signer;
    this.hmacKey = b.hmacKey;
    this.clock = b.clock;
    this.state = b.state;
  }

  /** A builder; {@link Builder#signer} is required, the clock defaults to the system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** The feed this publisher writes. */
  public FeedId feedId() {
    return signer.feedId();
  }

  /** The state after the latest published (or restored) message; empty for a new feed. */
  public synchronized Optional<FeedState> state() {
    return state;
  }

  /**
   * Signs {@code content} as the feed's next message and advances the state.
   * {@link SsbError#INVALID_MESSAGE} (state unchanged) if the message would not validate.
   */
  public synchronized SsbMessage publish(JsonValue content) {
    Objects.requireNonNull(content, "content");
    double now = clock.millis();
    double timestamp = state.map(FeedState::timestamp).filter(Double::isFinite)
        .map(last -> Math.max(now, Math.floor(last) + 1)).orElse(now);
    SsbMessage message = SsbMessage.create(state, signer, hmacKey, content, timestamp);
    state = Optional.of(new FeedState(message.id(), message.sequence(), message.timestamp()));
    return message;
  }

  /** Builds a {@link FeedPublisher}; not thread-safe. */
  public static final class Builder {
    private Ed25519Signer signer;
    private Optional<HmacKey> hmacKey = Optional.empty();
    private InstantSource clock = InstantSource.system();
    private Optional<FeedState> state = Optional.empty();

    private Builder() {}

    /** The feed's key (required). */
    public Builder signer(Ed25519Signer signer) {
      this.signer = Objects.requireNonNull(signer, "signer");
      return this;
    }

    /** The network's sign-cap; the main network has none. */
    public Builder hmacKey(HmacKey hmacKey) {
      this.hmacKey = Optional.of(hmacKey);
      return this;
    }

    /** The clock for timestamps (default: the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The feed's current state, restored from the local log (default: a new, empty feed). */
    public Builder state(FeedState latest) {
      this.state = Optional.of(latest);
      return this;
    }

    /** The publisher; {@link IllegalStateException} without a signer. */
    public FeedPublisher build() {
      if (signer == null) {
        throw new IllegalStateException("a FeedPublisher needs a signer");
      }
      return new FeedPublisher(this);
    }
  }
}
