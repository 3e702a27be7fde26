package social.kith.ssb;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import social.kith.crypto.Ed25519PublicKey;
import social.kith.crypto.Ed25519Signed;
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
 *
 * <p>Batches ({@link #validateFeed}, {@link #validateFeeds}) give exactly the verdicts of validating
 * message by message, but do the expensive, state-independent work (serialising, hashing, and the
 * signatures through {@link Ed25519Verifier#verifyAll}) in parallel on the given executor before the
 * chain (sequence and {@code previous}) is checked in order. Immutable and thread-safe.
 */
public final class MessageValidator {
  private final Ed25519Verifier verifier;
  private final Optional<HmacKey> hmacKey;

  private MessageValidator(Ed25519Verifier verifier, Optional<HmacKey> hmacKey) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.hmacKey = Objects.requireNonNull(hmacKey, "hmacKey");
  }

  /** A validator for the main network (no sign-cap) on Kith's libsodium-exact Ed25519. */
  public static MessageValidator mainNet() {
    return mainNet(Ed25519Verifier.libsodium());
  }

  /** A validator for the main network (no sign-cap) with another verifier. */
  public static MessageValidator mainNet(Ed25519Verifier verifier) {
    return new MessageValidator(verifier, Optional.empty());
  }

  /** A validator for a network with sign-cap {@code hmacKey}, on Kith's libsodium-exact Ed25519. */
  public static MessageValidator withHmacKey(HmacKey hmacKey) {
    return withHmacKey(Ed25519Verifier.libsodium(), hmacKey);
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
    Item p = prepare(message);
    return judge(state, p, () -> verifyOne(p));
  }

  /**
   * Validates {@code messages} in order as one feed's chain starting at {@code state} (empty for a
   * new feed): result {@code i} is exactly what {@link #validate(Optional, JsonValue)} would say about
   * message {@code i} given the state after the valid messages before it. An invalid message leaves
   * the state unchanged, so the next one is judged against the same state; a different message at
   * the next sequence is {@link ValidationError#FORK_DETECTED}. The signatures and hashing run in
   * parallel on {@code executor} (a direct executor, {@code Runnable::run}, makes it single-threaded).
   */
  public FeedValidation validateFeed(Optional<FeedState> state, List<? extends JsonValue> messages, Executor executor) {
    Objects.requireNonNull(state, "state");
    List<Item> prepared = prepareAll(messages, executor);
    List<ValidationResult> results = new ArrayList<>(prepared.size());
    Optional<FeedState> current = state;
    for (Item p : prepared) {
      ValidationResult r = judge(current, p, () -> p.signatureOk);
      if (r instanceof ValidationResult.Valid v) {
        current = Optional.of(v.state());
      }
      results.add(r);
    }
    return new FeedValidation(results, current);
  }

  /**
   * Does the state-independent work of validating {@code messages} (serialising, hashing, the
   * signatures through {@link Ed25519Verifier#verifyAll}) in parallel on {@code executor}, so that
   * {@link #validate(Optional, Prepared, int)} can then judge each against any state at once.
   * For callers with their own chain logic (the store: duplicates, forks); others want {@link #validateFeeds}.
   */
  public Prepared prepare(List<? extends JsonValue> messages, Executor executor) {
    Objects.requireNonNull(messages, "messages");
    return new Prepared(this, prepareAll(messages, executor));
  }

  /**
   * Exactly {@link #validate(Optional, JsonValue)} of message {@code index} of a batch {@link #prepare}d
   * by this validator, without redoing its signature check.
   *
   * @throws IllegalArgumentException for a batch prepared by another validator
   * @throws IndexOutOfBoundsException for an index outside the batch
   */
  public ValidationResult validate(Optional<FeedState> state, Prepared batch, int index) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(batch, "batch");
    if (batch.validator != this) {
      throw new IllegalArgumentException("the batch was prepared by another validator");
    }
    Item p = batch.items.get(Objects.checkIndex(index, batch.items.size()));
    return judge(state, p, () -> p.signatureOk);
  }

  /**
   * A batch of messages with its state-independent checks done (see {@link #prepare}); opaque and
   * usable only with the validator that prepared it. Safe to share once returned.
   */
  public static final class Prepared {
    private final MessageValidator validator;
    private final List<Item> items;

    private Prepared(MessageValidator validator, List<Item> items) {
      this.validator = validator;
      this.items = items;
    }

    /** How many messages the batch holds. */
    public int size() {
      return items.size();
    }

    @Override
    public String toString() {
      return "MessageValidator.Prepared[" + items.size() + " messages]";
    }
  }

  /** {@link #validateFeed(Optional, List, Executor)} for a feed that has messages already. */
  public FeedValidation validateFeed(FeedState state, List<? extends JsonValue> messages, Executor executor) {
    return validateFeed(Optional.of(Objects.requireNonNull(state, "state")), messages, executor);
  }

  /**
   * Validates messages of several feeds, interleaved but each feed in its own order: each message is
   * judged against the state of its {@code author} (as written in the message; empty if the author is
   * neither in {@code states} nor seen earlier in the batch, so its first message must be the feed's
   * first). Verdicts are those of validating message by message; the work is parallel as in
   * {@link #validateFeed}. Returns the verdicts and every feed's final state (keyed by author id text).
   */
  public FeedsValidation validateFeeds(Map<String, FeedState> states, List<? extends JsonValue> messages,
      Executor executor) {
    Objects.requireNonNull(states, "states");
    List<Item> prepared = prepareAll(messages, executor);
    Map<String, FeedState> current = new LinkedHashMap<>(states);
    List<ValidationResult> results = new ArrayList<>(prepared.size());
    for (Item p : prepared) {
      Optional<FeedState> state = p.author == null ? Optional.empty() : Optional.ofNullable(current.get(p.author));
      ValidationResult r = judge(state, p, () -> p.signatureOk);
      if (r instanceof ValidationResult.Valid v) {
        current.put(p.author, v.state());
      }
      results.add(r);
    }
    return new FeedsValidation(results, current);
  }

  /** The verdicts of a batch, in input order, and the feed's state after the last valid message. */
  public record FeedValidation(List<ValidationResult> results, Optional<FeedState> state) {
    public FeedValidation {
      results = List.copyOf(results);
      Objects.requireNonNull(state, "state");
    }

    /** How many messages were valid. */
    public int validCount() {
      return (int) results.stream().filter(ValidationResult::isValid).count();
    }
  }

  /** The verdicts of a multi-feed batch, in input order, and each feed's state after it. */
  public record FeedsValidation(List<ValidationResult> results, Map<String, FeedState> states) {
    public FeedsValidation {
      results = List.copyOf(results);
      states = Map.copyOf(states);
    }

    /** How many messages were valid. */
    public int validCount() {
      return (int) results.stream().filter(ValidationResult::isValid).count();
    }
  }

  /**
   * The state-independent part of a verdict. {@code early} fails before the chain checks (author,
   * signature format), {@code late} after them (key order, shape, size, type, key decoding); when
   * neither, {@code publicKey}, {@code signed} and {@code sig} are what the signature check needs.
   */
  private static final class Item {
    JsonObject msg;
    String author;
    ValidationResult.Invalid early;
    ValidationResult.Invalid late;
    byte[] publicKey;
    byte[] signed;
    byte[] sig;
    String signedJson;
    MessageId id;
    boolean signatureOk;
  }

  private interface SignatureCheck {
    boolean ok();
  }

  private boolean verifyOne(Item p) {
    try {
      return verifier.verify(p.publicKey, p.signed, p.sig);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private List<Item> prepareAll(List<? extends JsonValue> messages, Executor executor) {
    Objects.requireNonNull(executor, "executor");
    List<JsonValue> list = List.copyOf(messages);
    Item[] prepared = new Item[list.size()];
    int chunks = Math.min(list.size(), Math.max(1, Runtime.getRuntime().availableProcessors()) * 4);
    if (chunks > 0) {
      int chunkSize = (list.size() + chunks - 1) / chunks;
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      for (int start = 0; start < list.size(); start += chunkSize) {
        int from = start;
        int to = Math.min(list.size(), start + chunkSize);
        futures.add(CompletableFuture.runAsync(() -> {
          for (int i = from; i < to; i++) {
            prepared[i] = prepare(list.get(i));
          }
        }, executor));
      }
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
    }
    // One key object per author, so the batch verifier decodes each feed's key once.
    Map<ByteBuffer, Ed25519PublicKey> keys = new HashMap<>();
    List<Ed25519Signed> items = new ArrayList<>();
    List<Item> needVerify = new ArrayList<>();
    for (Item p : prepared) {
      if (p.early == null && p.late == null) {
        Ed25519PublicKey key = keys.computeIfAbsent(ByteBuffer.wrap(p.publicKey), b -> Ed25519PublicKey.of(p.publicKey));
        items.add(Ed25519Signed.of(key, p.signed, p.sig));
        needVerify.add(p);
      }
    }
    boolean[] verdicts = verifier.verifyAll(items, executor);
    for (int i = 0; i < verdicts.length; i++) {
      needVerify.get(i).signatureOk = verdicts[i];
    }
    return Arrays.asList(prepared);
  }

  private Item prepare(JsonValue message) {
    Objects.requireNonNull(message, "message");
    Item p = new Item();
    if (!(message instanceof JsonObject msg)) {
      p.early = new ValidationResult.Invalid(ValidationError.NOT_AN_OBJECT, false, "a message must be a JSON object");
      return p;
    }
    p.msg = msg;
    Optional<ValidationResult.Invalid> early = checkEarly(msg);
    if (early.isPresent()) {
      p.early = early.get();
      return p;
    }
    String author = ((JsonString) msg.get("author").orElseThrow()).value();
    p.author = author;
    if (!isValidOrder(msg, true)) {
      p.late = new ValidationResult.Invalid(ValidationError.BAD_MESSAGE_SHAPE, true, "message must have keys in allowed order");
      return p;
    }
    String signedJson = V8Json.stringify(msg);
    Optional<ValidationResult.Invalid> shape = checkShape(msg, signedJson.length());
    if (shape.isPresent()) {
      p.late = shape.get();
      return p;
    }
    String signature = ((JsonString) msg.get("signature").orElseThrow()).value();
    // ssb-keys' getCurve takes the tag after the first '.' of the key; only ed25519 is known.
    if (!author.endsWith(".ed25519") || author.indexOf('.') != 45) {
      p.late = new ValidationResult.Invalid(ValidationError.INVALID_AUTHOR, false,
          "unknown curve in author " + RefText.preview(author));
      return p;
    }
    byte[] publicKey = CanonicalBase64.decode(author.substring(1, 45), 32);
    byte[] sig = CanonicalBase64.decodeAny(signature.substring(0, signature.indexOf('.')));
    if (publicKey == null || sig == null || sig.length < 64) {
      p.late = new ValidationResult.Invalid(ValidationError.INVALID_SIGNATURE_FORMAT, false,
          "the signature does not decode to 64 bytes");
      return p;
    }
    // 88 canonical base64 characters without padding decode to 65 or 66 bytes; ssb-validate (through
    // sodium-native's crypto_sign_verify_detached) verifies the first 64 and ignores the rest.
    p.sig = Arrays.copyOf(sig, 64);
    p.publicKey = publicKey;
    byte[] signed = SsbMessage.signingBytes(msg);
    p.signed = hmacKey.isPresent() ? hmacKey.get().authenticate(signed) : signed;
    p.signedJson = signedJson;
    p.id = SsbMessage.idOfSignedJson(signedJson);
    return p;
  }

  private static ValidationResult judge(Optional<FeedState> state, Item p, SignatureCheck signature) {
    if (p.early != null) {
      return p.early;
    }
    Optional<ValidationResult.Invalid> chain = checkChain(state, p.msg);
    if (chain.isPresent()) {
      return chain.get();
    }
    if (p.late != null) {
      return p.late;
    }
    if (!signature.ok()) {
      return invalid(ValidationError.SIGNATURE_INVALID, true, "invalid signature, on feed: " + p.author);
    }
    SsbMessage valid = new SsbMessage(p.msg, p.signedJson, p.id);
    return new ValidationResult.Valid(valid, new FeedState(p.id, valid.sequence(), valid.timestamp()));
  }

  /** The checks of {@code checkInvalidCheap} before the chain: author and signature format. */
  private static Optional<ValidationResult.Invalid> checkEarly(JsonObject msg) {
    JsonValue author = msg.get("author").orElse(null);
    if (!Js.isFeedIdLoose(author)) {
      return fail(ValidationError.INVALID_AUTHOR, false, "invalid message: must have author");
    }
    if (!sigMatchesCurve(msg)) {
      return fail(ValidationError.INVALID_SIGNATURE_FORMAT, false,
          "invalid message: signature type must match author type");
    }
    return Optional.empty();
  }

  /** The chain checks of {@code checkInvalidCheap}: sequence and previous against the state. */
  private static Optional<ValidationResult.Invalid> checkChain(Optional<FeedState> state, JsonObject msg) {
    String feed = ((JsonString) msg.get("author").orElseThrow()).value();
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
    return Optional.empty();
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
    return checkShape(msg, V8Json.stringify(msg).length());
  }

  private static Optional<ValidationResult.Invalid> checkShape(JsonObject msg, int length) {
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
