package social.kith.ssb;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;

/**
 * Random feeds with corruptions, for the parallel-vs-sequential and the ssb-validate differential
 * properties. A feed is a list of {@link Step}s; each step emits one message (or none, for a skip)
 * built against the chain state that Kith's validator has reached so far, so feeds keep growing
 * past corruptions. The messages are signed with a fixed test key.
 */
final class RandomFeeds {
  private RandomFeeds() {}

  static final Ed25519Signer SIGNER = TestFeeds.signer("random-feeds");
  static final HmacKey HMAC = HmacKey.fromBase64("Z0e2zyrmHeit5ydNjaw2bLlrHBwx9UcivTAAGquwQ+Y=");
  static final String HMAC_BASE64 = "Z0e2zyrmHeit5ydNjaw2bLlrHBwx9UcivTAAGquwQ+Y=";

  /** What one step does to the next message. */
  enum Kind {
    GOOD, NON_ASCII, SWAP_AUTHOR_SEQUENCE, SWAP_KEYS, EXTRA_KEY, INT_KEYS_IN_CONTENT,
    SEQUENCE_PLUS, SEQUENCE_MINUS, SEQUENCE_FLOAT, SEQUENCE_STRING, PREVIOUS_RANDOM, PREVIOUS_NULL,
    TIMESTAMP_STRING, TIMESTAMP_MISSING, TIMESTAMP_NEGATIVE, TYPE_LENGTH, TYPE_NUMBER, TYPE_MISSING,
    BOX_CANONICAL, BOX2, BOX_NONCANONICAL, BOX_PLAIN_STRING, SIG_SHORT, SIG_LONG, SIG_UNPADDED_66,
    SIG_WRONG_SUFFIX, SIG_FLIP, OTHER_NETWORK, EDIT_AFTER_SIGN, DUPLICATE, SKIP, AUTHOR_NONCANONICAL,
    NEAR_SIZE_LIMIT, HASH_SHA512, NOT_AN_OBJECT
  }

  /** One step: a kind and a parameter that varies it. */
  record Step(Kind kind, int param) {}

  /** A feed: whether the network has a sign-cap, and its steps. */
  record Spec(boolean hmac, List<Step> steps) {}

  static Arbitrary<Spec> specs(int maxSteps) {
    Arbitrary<Step> step = Combinators.combine(Arbitraries.oneOf(Arbitraries.just(Kind.GOOD), Arbitraries.of(Kind.class)), Arbitraries.integers().between(0, 1000))
        .as(Step::new);
    return Combinators.combine(Arbitraries.of(false, false, true), step.list().ofMinSize(1).ofMaxSize(maxSteps))
        .as(Spec::new);
  }

  static MessageValidator validator(boolean hmac) {
    return hmac ? MessageValidator.withHmacKey(HMAC) : MessageValidator.mainNet();
  }

  /** The messages of {@code spec}, in order. */
  static List<JsonValue> build(Spec spec) {
    MessageValidator validator = validator(spec.hmac());
    Optional<HmacKey> net = spec.hmac() ? Optional.of(HMAC) : Optional.empty();
    Optional<FeedState> state = Optional.empty();
    JsonValue lastValid = null;
    List<JsonValue> out = new ArrayList<>();
    int counter = 0;
    for (Step s : spec.steps()) {
      counter++;
      Random r = new Random(s.param() * 31L + counter);
      JsonValue m = message(s, r, state, net, lastValid, counter);
      if (m == null) {
        continue;
      }
      out.add(m);
      ValidationResult v = validator.validate(state, m);
      if (v instanceof ValidationResult.Valid valid) {
        state = Optional.of(valid.state());
        lastValid = m;
      }
    }
    return out;
  }

  private static JsonObject.Builder next(Optional<FeedState> state, JsonValue content) {
    return TestFeeds.unsigned(SIGNER, state, content).put("timestamp", 1700000000000.0 + state.map(FeedState::sequence).orElse(0));
  }

  private static JsonObject post(String text) {
    return TestFeeds.post(text);
  }

  private static String randomBase64(Random r, int bytes) {
    byte[] b = new byte[bytes];
    r.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private static JsonValue message(Step s, Random r, Optional<FeedState> state, Optional<HmacKey> net,
      JsonValue lastValid, int counter) {
    int p = s.param();
    JsonObject content = post("message " + counter);
    switch (s.kind()) {
      case GOOD:
        return TestFeeds.sign(SIGNER, next(state, content).build(), net);
      case NON_ASCII:
        return TestFeeds.sign(SIGNER, next(state, post("caf\u00e9 \u2019 \ud83d\ude00 \u2028 " + p)).build(), net);
      case SWAP_AUTHOR_SEQUENCE: {
        JsonObject m = next(state, content).build();
        return TestFeeds.sign(SIGNER, reorder(m, List.of("previous", "author", "sequence", "timestamp", "hash", "content")), net);
      }
      case SWAP_KEYS: {
        JsonObject m = TestFeeds.sign(SIGNER, next(state, content).build(), net);
        List<String> keys = new ArrayList<>(m.keys());
        int i = p % keys.size();
        int j = (p / 7) % keys.size();
        String k = keys.get(i);
        keys.set(i, keys.get(j));
        keys.set(j, k);
        if (p % 2 == 0) {
          return reorder(m, keys);
        }
        // Or sign the reordered value (the signature then covers the odd order).
        return TestFeeds.sign(SIGNER, reorder(m.without("signature"), keys.stream().filter(x -> !x.equals("signature")).toList()), net);
      }
      case EXTRA_KEY: {
        JsonObject.Builder b = next(state, content);
        if (p % 2 == 0) {
          b.put("extra", p);
          return TestFeeds.sign(SIGNER, b.build(), net);
        }
        return TestFeeds.sign(SIGNER, b.build(), net).with("extra", JsonValue.of(p));
      }
      case INT_KEYS_IN_CONTENT: {
        JsonObject c = JsonObject.builder().put("b", 1).put("10", 2).put("type", "post").put("2", 3)
            .put(p % 2 == 0 ? "4294967294" : "4294967295", "x").build();
        return TestFeeds.sign(SIGNER, next(state, c).build(), net);
      }
      case SEQUENCE_PLUS:
        return TestFeeds.sign(SIGNER, next(state, content).put("sequence", seq(state) + 1 + p % 3).build(), net);
      case SEQUENCE_MINUS:
        return TestFeeds.sign(SIGNER, next(state, content).put("sequence", seq(state) - 1 - p % 3).build(), net);
      case SEQUENCE_FLOAT:
        return TestFeeds.sign(SIGNER, next(state, content).put("sequence", seq(state) + 0.5).build(), net);
      case SEQUENCE_STRING:
        return TestFeeds.sign(SIGNER, next(state, content).put("sequence", String.valueOf((long) seq(state))).build(), net);
      case PREVIOUS_RANDOM:
        return TestFeeds.sign(SIGNER, next(state, content).put("previous", "%" + randomBase64(r, 32) + ".sha256").build(), net);
      case PREVIOUS_NULL:
        return TestFeeds.sign(SIGNER, next(state, content).put("previous", JsonValue.nullValue()).build(), net);
      case TIMESTAMP_STRING:
        return TestFeeds.sign(SIGNER, next(state, content).put("timestamp", "1700000000000").build(), net);
      case TIMESTAMP_MISSING:
        return TestFeeds.sign(SIGNER, next(state, content).build().without("timestamp"), net);
      case TIMESTAMP_NEGATIVE:
        return TestFeeds.sign(SIGNER, next(state, content).put("timestamp", -p - 0.25).build(), net);
      case TYPE_LENGTH: {
        String type = "t".repeat(p % 60);
        return TestFeeds.sign(SIGNER, next(state, JsonObject.builder().put("type", type).build()).build(), net);
      }
      case TYPE_NUMBER:
        return TestFeeds.sign(SIGNER, next(state, JsonObject.builder().put("type", p).build()).build(), net);
      case TYPE_MISSING:
        return TestFeeds.sign(SIGNER, next(state, JsonObject.builder().put("text", "no type").build()).build(), net);
      case BOX_CANONICAL:
        return TestFeeds.sign(SIGNER, next(state, JsonValue.of(randomBase64(r, 60 + p % 40) + ".box")).build(), net);
      case BOX2:
        return TestFeeds.sign(SIGNER, next(state, JsonValue.of(randomBase64(r, 61) + ".box2")).build(), net);
      case BOX_NONCANONICAL: {
        String b = randomBase64(r, 62); // ends in "=="; the char before the padding has 4 unused bits
        String bad = b.substring(0, b.length() - 3) + "B==";
        return TestFeeds.sign(SIGNER, next(state, JsonValue.of(bad + ".box")).build(), net);
      }
      case BOX_PLAIN_STRING:
        return TestFeeds.sign(SIGNER, next(state, JsonValue.of("hello " + p)).build(), net);
      case SIG_SHORT:
        return withSignatureText(TestFeeds.sign(SIGNER, next(state, content).build(), net), t -> t.substring(0, 85) + t.substring(86));
      case SIG_LONG:
        return withSignatureText(TestFeeds.sign(SIGNER, next(state, content).build(), net), t -> "A" + t);
      case SIG_UNPADDED_66:
        // 88 base64 characters without padding: 66 bytes, of which sodium verifies the first 64.
        return withSignatureText(TestFeeds.sign(SIGNER, next(state, content).build(), net),
            t -> t.substring(0, 86) + (p % 2 == 0 ? "AA" : "Ab") + t.substring(88));
      case SIG_WRONG_SUFFIX:
        return withSignatureText(TestFeeds.sign(SIGNER, next(state, content).build(), net), t -> t.replace(".sig.ed25519", ".sig.ed25518"));
      case SIG_FLIP:
        return withSignatureText(TestFeeds.sign(SIGNER, next(state, content).build(), net),
            t -> t.substring(0, p % 80) + (t.charAt(p % 80) == 'A' ? 'B' : 'A') + t.substring(p % 80 + 1));
      case OTHER_NETWORK:
        return TestFeeds.sign(SIGNER, next(state, content).build(), net.isPresent() ? Optional.empty() : Optional.of(HMAC));
      case EDIT_AFTER_SIGN: {
        JsonObject m = TestFeeds.sign(SIGNER, next(state, content).build(), net);
        return m.with("content", post("edited " + p));
      }
      case DUPLICATE:
        return lastValid;
      case SKIP: {
        // Sign the next message and the one after it, emit only the second: a gap.
        JsonObject skipped = TestFeeds.sign(SIGNER, next(state, content).build(), net);
        FeedState ghost = ((ValidationResult.Valid) validator(net.isPresent()).validate(state, skipped)).state();
        return TestFeeds.sign(SIGNER, next(Optional.of(ghost), post("after a gap")).build(), net);
      }
      case AUTHOR_NONCANONICAL: {
        String author = SIGNER.feedId().toString();
        char last = author.charAt(42);
        String bad = author.substring(0, 42) + (char) (last == 'A' ? 'B' : last + 1) + author.substring(43);
        return TestFeeds.sign(SIGNER, next(state, content).put("author", bad).build(), net);
      }
      case NEAR_SIZE_LIMIT: {
        JsonObject probe = TestFeeds.sign(SIGNER, next(state, post("")).build(), net);
        int base = social.kith.ssb.json.V8Json.stringify(probe).length();
        int target = Ssb.MAX_MESSAGE_LENGTH - 2 + p % 5; // 8190 .. 8194 UTF-16 units
        return TestFeeds.sign(SIGNER, next(state, post("x".repeat(Math.max(0, target - base)))).build(), net);
      }
      case HASH_SHA512:
        return TestFeeds.sign(SIGNER, next(state, content).put("hash", "sha512").build(), net);
      case NOT_AN_OBJECT:
        return p % 2 == 0 ? JsonValue.of("not a message") : JsonValue.of(p);
      default:
        throw new AssertionError(s.kind());
    }
  }

  private static double seq(Optional<FeedState> state) {
    return state.map(FeedState::sequence).orElse(0) + 1.0;
  }

  static JsonObject reorder(JsonObject m, List<String> keys) {
    JsonObject.Builder b = JsonObject.builder();
    for (String k : keys) {
      b.put(k, m.get(k).orElseThrow());
    }
    return b.build();
  }

  private static JsonObject withSignatureText(JsonObject m, java.util.function.UnaryOperator<String> change) {
    String sig = ((JsonString) m.get("signature").orElseThrow()).value();
    return m.with("signature", JsonValue.of(change.apply(sig)));
  }
}
