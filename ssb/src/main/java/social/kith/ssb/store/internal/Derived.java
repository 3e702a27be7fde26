package social.kith.ssb.store.internal;

import java.util.Optional;
import social.kith.ssb.BlobId;
import social.kith.ssb.FeedId;
import social.kith.ssb.MessageId;
import social.kith.ssb.json.JsonBoolean;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;

/**
 * What the indexes take from one validated message: author, sequence, timestamp, content type,
 * thread root, and the contact or self-assigned about facts it states. Derived the same way on append
 * and on rebuild, so the indexes are a pure function of the log.
 *
 * @param type {@code content.type}, or null for boxed content
 * @param root {@code content.root} when it is a message id (a string or {@code {link}}), else null
 * @param contact the relation a {@code contact} message sets, or null
 * @param about the fields a self-assigned {@code about} message sets, or null
 */
public record Derived(FeedId author, int sequence, double timestamp, String type, MessageId root,
    Contact contact, About about) {

  /** What a contact message says about the edge author → target (the latest message wins). */
  public enum Relation { FOLLOW, BLOCK, NONE }

  public record Contact(FeedId target, Relation relation) {}

  /** Self-assigned profile fields; null members were not set by this message. */
  public record About(String name, BlobId image, String description) {}

  /**
   * Derives the facts of a message value that passed validation.
   *
   * @throws IllegalArgumentException if the value lacks a valid author or sequence (never for a validated value)
   */
  public static Derived of(JsonObject value) {
    FeedId author = value.get("author").filter(v -> v instanceof JsonString)
        .map(v -> ((JsonString) v).value()).filter(FeedId::isValid).map(FeedId::parse)
        .orElseThrow(() -> new IllegalArgumentException("message has no valid author"));
    int sequence = sequenceOf(value);
    if (sequence < 1) {
      throw new IllegalArgumentException("message has no valid sequence");
    }
    double timestamp = value.get("timestamp").filter(v -> v instanceof JsonNumber)
        .map(v -> ((JsonNumber) v).value()).orElse(Double.NaN);
    JsonValue content = value.get("content").orElse(null);
    if (!(content instanceof JsonObject c)) {
      return new Derived(author, sequence, timestamp, null, null, null, null);
    }
    String type = string(c, "type");
    MessageId root = link(c.get("root").orElse(null)).filter(MessageId::isValid).map(MessageId::parse).orElse(null);
    Contact contact = null;
    About about = null;
    if ("contact".equals(type)) {
      contact = contact(author, c);
    } else if ("about".equals(type)) {
      about = about(author, c);
    }
    return new Derived(author, sequence, timestamp, type, root, contact, about);
  }

  /** The sequence as an int when it is an integral JSON number in [1, 2^31-1]; -1 otherwise. */
  public static int sequenceOf(JsonObject value) {
    JsonValue s = value.get("sequence").orElse(null);
    if (s instanceof JsonNumber n && n.value() >= 1 && n.value() <= Integer.MAX_VALUE && n.value() == Math.rint(n.value())) {
      return (int) n.value();
    }
    return -1;
  }

  private static Contact contact(FeedId author, JsonObject c) {
    Optional<FeedId> target = Optional.ofNullable(string(c, "contact")).filter(FeedId::isValid).map(FeedId::parse);
    if (target.isEmpty() || target.get().equals(author)) {
      return null;
    }
    JsonValue following = c.get("following").orElse(null);
    JsonValue blocking = c.get("blocking").orElse(null);
    Relation relation;
    if (blocking == JsonBoolean.TRUE) {
      relation = Relation.BLOCK;
    } else if (following == JsonBoolean.TRUE) {
      relation = Relation.FOLLOW;
    } else if (following == JsonBoolean.FALSE || blocking == JsonBoolean.FALSE) {
      relation = Relation.NONE;
    } else {
      return null; // states neither: leaves the edge as it was
    }
    return new Contact(target.get(), relation);
  }

  private static About about(FeedId author, JsonObject c) {
    if (!author.toString().equals(string(c, "about"))) {
      return null; // only self-assigned profiles are indexed
    }
    String name = string(c, "name");
    BlobId image = link(c.get("image").orElse(null)).filter(BlobId::isValid).map(BlobId::parse).orElse(null);
    String description = string(c, "description");
    if (name == null && image == null && description == null) {
      return null;
    }
    return new About(name, image, description);
  }

  private static String string(JsonObject o, String key) {
    return o.get(key).filter(v -> v instanceof JsonString).map(v -> ((JsonString) v).value()).orElse(null);
  }

  /** A reference given as a string or as {@code {link: "..."}}. */
  private static Optional<String> link(JsonValue v) {
    if (v instanceof JsonString s) {
      return Optional.of(s.value());
    }
    if (v instanceof JsonObject o) {
      return Optional.ofNullable(string(o, "link"));
    }
    return Optional.empty();
  }
}
