package social.kith.ssb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;

/**
 * SECURITY-CHECKLIST items 50–55 for classic messages. Expected verdicts are ssb-validate 4.1.4's;
 * the quirks (loose equality, unchecked later timestamps, 66-byte signatures) were confirmed by
 * running ssb-validate 4.1.4 with ssb-keys 8.5.0 on sodium-native.
 */
class ChecklistValidationTest {
  private static final Ed25519Signer ALICE = TestFeeds.signer("alice");
  private static final MessageValidator MAIN = MessageValidator.mainNet();

  private static ValidationResult.Invalid invalid(ValidationResult r, ValidationError code, boolean fatal) {
    ValidationResult.Invalid inv = assertInstanceOf(ValidationResult.Invalid.class, r, () -> "accepted: " + r);
    assertEquals(code, inv.code(), inv::reason);
    assertEquals(fatal, inv.fatal(), inv::reason);
    return inv;
  }

  private static ValidationResult.Valid valid(ValidationResult r) {
    return assertInstanceOf(ValidationResult.Valid.class, r, () -> "refused: " + r);
  }

  private static FeedState firstState() {
    JsonObject first = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.empty(), TestFeeds.post("one")).build());
    return valid(MAIN.validateFirst(first)).state();
  }

  private static JsonObject next(FeedState state, JsonValue content) {
    return TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.of(state), content).build());
  }

  /** Item 50: chain shape. */
  @Nested
  class ChainShape {
    @Test
    void firstMessageMustHavePreviousNull() {
      FeedState s = firstState();
      JsonObject m = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.empty(), TestFeeds.post("x"))
          .put("previous", s.latest().toString()).build());
      invalid(MAIN.validateFirst(m), ValidationError.INVALID_FIRST_MESSAGE, true);
    }

    @Test
    void firstMessageMustHaveSequenceOne() {
      for (double seq : new double[] {2, 0, -1, -0.0, 9007199254740992.0}) {
        JsonObject m = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.empty(), TestFeeds.post("x"))
            .put("sequence", seq).build());
        invalid(MAIN.validateFirst(m), ValidationError.INVALID_FIRST_MESSAGE, true);
      }
    }

    @Test
    void firstMessageMustHaveANumericTimestamp() {
      JsonObject missing = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.empty(), TestFeeds.post("x"))
          .build().without("timestamp"));
      invalid(MAIN.validateFirst(missing), ValidationError.INVALID_FIRST_MESSAGE, true);
      JsonObject text = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.empty(), TestFeeds.post("x"))
          .put("timestamp", "now").build());
      invalid(MAIN.validateFirst(text), ValidationError.INVALID_FIRST_MESSAGE, true);
    }

    @Test
    void laterMessagesTimestampIsNotCheckedByTheReference() {
      JsonObject m = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.of(firstState()), TestFeeds.post("x"))
          .put("timestamp", "soon").build());
      ValidationResult.Valid v = valid(MAIN.validate(firstState(), m));
      assertTrue(Double.isNaN(v.state().timestamp()));
    }

    @Test
    void gapIsNotFatalAndLeavesStateUsable() {
      FeedState s = firstState();
      JsonObject skip = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.of(s), TestFeeds.post("x"))
          .put("sequence", 3).build());
      invalid(MAIN.validate(s, skip), ValidationError.SEQUENCE_GAP, false);
      valid(MAIN.validate(s, next(s, TestFeeds.post("two"))));
    }

    @Test
    void duplicateIsIdempotent() {
      FeedState s1 = firstState();
      JsonObject two = next(s1, TestFeeds.post("two"));
      FeedState s2 = valid(MAIN.validate(s1, two)).state();
      invalid(MAIN.validate(s2, two), ValidationError.DUPLICATE_SEQUENCE, false);
      invalid(MAIN.validate(s2, two), ValidationError.DUPLICATE_SEQUENCE, false);
      assertEquals(2, s2.sequence());
      valid(MAIN.validate(s2, next(s2, TestFeeds.post("three"))));
    }

    @Test
    void sequenceWrittenAsOnePointZeroIsTheNumberOne() {
      JsonObject m = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.empty(), TestFeeds.post("x")).build());
      String text = V8Json.stringify(m).replace("\"sequence\": 1,", "\"sequence\": 1.0,");
      assertTrue(text.contains("1.0"));
      assertEquals(valid(MAIN.validateFirst(m)).message().id(),
          valid(MAIN.validateFirst(JsonParser.DEFAULT.parse(text))).message().id());
    }

    @Test
    void timestampMinusZeroIsAcceptedAsZero() {
      JsonObject m = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.empty(), TestFeeds.post("x"))
          .put("timestamp", 0.0).build());
      String text = V8Json.stringify(m).replace("\"timestamp\": 0,", "\"timestamp\": -0,");
      assertTrue(text.contains("-0"));
      assertEquals(valid(MAIN.validateFirst(m)).message().id(),
          valid(MAIN.validateFirst(JsonParser.DEFAULT.parse(text))).message().id());
    }

    @Test
    void sequenceBeyond32BitsIsAShapeError() {
      FeedState s = new FeedState(firstState().latest(), Integer.MAX_VALUE, 1);
      JsonObject m = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.of(s), TestFeeds.post("x")).build());
      assertEquals(2147483648.0, ((social.kith.ssb.json.JsonNumber) m.get("sequence").orElseThrow()).value());
      invalid(MAIN.validate(s, m), ValidationError.BAD_MESSAGE_SHAPE, false);
    }

    @Test
    void forkIsFatal() {
      FeedState s1 = firstState();
      JsonObject a = next(s1, TestFeeds.post("a"));
      FeedState s2 = valid(MAIN.validate(s1, a)).state();
      // A second message 2 with a different previous (another device using the same key).
      JsonObject other = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.of(s1), TestFeeds.post("b"))
          .put("previous", s2.latest().toString()).build());
      invalid(MAIN.validate(s1, other), ValidationError.FORK_DETECTED, true);
    }

    @Test
    void looseEqualityOfTheReferenceIsReproduced() {
      FeedState s = firstState();
      // previous: ["%id"] == "%id" in JavaScript, so ssb-validate 4.1.4 accepts it.
      JsonObject arrayPrevious = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.of(s), TestFeeds.post("x"))
          .put("previous", JsonArray.of(JsonValue.of(s.latest().toString()))).build());
      valid(MAIN.validate(s, arrayPrevious));
      // sequence: "2" == 2 passes the sequence check, so a wrong previous is reported as a fork (fatal).
      JsonObject stringSequence = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.of(s), TestFeeds.post("x"))
          .put("sequence", "2").put("previous", "x").build());
      invalid(MAIN.validate(s, stringSequence), ValidationError.FORK_DETECTED, true);
      // ... and with the right previous it is a (non-fatal) shape error: a string is not an integer.
      JsonObject stringSequenceOk = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.of(s), TestFeeds.post("x"))
          .put("sequence", "2").build());
      invalid(MAIN.validate(s, stringSequenceOk), ValidationError.BAD_MESSAGE_SHAPE, false);
    }
  }

  /** Item 51: key order and fields. */
  @Nested
  class KeyOrder {
    @Test
    void authorAndSequenceMaySwap() {
      JsonObject m = TestFeeds.sign(ALICE, JsonObject.builder().put("previous", JsonValue.nullValue())
          .put("author", ALICE.feedId().toString()).put("sequence", 1).put("timestamp", 5).put("hash", "sha256")
          .put("content", TestFeeds.post("x")).build());
      valid(MAIN.validateFirst(m));
    }

    @Test
    void reorderedExtraOrMisplacedKeysAreFatal() {
      JsonObject base = TestFeeds.unsigned(ALICE, Optional.empty(), TestFeeds.post("x")).build();
      JsonObject hashFirst = JsonObject.builder().put("previous", JsonValue.nullValue()).put("sequence", 1)
          .put("author", ALICE.feedId().toString()).put("hash", "sha256").put("timestamp", 5)
          .put("content", TestFeeds.post("x")).build();
      List<JsonObject> bad = List.of(
          TestFeeds.sign(ALICE, hashFirst),
          TestFeeds.sign(ALICE, base.with("extra", JsonValue.of(1))),
          TestFeeds.sign(ALICE, base).with("extra", JsonValue.of(1)),
          // signature before content
          TestFeeds.sign(ALICE, base.without("content")).with("content", TestFeeds.post("x")),
          // an integer-like key is enumerated first by JavaScript, whatever its position in the text
          TestFeeds.sign(ALICE, base).with("0", JsonValue.of(1)));
      for (JsonObject m : bad) {
        invalid(MAIN.validateFirst(m), ValidationError.BAD_MESSAGE_SHAPE, true);
      }
    }

    @Test
    void otherHashIsRejected() {
      JsonObject m = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.empty(), TestFeeds.post("x"))
          .put("hash", "sha512").build());
      invalid(MAIN.validateFirst(m), ValidationError.BAD_MESSAGE_SHAPE, false);
    }

    @Test
    void nonObjectsAreRejected() {
      for (JsonValue v : List.of(JsonValue.nullValue(), JsonValue.of(false), JsonValue.of("x"), JsonArray.EMPTY)) {
        assertFalse(MAIN.validateFirst(v).isValid());
      }
    }
  }

  /** Item 52: the size limit counts UTF-16 code units of the signed JSON. */
  @Nested
  class SizeBoundary {
    /** A signed first message whose V8 JSON is exactly {@code length} UTF-16 units, padded with {@code unit}. */
    private JsonObject ofLength(int length, String unit) {
      JsonObject probe = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.empty(), TestFeeds.post("")).build());
      int base = V8Json.stringify(probe).length();
      int fill = (length - base) / unit.length();
      String text = unit.repeat(fill) + "a".repeat(length - base - fill * unit.length());
      JsonObject m = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.empty(), TestFeeds.post(text)).build());
      assertEquals(length, V8Json.stringify(m).length());
      return m;
    }

    @Test
    void exactly8192IsAcceptedAnd8193Refused() {
      JsonObject at = ofLength(8192, "a");
      assertEquals(8192, valid(MAIN.validateFirst(at)).message().length());
      invalid(MAIN.validateFirst(ofLength(8193, "a")), ValidationError.MESSAGE_TOO_LARGE, false);
    }

    @Test
    void cjkUnderTheLimitInUnitsButOverInBytesIsAccepted() {
      JsonObject m = ofLength(8192, "\u4e2d");
      assertTrue(V8Json.stringify(m).getBytes(StandardCharsets.UTF_8).length > 8192 * 2);
      valid(MAIN.validateFirst(m));
      invalid(MAIN.validateFirst(ofLength(8193, "\u4e2d")), ValidationError.MESSAGE_TOO_LARGE, false);
    }

    @Test
    void surrogatePairsCountAsTwoUnits() {
      JsonObject m = ofLength(8192, "\ud83d\ude80");
      String json = V8Json.stringify(m);
      assertTrue(json.codePointCount(0, json.length()) < 8192 - 1000);
      valid(MAIN.validateFirst(m));
      invalid(MAIN.validateFirst(ofLength(8193, "\ud83d\ude80")), ValidationError.MESSAGE_TOO_LARGE, false);
    }

    @Test
    void creatingRefusesWhatValidationWouldRefuse() {
      JsonObject at = ofLength(8193, "a");
      JsonValue content = at.get("content").orElseThrow();
      SsbException e = assertThrows(SsbException.class, () -> SsbMessage.create(Optional.empty(), ALICE, Optional.empty(),
          content, 1700000000000.0));
      assertEquals(SsbError.INVALID_MESSAGE, e.code());
      JsonValue fits = ofLength(8192, "a").get("content").orElseThrow();
      SsbMessage created = SsbMessage.create(Optional.empty(), ALICE, Optional.empty(), fits, 1700000000000.0);
      assertEquals(8192, created.length());
    }
  }

  /** Item 53: canonical serialization and id quirks, with a real signature over Kith's serialization. */
  @Nested
  class CanonicalSerialization {
    @Test
    void edgeValuesSerializeLikeV8AndValidate() {
      String contentJson = "{\"type\":\"edge\",\"b\":1,\"10\":2,\"2\":3,\"a\":4,\"4294967295\":5,\"4294967294\":6,"
          + "\"n\":[1e21,1e-7,0.30000000000000004,5e-324,-0,1.0,9007199254740994],"
          + "\"s\":\"\\u2028\\u2029\\ud83d\\u0000\\u001f\\u007f\\b/\",\"dup\":1,\"dup\":2}";
      JsonValue content = JsonParser.DEFAULT.parse(contentJson);
      SsbMessage m = SsbMessage.create(Optional.empty(), ALICE, Optional.empty(), content, 1700000000000.0);
      assertEquals(V8Oracle.shared().restringify(V8Json.stringifyCompact(m.value())), m.signedJson());
      assertTrue(m.signedJson().indexOf("\"2\": 3,\n    \"10\": 2,\n    \"4294967294\": 6,\n    \"type\"") > 0);
      assertTrue(m.signedJson().contains("\"dup\": 2"));
      assertTrue(m.signedJson().contains("\\ud83d"));
      assertEquals(m.id(), valid(MAIN.validateFirst(m.value())).message().id());
      // The id hashes the low byte of each UTF-16 unit, so it differs from a UTF-8 hash here.
      String utf8 = "%" + java.util.Base64.getEncoder().encodeToString(social.kith.ssb.internal.Digests.sha256(
          m.signedJson().getBytes(StandardCharsets.UTF_8))) + ".sha256";
      assertFalse(utf8.equals(m.id().toString()));
    }
  }

  /** Item 54: content.type and boxed content. */
  @Nested
  class ContentType {
    private ValidationResult withContent(JsonValue content) {
      return MAIN.validateFirst(TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.empty(), content).build()));
    }

    private JsonObject typed(JsonValue type) {
      return JsonObject.builder().put("type", type).build();
    }

    @Test
    void typeLengthBoundsAreThreeAndFiftyTwoUnits() {
      invalid(withContent(typed(JsonValue.of("ab"))), ValidationError.INVALID_CONTENT_TYPE, false);
      valid(withContent(typed(JsonValue.of("abc"))));
      valid(withContent(typed(JsonValue.of("a".repeat(52)))));
      invalid(withContent(typed(JsonValue.of("a".repeat(53)))), ValidationError.INVALID_CONTENT_TYPE, false);
      // Units, not code points: one emoji is two units.
      valid(withContent(typed(JsonValue.of("a\ud83d\ude80"))));
      invalid(withContent(typed(JsonValue.of(3))), ValidationError.INVALID_CONTENT_TYPE, false);
      invalid(withContent(JsonObject.EMPTY), ValidationError.INVALID_CONTENT_TYPE, false);
      invalid(withContent(JsonArray.EMPTY), ValidationError.INVALID_CONTENT_TYPE, false);
      invalid(withContent(JsonValue.nullValue()), ValidationError.BAD_MESSAGE_SHAPE, false);
    }

    @Test
    void boxedContentNeedsCanonicalBase64AndAcceptsFutureSuffixes() {
      invalid(withContent(JsonValue.of("abc.box")), ValidationError.BAD_MESSAGE_SHAPE, false);
      invalid(withContent(JsonValue.of("QR==.box")), ValidationError.BAD_MESSAGE_SHAPE, false);
      invalid(withContent(JsonValue.of("hello")), ValidationError.BAD_MESSAGE_SHAPE, false);
      invalid(withContent(JsonValue.of("QQ==.box\n")), ValidationError.BAD_MESSAGE_SHAPE, false);
      valid(withContent(JsonValue.of("QQ==.box")));
      valid(withContent(JsonValue.of("QUJD.box2")));
      valid(withContent(JsonValue.of("QUI=.box2")));
      valid(withContent(JsonValue.of("QUJD.boxanything-goes")));
      // The reference's pattern allows empty base64 too.
      valid(withContent(JsonValue.of(".box")));
    }
  }

  /** Item 55: signature suffix, curve and network cap. */
  @Nested
  class SignatureAndCap {
    private JsonObject signedFirst() {
      return TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.empty(), TestFeeds.post("x")).build());
    }

    private JsonObject withSignature(String sig) {
      return signedFirst().with("signature", JsonValue.of(sig));
    }

    private String sig() {
      return ((social.kith.ssb.json.JsonString) signedFirst().get("signature").orElseThrow()).value();
    }

    @Test
    void signatureLengthAndSuffixAreChecked() {
      String b64 = sig().substring(0, 88);
      invalid(MAIN.validateFirst(withSignature(b64.substring(1) + ".sig.ed25519")),
          ValidationError.INVALID_SIGNATURE_FORMAT, false);
      invalid(MAIN.validateFirst(withSignature("A" + b64 + ".sig.ed25519")), ValidationError.INVALID_SIGNATURE_FORMAT, false);
      invalid(MAIN.validateFirst(withSignature(b64 + ".sig.sha256")), ValidationError.INVALID_SIGNATURE_FORMAT, false);
      invalid(MAIN.validateFirst(withSignature(b64 + ".sig.ed25519x")), ValidationError.INVALID_SIGNATURE_FORMAT, false);
      invalid(MAIN.validateFirst(withSignature(b64.substring(0, 85) + "B==.sig.ed25519")),
          ValidationError.INVALID_SIGNATURE_FORMAT, false);
      invalid(MAIN.validateFirst(signedFirst().with("signature", JsonArray.of(JsonValue.of(sig())))),
          ValidationError.INVALID_SIGNATURE_FORMAT, false);
    }

    @Test
    void eightyEightCharactersWithoutPaddingVerifyOnTheirFirst64Bytes() {
      // Confirmed with ssb-validate 4.1.4 on sodium-native: the extra decoded bytes are ignored.
      String s = sig();
      valid(MAIN.validateFirst(withSignature(s.substring(0, 86) + "AA" + s.substring(88))));
    }

    @Test
    void ed25519SignatureOnAnotherCurveIsRefused() {
      JsonObject m = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.empty(), TestFeeds.post("x"))
          .put("author", ALICE.feedId().toString().replace(".ed25519", ".sha256")).build());
      invalid(MAIN.validateFirst(m), ValidationError.INVALID_SIGNATURE_FORMAT, false);
      JsonObject renamed = m.with("signature", JsonValue.of(sig().replace(".sig.ed25519", ".sig.sha256")));
      assertFalse(MAIN.validateFirst(renamed).isValid());
    }

    @Test
    void signCapSeparatesNetworks() {
      HmacKey testNet = HmacKey.of(social.kith.ssb.internal.Digests.sha256("test-net".getBytes(StandardCharsets.UTF_8)));
      MessageValidator testValidator = MessageValidator.withHmacKey(testNet);
      JsonObject onTestNet = TestFeeds.sign(ALICE, TestFeeds.unsigned(ALICE, Optional.empty(), TestFeeds.post("x")).build(),
          Optional.of(testNet));
      valid(testValidator.validateFirst(onTestNet));
      invalid(MAIN.validateFirst(onTestNet), ValidationError.SIGNATURE_INVALID, true);
      invalid(testValidator.validateFirst(signedFirst()), ValidationError.SIGNATURE_INVALID, true);
      SsbMessage created = SsbMessage.create(Optional.empty(), ALICE, Optional.of(testNet), TestFeeds.post("y"), 1.0);
      valid(testValidator.validateFirst(created.value()));
    }

    @Test
    void hmacKeyOf31BytesIsAConfigurationError() {
      SsbException e = assertThrows(SsbException.class, () -> HmacKey.of(new byte[31]));
      assertEquals(SsbError.INVALID_HMAC_KEY, e.code());
      SsbException b = assertThrows(SsbException.class,
          () -> HmacKey.fromBase64(java.util.Base64.getEncoder().encodeToString(new byte[31])));
      assertEquals(SsbError.INVALID_HMAC_KEY, b.code());
    }

    @Test
    void tamperedContentFailsTheSignature() {
      JsonObject m = signedFirst();
      JsonObject tampered = m.with("content", TestFeeds.post("y"));
      invalid(MAIN.validateFirst(tampered), ValidationError.SIGNATURE_INVALID, true);
      Ed25519Verifier throwing = (k, msg, s) -> {
        throw new IllegalStateException("broken verifier");
      };
      invalid(MessageValidator.mainNet(throwing).validateFirst(m), ValidationError.SIGNATURE_INVALID, true);
    }
  }
}
