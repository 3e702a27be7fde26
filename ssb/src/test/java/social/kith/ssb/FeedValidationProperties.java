package social.kith.ssb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import social.kith.ssb.json.JsonValue;

/** Batch validation on many threads gives exactly the verdicts of validating message by message. */
class FeedValidationProperties {
  private static final ExecutorService POOL = Executors.newFixedThreadPool(4);

  @AfterContainer
  static void stopPool() {
    POOL.shutdown();
  }

  @Provide
  Arbitrary<RandomFeeds.Spec> feeds() {
    return RandomFeeds.specs(40);
  }

  @Property(tries = 150)
  void parallelFeedValidationEqualsOneByOne(@ForAll("feeds") RandomFeeds.Spec spec) {
    List<JsonValue> messages = RandomFeeds.build(spec);
    MessageValidator validator = RandomFeeds.validator(spec.hmac());
    List<ValidationResult> expected = new ArrayList<>();
    Optional<FeedState> state = Optional.empty();
    for (JsonValue m : messages) {
      ValidationResult r = validator.validate(state, m);
      if (r instanceof ValidationResult.Valid v) {
        state = Optional.of(v.state());
      }
      expected.add(r);
    }
    MessageValidator.FeedValidation parallel = validator.validateFeed(Optional.empty(), messages, POOL);
    assertEquals(expected, parallel.results());
    assertEquals(state, parallel.state());
    MessageValidator.FeedValidation direct = validator.validateFeed(Optional.empty(), messages, Runnable::run);
    assertEquals(expected, direct.results());
    // The multi-feed form keeps one state per author (some corruptions change the author).
    java.util.Map<String, FeedState> states = new java.util.HashMap<>();
    List<ValidationResult> perAuthor = new ArrayList<>();
    for (JsonValue m : messages) {
      String author = m instanceof social.kith.ssb.json.JsonObject o
          && o.get("author").orElse(null) instanceof social.kith.ssb.json.JsonString a ? a.value() : null;
      ValidationResult r = validator.validate(Optional.ofNullable(author == null ? null : states.get(author)), m);
      if (r instanceof ValidationResult.Valid v) {
        states.put(author, v.state());
      }
      perAuthor.add(r);
    }
    MessageValidator.FeedsValidation feeds = validator.validateFeeds(java.util.Map.of(), messages, POOL);
    assertEquals(perAuthor, feeds.results());
    assertEquals(states, feeds.states());
  }

  @Property(tries = 100)
  void aPreparedBatchJudgedAgainstAnyStateEqualsValidatingTheMessage(@ForAll("feeds") RandomFeeds.Spec spec) {
    List<JsonValue> messages = RandomFeeds.build(spec);
    MessageValidator validator = RandomFeeds.validator(spec.hmac());
    MessageValidator.Prepared batch = validator.prepare(messages, POOL);
    assertEquals(messages.size(), batch.size());
    // each message against the state one by one reaches, and against no state (as the store's fork check does)
    Optional<FeedState> state = Optional.empty();
    for (int i = 0; i < messages.size(); i++) {
      ValidationResult expected = validator.validate(state, messages.get(i));
      assertEquals(expected, validator.validate(state, batch, i));
      assertEquals(validator.validate(Optional.empty(), messages.get(i)), validator.validate(Optional.empty(), batch, i));
      if (expected instanceof ValidationResult.Valid v) {
        state = Optional.of(v.state());
      }
    }
  }
}
