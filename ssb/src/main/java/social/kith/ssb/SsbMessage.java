package social.kith.ssb;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import social.kith.ssb.internal.CanonicalBase64;
import social.kith.ssb.internal.Digests;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;

/**
 * A signed classic SSB message, as accepted by {@link MessageValidator} or created by
 * {@link #create}: the value exactly as received (key order included), its V8 serialisation and its
 * id. Instances only exist for messages of a valid shape, so the typed accessors do not fail.
 *
 * <p>The signature covers the UTF-8 of {@code JSON.stringify(valueWithoutSignature, null, 2)}; the
 * id is {@code %base64(sha256(latin1(JSON.stringify(value, null, 2)))).sha256}, where "latin1" keeps
 * only the low byte of each UTF-16 unit (ssb-keys hashes {@code Buffer.from(s, 'binary')}).
 */
public final class SsbMessage {
  private final JsonObject value;
  private final String signedJson;
  private final MessageId id;

  SsbMessage(JsonObject value, String signedJson, MessageId id) {
    this.value = value;
    this.signedJson = signedJson;
    this.id = id;
  }

  /** The message id of a signed message value. */
  public static MessageId idOf(JsonObject signedValue) {
    return idOfSignedJson(V8Json.stringify(signedValue));
  }

  /** The message id of the V8 serialisation of a signed message. */
  public static MessageId idOfSignedJson(String signedJson) {
    return MessageId.of(Digests.sha256(Digests.latin1(signedJson)));
  }

  /** The bytes a classic message's signature covers: UTF-8 of the V8 serialisation without {@code signature}. */
  public static byte[] signingBytes(JsonObject value) {
    return V8Json.stringify(value.without("signature")).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Builds and signs a message as ssb-validate's {@code create} does: keys {@code previous,
   * sequence, author, timestamp, hash, content}, then {@code signature}. {@code previous} is
   * {@code null} (with sequence 1) for a new feed. Refused with {@link SsbError#INVALID_MESSAGE}:
   * a non-finite timestamp, content that is neither an object nor a boxed string, a bad content
   * type, or a signed message over 8192 UTF-16 units (stricter than {@code create}, which checks the
   * size before adding the signature and so can build a message no peer accepts).
   *
   * @param previous the feed's current state, or empty for its first message
   * @param hmacKey the network's sign-cap, or empty for the main network
   */
  public static SsbMessage create(Optional<FeedState> previous, Ed25519Signer signer, Optional<HmacKey> hmacKey,
      JsonValue content, double timestamp) {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(hmacKey, "hmacKey");
    Objects.requireNonNull(content, "content");
    if (!Double.isFinite(timestamp)) {
      throw new SsbException(SsbError.INVALID_MESSAGE, "timestamp must be a finite number");
    }
    long nextSequence = previous.map(s -> s.sequence() + 1L).orElse(1L);
    if (nextSequence > Integer.MAX_VALUE) {
      throw new SsbException(SsbError.INVALID_MESSAGE, "the feed has reached the largest sequence number");
    }
    JsonObject unsigned = JsonObject.builder()
        .put("previous", previous.<JsonValue>map(s -> new JsonString(s.latest().toString())).orElse(JsonValue.nullValue()))
        .put("sequence", new JsonNumber(nextSequence))
        .put("author", signer.feedId().toString())
        .put("timestamp", new JsonNumber(timestamp))
        .put("hash", "sha256")
        .put("content", content)
        .build();
    byte[] toSign = V8Json.stringify(unsigned).getBytes(StandardCharsets.UTF_8);
    if (hmacKey.isPresent()) {
      toSign = hmacKey.get().authenticate(toSign);
    }
    byte[] sig = signer.sign(toSign);
    if (sig == null || sig.length != 64) {
      throw new IllegalStateException("the signer returned a signature that is not 64 bytes");
    }
    JsonObject signed = unsigned.with("signature", new JsonString(CanonicalBase64.encode(sig) + ".sig.ed25519"));
    Optional<ValidationResult.Invalid> problem = MessageValidator.checkShape(signed);
    if (problem.isPresent()) {
      throw new SsbException(SsbError.INVALID_MESSAGE, problem.get().reason());
    }
    String signedJson = V8Json.stringify(signed);
    return new SsbMessage(signed, signedJson, idOfSignedJson(signedJson));
  }

  /** The message id. */
  public MessageId id() {
    return id;
  }

  /** The full signed value, keys in their original order. */
  public JsonObject value() {
    return value;
  }

  /** {@code JSON.stringify(value, null, 2)}: the text the id hashes. */
  public String signedJson() {
    return signedJson;
  }

  /** The bytes the signature covers (before any HMAC). */
  public byte[] signingBytes() {
    return signingBytes(value);
  }

  /** The previous message's id; empty for the first message of a feed. */
  public Optional<MessageId> previous() {
    return value.get("previous").filter(v -> v instanceof JsonString)
        .map(v -> ((JsonString) v).value()).filter(MessageId::isValid).map(MessageId::parse);
  }

  /** The author. */
  public FeedId author() {
    return FeedId.parse(((JsonString) value.get("author").orElseThrow()).value());
  }

  /** The sequence number (1 for a feed's first message). */
  public int sequence() {
    return (int) ((JsonNumber) value.get("sequence").orElseThrow()).value();
  }

  /**
   * The author's claimed timestamp in milliseconds, or NaN when it is not a number (ssb-validate 4.1.4
   * checks the type only on a feed's first message).
   */
  public double timestamp() {
    return value.get("timestamp").filter(v -> v instanceof JsonNumber)
        .map(v -> ((JsonNumber) v).value()).orElse(Double.NaN);
  }

  /** The content: an object, or a string for boxed (encrypted) content. */
  public JsonValue content() {
    return value.get("content").orElseThrow();
  }

  /** Whether the content is a boxed string ({@code <base64>.box…}). */
  public boolean isBoxed() {
    return content() instanceof JsonString;
  }

  /** The signature text, {@code <base64>.sig.ed25519}. */
  public String signature() {
    return ((JsonString) value.get("signature").orElseThrow()).value();
  }

  /** The length ssb-validate limits: UTF-16 code units of {@link #signedJson()}. */
  public int length() {
    return signedJson.length();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SsbMessage other && id.equals(other.id) && signedJson.equals(other.signedJson);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "SsbMessage[" + id + " " + value.get("author").map(Object::toString).orElse("?") + " #"
        + value.get("sequence").map(Object::toString).orElse("?") + "]";
  }
}
