package social.kith.ssb.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import social.kith.ssb.FeedId;
import social.kith.ssb.MessageId;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;

/**
 * A message as the store holds it: its key (message id), the signed value exactly as it was
 * validated when appended (key order included), and when this store received it. Values in the store
 * were validated before they were written and are protected by the log's checksums, so reading them
 * back does not verify signatures again.
 *
 * @param key the message id
 * @param value the signed message value
 * @param receivedAt when the store appended it (the store's clock)
 */
public record StoredMessage(MessageId key, JsonObject value, Instant receivedAt) {
  public StoredMessage {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /** The author. */
  public FeedId author() {
    return FeedId.parse(((JsonString) value.get("author").orElseThrow()).value());
  }

  /** The sequence number within the author's feed. */
  public int sequence() {
    return (int) ((JsonNumber) value.get("sequence").orElseThrow()).value();
  }

  /** The author's claimed timestamp in milliseconds (NaN when it is not a number). */
  public double timestamp() {
    return value.get("timestamp").filter(v -> v instanceof JsonNumber).map(v -> ((JsonNumber) v).value())
        .orElse(Double.NaN);
  }

  /** The content: an object, or a string for boxed content. */
  public JsonValue content() {
    return value.get("content").orElseThrow();
  }

  /** {@code content.type} of unboxed content. */
  public Optional<String> type() {
    return content() instanceof JsonObject o
        ? o.get("type").filter(t -> t instanceof JsonString).map(t -> ((JsonString) t).value())
        : Optional.empty();
  }

  /** {@code JSON.stringify(value, null, 2)}: the text the key hashes, as sent to peers. */
  public String signedJson() {
    return V8Json.stringify(value);
  }

  @Override
  public String toString() {
    return "StoredMessage[" + key + " #" + value.get("sequence").map(Object::toString).orElse("?") + "]";
  }
}
