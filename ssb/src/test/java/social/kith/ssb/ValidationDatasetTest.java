package social.kith.ssb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import social.kith.ssb.json.JsonBoolean;
import social.kith.ssb.json.JsonNull;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;

/**
 * Every entry of ssb-validation-dataset 1.2.1 (checklist item 48): the same verdict as
 * ssb-validate 4.1.4's {@code test/data.js}, and the same id for valid entries.
 */
class ValidationDatasetTest {
  private static final List<JsonValue> ENTRIES = ((social.kith.ssb.json.JsonArray)
      Vectors.load("ssb-validation-dataset/data.json")).values();

  @Test
  void datasetHasAllEntries() {
    assertEquals(126, ENTRIES.size());
    assertEquals(27, ENTRIES.stream().filter(e -> Vectors.get(e, "valid") == JsonBoolean.TRUE).count());
  }

  @TestFactory
  Stream<DynamicTest> everyEntryGetsTheReferenceVerdict() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < ENTRIES.size(); i++) {
      JsonValue e = ENTRIES.get(i);
      boolean expectValid = Vectors.get(e, "valid") == JsonBoolean.TRUE;
      JsonValue error = Vectors.get(e, "error");
      String name = "#" + i + (expectValid ? " valid" : " invalid: " + ((JsonString) error).value());
      tests.add(DynamicTest.dynamicTest(name, () -> check(e, expectValid)));
    }
    return tests.stream();
  }

  private static void check(JsonValue e, boolean expectValid) {
    JsonValue message = Vectors.get(e, "message");
    Optional<FeedState> state = state(Vectors.get(e, "state"));
    MessageValidator validator;
    JsonValue key = Vectors.get(e, "hmacKey");
    if (key instanceof JsonNull) {
      validator = MessageValidator.mainNet();
    } else if (key instanceof JsonString s) {
      HmacKey parsed;
      try {
        parsed = HmacKey.fromBase64(s.value());
      } catch (SsbException bad) {
        // ssb-validate's isInvalidHmacKey: a fatal configuration error, so the message is refused.
        assertEquals(SsbError.INVALID_HMAC_KEY, bad.code());
        assertFalse(expectValid, "the reference accepts this HMAC key");
        return;
      }
      validator = MessageValidator.withHmacKey(parsed);
    } else {
      // A non-string key (true) makes ssb-validate throw; Kith's typed API cannot even express it.
      assertFalse(expectValid);
      return;
    }
    ValidationResult result = validator.validate(state, message);
    assertEquals(expectValid, result.isValid(), () -> "verdict differs: " + result);
    if (expectValid) {
      ValidationResult.Valid valid = (ValidationResult.Valid) result;
      assertEquals(Vectors.string(e, "id"), valid.message().id().toString());
      assertEquals(valid.message().id(), valid.state().latest());
      assertEquals(((JsonNumber) ((JsonObject) message).get("sequence").orElseThrow()).value(), valid.state().sequence());
    } else {
      // Pure function: the same input gives the same verdict, and the caller's state is untouched.
      assertEquals(result, validator.validate(state, message));
      assertEquals(state, state(Vectors.get(e, "state")));
    }
  }

  static Optional<FeedState> state(JsonValue state) {
    if (state instanceof JsonNull) {
      return Optional.empty();
    }
    JsonObject s = (JsonObject) state;
    double timestamp = s.get("timestamp").filter(t -> t instanceof JsonNumber)
        .map(t -> ((JsonNumber) t).value()).orElse(Double.NaN);
    return Optional.of(new FeedState(MessageId.parse(((JsonString) s.get("id").orElseThrow()).value()),
        (int) ((JsonNumber) s.get("sequence").orElseThrow()).value(), timestamp));
  }

  @Test
  void hmacKeysAreCheckedLikeIsInvalidHmacKey() {
    String good = "Z0e2zyrmHeit5ydNjaw2bLlrHBwx9UcivTAAGquwQ+Y=";
    HmacKey.fromBase64(good);
    for (String bad : List.of("", "Z0e2zyrmHeit5ydNjaw2bLlrHBwx9UcivTAAGquwQ+Y", "Z0e2zyrmHeit5ydNjaw2bLlrHBwx9UcivTAAGquwQ+Z=",
        "Z0e2zyrmHeit5ydNjaw2bLlrHBwx9UcivTAAGquwQ-Y=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")) {
      SsbException ex = assertThrows(SsbException.class, () -> HmacKey.fromBase64(bad), bad);
      assertEquals(SsbError.INVALID_HMAC_KEY, ex.code());
      assertFalse(ex.getMessage().contains(bad.isEmpty() ? "\u0000" : bad), "the key is not echoed");
    }
    assertTrue(HmacKey.fromBase64(good).toString().indexOf(good) < 0);
  }
}
