package social.kith.ssb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonValue;

/** {@link MessageValidator#validateFeed} and {@link MessageValidator#validateFeeds} on long and interleaved feeds. */
class FeedValidationTest {
  private static final MessageValidator MAIN = MessageValidator.mainNet();

  private static List<JsonValue> chain(Ed25519Signer signer, int n) {
    FeedPublisher publisher = FeedPublisher.builder().signer(signer)
        .clock(java.time.InstantSource.fixed(java.time.Instant.ofEpochMilli(1700000000000L))).build();
    List<JsonValue> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(publisher.publish(TestFeeds.post("message " + i)).value());
    }
    return out;
  }

  @Test
  void twentyThousandMessagesOnAllCoresGiveTheOneByOneVerdicts() {
    List<JsonValue> feed = new ArrayList<>(chain(TestFeeds.signer("long"), 20_000));
    // Corruptions: a flipped content after signing, a fork, a duplicate and a gap.
    JsonObject edited = ((JsonObject) feed.get(5000)).with("content", TestFeeds.post("edited"));
    feed.add(5000, edited);
    JsonObject fork = ((JsonObject) feed.get(12_001)).with("previous", feed.get(12_000) instanceof JsonObject o
        ? o.get("previous").orElseThrow() : JsonValue.nullValue());
    feed.add(12_001, fork);
    feed.add(15_000, feed.get(14_000));
    JsonValue gapped = feed.remove(18_000);
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    MessageValidator.FeedValidation batch;
    try {
      batch = MAIN.validateFeed(Optional.empty(), feed, pool);
    } finally {
      pool.shutdown();
    }
    Optional<FeedState> state = Optional.empty();
    for (int i = 0; i < feed.size(); i++) {
      ValidationResult r = MAIN.validate(state, feed.get(i));
      assertEquals(r, batch.results().get(i), "message " + i);
      if (r instanceof ValidationResult.Valid v) {
        state = Optional.of(v.state());
      }
    }
    assertEquals(state, batch.state());
    assertEquals(ValidationError.SIGNATURE_INVALID, code(batch.results().get(5000)));
    assertTrue(batch.results().get(5001).isValid(), "the next message is judged against the unchanged state");
    assertEquals(ValidationError.FORK_DETECTED, code(batch.results().get(12_001)));
    assertEquals(ValidationError.DUPLICATE_SEQUENCE, code(batch.results().get(15_000)));
    // Everything after the removed message is a gap, so the state stops just before it.
    assertEquals(((JsonObject) gapped).get("sequence").map(v -> (int) ((social.kith.ssb.json.JsonNumber) v).value() - 1)
        .orElseThrow(), batch.state().orElseThrow().sequence());
    assertEquals(ValidationError.SEQUENCE_GAP, code(batch.results().get(feed.size() - 1)));
  }

  private static ValidationError code(ValidationResult r) {
    return assertInstanceOf(ValidationResult.Invalid.class, r, () -> "accepted: " + r).code();
  }

  @Test
  void interleavedFeedsAreEachJudgedAgainstTheirOwnState() {
    List<JsonValue> a = chain(TestFeeds.signer("a"), 30);
    List<JsonValue> b = chain(TestFeeds.signer("b"), 30);
    List<JsonValue> mixed = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      mixed.add(a.get(i));
      mixed.add(b.get(i));
    }
    mixed.add(a.get(3)); // a duplicate of a's fourth message
    MessageValidator.FeedsValidation r = MAIN.validateFeeds(Map.of(), mixed, Runnable::run);
    assertEquals(60, r.validCount());
    assertEquals(ValidationError.DUPLICATE_SEQUENCE, code(r.results().get(60)));
    assertEquals(30, r.states().get(TestFeeds.signer("a").feedId().toString()).sequence());
    assertEquals(30, r.states().get(TestFeeds.signer("b").feedId().toString()).sequence());
    // A known state for b: its first message is a duplicate, the rest continue from 10.
    Map<String, FeedState> known = new HashMap<>();
    FeedState b10 = ((ValidationResult.Valid) MAIN.validateFeed(Optional.empty(), b.subList(0, 10), Runnable::run)
        .results().get(9)).state();
    known.put(TestFeeds.signer("b").feedId().toString(), b10);
    MessageValidator.FeedsValidation resumed = MAIN.validateFeeds(known, b, Runnable::run);
    assertEquals(20, resumed.validCount());
    assertEquals(ValidationError.DUPLICATE_SEQUENCE, code(resumed.results().get(0)));
    assertEquals(b10, known.get(TestFeeds.signer("b").feedId().toString()), "the caller's map is not changed");
  }

  @Test
  void emptyBatchKeepsTheState() {
    FeedState s = new FeedState(MessageId.of(new byte[32]), 4, 1.0);
    MessageValidator.FeedValidation r = MAIN.validateFeed(s, List.of(), Runnable::run);
    assertEquals(List.of(), r.results());
    assertEquals(Optional.of(s), r.state());
  }
}
