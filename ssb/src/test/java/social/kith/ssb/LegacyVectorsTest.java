package social.kith.ssb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;

/** Real main-net messages (go-ssb), the generated V8 edge-case chain, and ssb-keys' latin1 id quirk. */
class LegacyVectorsTest {
  private final MessageValidator validator = MessageValidator.mainNet();

  @Test
  void all235MainNetMessagesVerifyAndReserializeByteForByte() {
    List<JsonValue> messages = Vectors.array(Vectors.load("go-ssb-legacy/messages.json"), "messages").values();
    assertEquals(235, messages.size());
    int nonAscii = 0;
    for (JsonValue m : messages) {
      String signedJson = Vectors.string(m, "signedJson");
      String signingJson = Vectors.string(m, "signingJson");
      JsonObject value = (JsonObject) Vectors.get(m, "value");
      // The value re-serialises to the exact hashed text, and parsing that text gives it back.
      assertEquals(signedJson, V8Json.stringify(value));
      assertEquals(signedJson, V8Json.stringify(JsonParser.DEFAULT.parse(signedJson)));
      assertArrayEquals(signingJson.getBytes(StandardCharsets.UTF_8), SsbMessage.signingBytes(value));
      assertEquals(Vectors.string(m, "key"), SsbMessage.idOf(value).toString());
      // Each message is valid given its predecessor's state (the vectors are not one chain, so build it).
      Optional<FeedState> state = Optional.empty();
      if (value.get("previous").orElseThrow() instanceof social.kith.ssb.json.JsonString prev) {
        int seq = (int) ((social.kith.ssb.json.JsonNumber) value.get("sequence").orElseThrow()).value();
        state = Optional.of(new FeedState(MessageId.parse(prev.value()), seq - 1, Double.NaN));
      }
      ValidationResult r = validator.validate(state, value);
      ValidationResult.Valid valid = assertInstanceOf(ValidationResult.Valid.class, r, () -> r + " for " + signedJson);
      assertEquals(Vectors.string(m, "key"), valid.message().id().toString());
      assertEquals(signedJson, valid.message().signedJson());
      if (!signedJson.chars().allMatch(c -> c < 0x80)) {
        nonAscii++;
      }
    }
    assertEquals(18, nonAscii, "the vectors' non-ASCII messages are all exercised");
  }

  @Test
  void edgeCaseChainValidatesMessageByMessage() {
    JsonValue file = Vectors.load("generated/legacy-json-edge-cases.json");
    List<JsonValue> chain = Vectors.array(file, "chain").values();
    assertEquals(11, chain.size());
    Optional<FeedState> state = Optional.empty();
    for (JsonValue link : chain) {
      JsonObject message = (JsonObject) Vectors.get(link, "message");
      String name = Vectors.string(link, "name");
      assertEquals(Vectors.string(link, "signingJson"), V8Json.stringify(message.without("signature")), name);
      assertEquals(Vectors.string(link, "signingJsonUtf8Hex"),
          HexFormat.of().formatHex(SsbMessage.signingBytes(message)), name);
      assertEquals(Vectors.string(link, "signedJson"), V8Json.stringify(message), name);
      assertEquals((int) Vectors.number(link, "jsLength"), V8Json.stringify(message).length(), name);
      ValidationResult r = validator.validate(state, message);
      ValidationResult.Valid valid = assertInstanceOf(ValidationResult.Valid.class, r, () -> name + ": " + r);
      assertEquals(Vectors.string(link, "id"), valid.message().id().toString(), name);
      String utf8Id = "%" + java.util.Base64.getEncoder().encodeToString(social.kith.ssb.internal.Digests.sha256(
          Vectors.string(link, "signedJson").getBytes(StandardCharsets.UTF_8))) + ".sha256";
      assertEquals(Vectors.string(link, "idIfUtf8"), utf8Id, name);
      boolean ascii = Vectors.string(link, "signedJson").chars().allMatch(c -> c < 0x80);
      assertEquals(ascii, utf8Id.equals(valid.message().id().toString()), name);
      // Re-parsing the signed text and re-serialising gives the same bytes (parse → serialize identity).
      assertEquals(Vectors.string(link, "signedJson"),
          V8Json.stringify(JsonParser.DEFAULT.parse(Vectors.string(link, "signedJson"))), name);
      state = Optional.of(valid.state());
    }
    assertEquals(11, state.orElseThrow().sequence());
  }

  @Test
  void sizeLimitVectorCountsUtf16UnitsNotBytes() {
    JsonValue file = Vectors.load("generated/legacy-json-edge-cases.json");
    JsonValue ok = Vectors.array(file, "sizeLimit").values().stream()
        .filter(v -> Vectors.string(v, "name").equals("8192-limit-multibyte-ok-in-units")).findFirst().orElseThrow();
    JsonObject message = (JsonObject) Vectors.get(ok, "message");
    String json = V8Json.stringify(message);
    assertEquals(7332, json.length());
    assertTrue(json.getBytes(StandardCharsets.UTF_8).length > 8192);
    ValidationResult.Valid valid = assertInstanceOf(ValidationResult.Valid.class, validator.validateFirst(message));
    assertEquals(Vectors.string(ok, "id"), valid.message().id().toString());
  }

  @Test
  void idHashesTheLatin1OfTheUtf16Units() {
    JsonValue file = Vectors.load("ssb-keys/legacy-id-latin1.json");
    JsonObject message = (JsonObject) Vectors.get(file, "message");
    assertEquals(Vectors.string(file, "expectedId"), SsbMessage.idOf(message).toString());
    String utf8Id = "%" + java.util.Base64.getEncoder().encodeToString(social.kith.ssb.internal.Digests.sha256(
        V8Json.stringify(message).getBytes(StandardCharsets.UTF_8))) + ".sha256";
    assertEquals(Vectors.string(file, "idIfUtf8WouldBe"), utf8Id);
    // sequence 2888 with its real predecessor as state: a full validation, signature included.
    FeedState before = new FeedState(MessageId.parse(Vectors.string(message, "previous")), 2887, 1457679000000.0);
    ValidationResult.Valid valid = assertInstanceOf(ValidationResult.Valid.class, validator.validate(before, message));
    assertEquals(Vectors.string(file, "expectedId"), valid.message().id().toString());
  }
}
