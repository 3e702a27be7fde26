package social.kith.ssb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonBoolean;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;
import social.kith.testkit.Node;

/**
 * Differential property against the real ssb-validate 4.1.4 (with ssb-keys 8.5.0 on sodium-native),
 * through {@code node/ssb-validate-oracle.mjs}: random feeds with random corruptions get the same
 * verdict, the same fatal flag, the same kind of error and (when valid) the same id, message by
 * message. Each side advances its own state by its own verdicts. One Node process per class.
 */
class SsbValidateDifferentialProperties {
  private static Node.Proc oracle;

  private static synchronized Node.Proc oracle() {
    if (oracle == null) {
      oracle = Node.start("ssb-validate-oracle.mjs");
    }
    return oracle;
  }

  @AfterContainer
  static synchronized void stopOracle() {
    if (oracle != null) {
      oracle.close();
      oracle = null;
    }
  }

  @Provide
  Arbitrary<RandomFeeds.Spec> feeds() {
    return RandomFeeds.specs(40);
  }

  /** The ValidationError codes that can stand for one of ssb-validate's error messages. */
  static Set<ValidationError> codesFor(String error) {
    Map<String, Set<ValidationError>> byPrefix = Map.of(
        "invalid message: must have author", Set.of(ValidationError.INVALID_AUTHOR, ValidationError.NOT_AN_OBJECT),
        "invalid message: signature type must match", Set.of(ValidationError.INVALID_SIGNATURE_FORMAT),
        "invalid message: expected sequence", Set.of(ValidationError.DUPLICATE_SEQUENCE, ValidationError.SEQUENCE_GAP),
        "invalid message: expected different previous", Set.of(ValidationError.FORK_DETECTED),
        "initial message must", Set.of(ValidationError.INVALID_FIRST_MESSAGE),
        "message must have keys in allowed order", Set.of(ValidationError.BAD_MESSAGE_SHAPE),
        "message has invalid properties", Set.of(ValidationError.BAD_MESSAGE_SHAPE, ValidationError.INVALID_AUTHOR),
        "Encoded message must not be larger", Set.of(ValidationError.MESSAGE_TOO_LARGE),
        "type must be a string", Set.of(ValidationError.INVALID_CONTENT_TYPE),
        "invalid signature", Set.of(ValidationError.SIGNATURE_INVALID));
    return byPrefix.entrySet().stream().filter(e -> error.startsWith(e.getKey())).map(Map.Entry::getValue)
        .findFirst().orElseThrow(() -> new AssertionError("unmapped ssb-validate error: " + error));
  }

  @Property(tries = 200)
  void sameVerdictsAsSsbValidate(@ForAll("feeds") RandomFeeds.Spec spec) {
    List<JsonValue> messages = RandomFeeds.build(spec);
    JsonObject request = JsonObject.builder()
        .put("op", "feed")
        .put("state", JsonValue.nullValue())
        .put("hmacKey", spec.hmac() ? JsonValue.of(RandomFeeds.HMAC_BASE64) : JsonValue.nullValue())
        .put("messages", new JsonArray(messages))
        .build();
    String line = oracle().call(V8Json.stringifyCompact(request));
    List<JsonValue> answers = ((JsonArray) JsonParser.withLimits(16, 1 << 24).parse(line)).values();
    assertEquals(messages.size(), answers.size(), line);
    MessageValidator.FeedValidation kith = RandomFeeds.validator(spec.hmac())
        .validateFeed(Optional.empty(), messages, Runnable::run);
    for (int i = 0; i < messages.size(); i++) {
      JsonObject answer = (JsonObject) answers.get(i);
      ValidationResult mine = kith.results().get(i);
      String where = "message " + i + " " + V8Json.stringifyCompact(messages.get(i)) + "\nreference: " + answer
          + "\nkith: " + mine;
      boolean valid = answer.get("valid").orElseThrow() == JsonBoolean.TRUE;
      assertEquals(valid, mine.isValid(), where);
      if (valid) {
        assertEquals(((JsonString) answer.get("id").orElseThrow()).value(),
            ((ValidationResult.Valid) mine).message().id().toString(), where);
        continue;
      }
      ValidationResult.Invalid invalid = (ValidationResult.Invalid) mine;
      if (answer.get("threw").isPresent()) {
        // ssb-validate threw (e.g. on a message that is not an object): refused either way, never fatal.
        assertFalse(invalid.fatal(), where);
        continue;
      }
      assertEquals(answer.get("fatal").orElseThrow() == JsonBoolean.TRUE, invalid.fatal(), where);
      String error = ((JsonString) answer.get("error").orElseThrow()).value();
      assertTrue(codesFor(error).contains(invalid.code()), where);
    }
  }
}
