package social.kith.ssb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import social.kith.ssb.json.JsonValue;

class FeedPublisherTest {
  private static final Ed25519Signer BOB = TestFeeds.signer("bob");

  /** A clock the test moves by hand. */
  static final class FakeClock implements InstantSource {
    final AtomicLong millis = new AtomicLong();

    FakeClock(long start) {
      millis.set(start);
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  @Test
  void publishesAChainThatValidates() {
    FakeClock clock = new FakeClock(1_700_000_000_000L);
    FeedPublisher publisher = FeedPublisher.builder().signer(BOB).clock(clock).build();
    MessageValidator validator = MessageValidator.mainNet();
    Optional<FeedState> state = Optional.empty();
    double lastTimestamp = 0;
    for (int i = 1; i <= 5; i++) {
      if (i == 3) {
        clock.millis.addAndGet(-60_000); // the clock goes back a minute
      } else {
        clock.millis.addAndGet(1000);
      }
      SsbMessage m = publisher.publish(TestFeeds.post("n" + i));
      assertEquals(i, m.sequence());
      assertTrue(m.timestamp() > lastTimestamp, "timestamps never go backwards");
      lastTimestamp = m.timestamp();
      ValidationResult.Valid v = assertInstanceOf(ValidationResult.Valid.class, validator.validate(state, m.value()));
      assertEquals(m.id(), v.message().id());
      assertEquals(state.map(FeedState::latest), m.previous());
      state = Optional.of(v.state());
      assertEquals(state, publisher.state());
    }
  }

  @Test
  void refusedContentLeavesTheStateUnchanged() {
    FeedPublisher publisher = FeedPublisher.builder().signer(BOB).clock(new FakeClock(5)).build();
    SsbMessage first = publisher.publish(TestFeeds.post("ok"));
    Optional<FeedState> before = publisher.state();
    for (JsonValue bad : new JsonValue[] {JsonValue.of("not boxed"), JsonValue.nullValue(),
        TestFeeds.post("x".repeat(9000)), social.kith.ssb.json.JsonObject.builder().put("type", "x").build()}) {
      SsbException e = assertThrows(SsbException.class, () -> publisher.publish(bad));
      assertEquals(SsbError.INVALID_MESSAGE, e.code());
      assertEquals(before, publisher.state());
    }
    SsbMessage second = publisher.publish(TestFeeds.post("next"));
    assertEquals(2, second.sequence());
    assertEquals(Optional.of(first.id()), second.previous());
  }

  @Test
  void continuesARestoredFeedOnATestNetwork() {
    HmacKey cap = HmacKey.of(new byte[32]);
    FeedPublisher a = FeedPublisher.builder().signer(BOB).hmacKey(cap).clock(new FakeClock(10)).build();
    a.publish(TestFeeds.post("1"));
    FeedState restored = a.state().orElseThrow();
    FeedPublisher b = FeedPublisher.builder().signer(BOB).hmacKey(cap).clock(new FakeClock(3)).state(restored).build();
    SsbMessage m = b.publish(TestFeeds.post("2"));
    assertEquals(11.0, m.timestamp());
    assertInstanceOf(ValidationResult.Valid.class,
        MessageValidator.withHmacKey(cap).validate(restored, m.value()));
    assertThrows(IllegalStateException.class, () -> FeedPublisher.builder().build());
  }
}
