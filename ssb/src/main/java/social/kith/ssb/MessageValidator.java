package social.kith.ssb;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import social.kith.ssb.internal.CanonicalBase64;
import social.kith.ssb.internal.Js;
import social.kith.ssb.internal.RefText;
import social.kith.ssb.json.JsonNull;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;

/**
 * Validates classic messages with the verdicts of ssb-validate 4.1.4 ({@code checkInvalidCheap},
 * {@code isInvalidShape}, {@code checkInvalid}), checks in the same order and JavaScript's
 * semantics where they decide a verdict (loose {@code ==} for sequence and previous, {@code ~~n === n}
 * for integers, ssb-ref's regular expressions). A feed must reach the same verdict on every peer or
 * it splits, so the reference's behaviour wins over tidier rules. A pure function: an invalid
 * message leaves nothing changed, and a valid one yields the feed's next {@link FeedState}.
 * Immutable and thread-safe.
 */
public final class MessageValidator {
  private final Ed25519Verifier verifier;
  private final Optional<HmacKey> hmacKey;

  private MessageValidator(Ed25519Verifier verifier, Optional<HmacKey> hmacKey) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.hmacKey = Objects.requireNonNull(hmacKey, "hmacKey");
  }

  /** A validator for the main network (no sign-cap). */
  public static MessageValidator mainNet(Ed25519Verifier verifier) {
    return new MessageValidator(verifier, Optional.empty());
  }

  /** A validator for a network whose messages are signed over {@code crypto_auth} with {@code hmacKey}. */
  public static MessageValidator withHmacKey(Ed25519Verifier verifier, HmacKey hmacKey) {
    return new MessageValidator(verifier, Optional.of(hmacKey));
  }

  /** The sign-cap in use, if any. */
  public Optional<HmacKey> hmacKey() {
    return hmacKey;
  }

  /** Validates the first message of a feed that has none yet. */
  public ValidationResult validateFirst(JsonValue message) {
    return validate(Optional.empty(), message);
  }

  /** Validates the message that should follow {@code state}. */
  public ValidationResult validate(FeedState state, JsonValue message) {
    return validate(Optional.of(Objects.requireNonNull(state, "state")), message);
  }

  /** Validates {@code message} against {@code state} (empty for a feed with no messages yet). */
  public ValidationResult validate(Optional<FeedState> state, JsonValue message) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
    if (!(message instanceof JsonObject msg)) {
      return invalid(ValidationError.NOT_AN_OBJECT, false, "a message must be a JSON object");
    }
    Optional<ValidationResult.Invalid> cheap = checkCheap(state, msg);
    if (cheap.isPresent()) {
      return cheap.get();
    }
    String author = ((JsonString) msg.get("author").orElseThrow()).value();
    String signature = ((JsonString) msg.get("signature").orElseThrow()).value();
    // ssb-keys' getCurve takes the tag after the first '.' of the key; only ed25519 is known.
    if (!author.endsWith(".ed25519") || author.indexOf('.') != 45) {
      return invalid(ValidationError.INVALID_AUTHOR, false, "unknown curve in author " + RefText.preview(author));
    }
    byte[] publicKey = CanonicalBase64.decode(author.substring(1, 45), 32);
    byte[] sig = CanonicalBase64.decodeAny(signature.substring(0, signature.indexOf('.')));
    if (publicKey == null || sig == null || sig.length < 64) {
      return invalid(ValidationError.INVALID_SIGNATURE_FORMAT, false, "the signature does not decode to 64 bytes");
    }
    // 88 canonical base64 characters without padding decode to 65 or 66 bytes; ssb-validate (through
    // sodium-native's crypto_sign_verify_detached) verifies the first 64 and ignores the rest.
    sig = java.util.Arrays.copyOf(sig, 64);
    byte[] signed = SsbMessage.signingBytes(msg);
    if (hmacKey.isPresent()) {
      signed = hmacKey.get().authenticate(signed);
    }
    boolean ok;
    try {
      ok = verifier.verify(publicKey, signed, sig);
    } catch (RuntimeException e) {
      ok = false;
    }
    if (!ok) {
      return invalid(ValidationError.SIGNATURE_INVALID, true, "invalid signature, on feed: " + author);
    }
    String signedJson = V8Json.stringify(msg);
    MessageId id = SsbMessage.idOfSignedJson(signedJson);
    SsbMessage valid = new SsbMessage(msg, signedJson, id);
    return new ValidationResult.Valid(valid, new FeedState(id, valid.sequence(), valid.timestamp()));
  }

  private static Optional<ValidationResult.Invalid> checkCheap(Optional<FeedState> state, JsonObject msg) {
    JsonValue author = msg.get("author").orElse(null);
    if (!Js.isFeedIdLoose(author)) {
      return fail(ValidationError.INVALID_AUTHOR, false, "invalid message: must have author");
    }
    if (!sigMatchesCurve(msg)) {
      return fail(ValidationError.INVALID_SIGNATURE_FORMAT, false,
          "invalid message: signature type must match author type");
    }
    String feed = ((JsonString) author).value();
    JsonValue sequence = msg.get("sequence").orElse(null);
    JsonValue previous = msg.get("previous").orElse(null);
    if (state.isPresent()) {
      FeedState s = state.get();
      double expected = s.sequence() + 1.0;
      if (!Js.looseEquals(sequence, expected)) {
        double got = Js.toNumber(sequence);
        boolean duplicate = got <= s.sequence();
        return fail(duplicate ? ValidationError.DUPLICATE_SEQUENCE : ValidationError.SEQUENCE_GAP, false,
            "invalid message: expected sequence " + (s.sequence() + 1) + " but got: " + RefText.preview(Js.toJsString(sequence))
                + ", on feed: " + feed);
      }
      if (!Js.looseEquals(previous, s.latest().toString())) {
        return fail(ValidationError.FORK_DETECTED, true,
            "invalid message: expected different previous message, on feed: " + feed);
      }
    } else {
      if (!(previous instanceof JsonNull)) {
        return fail(ValidationError.INVALID_FIRST_MESSAGE, true,
            "initial message must have previous: null, on feed: " + feed);
      }
      if (!(sequence instanceof JsonNumber n && n.value() == 1)) {
        return fail(ValidationError.INVALID_FIRST_MESSAGE, true,
            "initial message must have sequence: 1, on feed: " + feed);
      }
      if (!(msg.get("timestamp").orElse(null) instanceof JsonNumber)) {
        return fail(ValidationError.INVALID_FIRST_MESSAGE, true,
            "initial message must have timestamp, on feed: " + feed);
      }
    }
    if (!isValidOrder(msg, true)) {
      return fail(ValidationError.BAD_MESSAGE_SHAPE, true, "message must have keys in allowed order");
    }
    return checkShape(msg);
  }

  /** ssb-validate's {@code isSigMatchesCurve}. */
  private static boolean sigMatchesCurve(JsonObject msg) {
    JsonValue sigValue = msg.get("signature").orElse(null);
    if (!Js.isSignatureLike(Js.toJsString(sigValue))) {
      return false;
    }
    String curve = Js.firstDotWord(((JsonString) msg.get("author").orElseThrow()).value());
    if (curve == null || !(sigValue instanceof JsonString js)) {
      // A non-string whose ToString looks like a signature makes ssb-validate throw: refused either way.
      return false;
    }
    String sig = js.value();
    int base64Length = sig.length() - (curve.length() + 5);
    return base64Length == 88 && sig.substring(88).equals(".sig." + curve);
  }

  private static final List<String> ORDER_A = List.of("previous", "author", "sequence", "timestamp", "hash", "content");
  private static final List<String> ORDER_B = List.of("previous", "sequence", "author", "timestamp", "hash", "content");

  /** ssb-validate's {@code isValidOrder}. */
  static boolean isValidOrder(JsonObject msg, boolean signed) {
    List<String> keys = msg.keys();
    if (signed) {
      if (keys.size() != 7 || !keys.get(6).equals("signature")) {
        return false;
      }
    } else if (keys.size() < 6) {
      return false;
    }
    List<String> first = keys.subList(0, 6);
    return first.equals(ORDER_A) || first.equals(ORDER_B);
  }

  /** ssb-validate's {@code isInvalidShape} on a signed message (also used when creating messages). */
  static Optional<ValidationResult.Invalid> checkShape(JsonObject msg) {
    JsonValue content = msg.get("content").orElse(null);
    if (!Js.isInt32(msg.get("sequence").orElse(null))) {
      return fail(ValidationError.BAD_MESSAGE_SHAPE, false, "message has invalid properties: sequence must be an integer");
    }
    if (!Js.isFeedIdLoose(msg.get("author").orElse(null))) {
      return fail(ValidationError.INVALID_AUTHOR, false, "message has invalid properties: author");
    }
    if (!(Js.isObject(content) || Js.isEncrypted(content))) {
      return fail(ValidationError.BAD_MESSAGE_SHAPE, false,
          "message has invalid properties: content must be an object or a boxed string");
    }
    if (!isValidOrder(msg, false)) {
      return fail(ValidationError.BAD_MESSAGE_SHAPE, false, "message has invalid properties: key order");
    }
    if (!(msg.get("hash").orElse(null) instanceof JsonString h && h.value().equals("sha256"))) {
      return fail(ValidationError.BAD_MESSAGE_SHAPE, false, "message has invalid properties: hash must be sha256");
    }
    int length = V8Json.stringify(msg).length();
    if (length > Ssb.MAX_MESSAGE_LENGTH) {
      return fail(ValidationError.MESSAGE_TOO_LARGE, false,
          "Encoded message must not be larger than 8192 bytes. Current size is " + length);
    }
    if (!Js.isEncrypted(content)) {
      JsonValue type = content instanceof JsonObject o ? o.get("type").orElse(null) : null;
      if (!(Js.isNonEmptyString(type) && ((JsonString) type).value().length() <= 52
          && ((JsonString) type).value().length() >= 3)) {
        return fail(ValidationError.INVALID_CONTENT_TYPE, false,
            "type must be a string 3 <= type.length <= 52, was: " + RefText.preview(Js.toJsString(type)));
      }
    }
    return Optional.empty();
  }

  private static Optional<ValidationResult.Invalid> fail(ValidationError code, boolean fatal, String reason) {
    return Optional.of(new ValidationResult.Invalid(code, fatal, reason));
  }

  private static ValidationResult invalid(ValidationError code, boolean fatal, String reason) {
    return new ValidationResult.Invalid(code, fatal, reason);
  }
}
