package social.kith.ssb.mapping;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import social.kith.core.KithException;
import social.kith.core.html.HtmlSanitizer;
import social.kith.core.model.Content;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.Mention;
import social.kith.core.model.NativeDocument;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;
import social.kith.crypto.X25519PrivateKey;
import social.kith.ssb.BlobId;
import social.kith.ssb.FeedId;
import social.kith.ssb.MessageId;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.SsbRefs;
import social.kith.ssb.box.BoxedContent;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonBoolean;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;

/**
 * Maps validated SSB messages to Kith's neutral model: {@code post} to {@link Post} (markdown source,
 * escaped-text HTML, mentions, channel and {@code #tag} mentions as hashtags, {@code root}/{@code branch}
 * as thread root / reply-to), {@code vote} to {@link Interaction.Like}, {@code contact} to
 * {@link Interaction.Follow}/{@link Interaction.Unfollow}/{@link Interaction.Block}, {@code about} to an
 * {@link AboutUpdate}, and everything else to a native document. Private ({@code .box}) messages that
 * open with the local key become {@link Visibility#DIRECT} posts (recipients from the decrypted
 * {@code recps}).
 *
 * <p>Total on untrusted content: a field of the wrong kind is ignored, text is cleaned of control
 * characters and cut to the model's limits, and a message that still does not fit becomes an
 * {@link MappedMessage.AsDocument} saying why; nothing here throws for a valid message.
 * {@code createdAt} is the author's claimed timestamp (ssb-validate does not check it), or the epoch
 * when it is not a usable number. Immutable and thread-safe.
 */
public final class SsbMapper {
  /** The media type of SSB post text. */
  public static final String MARKDOWN = "text/markdown";

  private final Optional<FeedId> local;
  private final Optional<X25519PrivateKey> boxKey;

  private SsbMapper(Optional<FeedId> local, Optional<X25519PrivateKey> boxKey) {
    this.local = local;
    this.boxKey = boxKey;
  }

  /** A mapper without a key: private messages stay documents. */
  public static SsbMapper publicOnly() {
    return new SsbMapper(Optional.empty(), Optional.empty());
  }

  /** A mapper that opens private messages addressed to {@code local}. */
  public static SsbMapper forLocal(SsbKeyPair local) {
    Objects.requireNonNull(local, "local");
    return new SsbMapper(Optional.of(local.id()), Optional.of(BoxedContent.boxKey(local)));
  }

  /** The neutral-model view of a feed id. */
  public static IdentityId identity(FeedId feed) {
    return IdentityId.of(Protocol.SSB, feed.toString());
  }

  /** The neutral-model view of a message id. */
  public static PostId post(MessageId id) {
    return PostId.of(Protocol.SSB, id.toString());
  }

  /** Maps one validated message. */
  public MappedMessage map(SsbMessage message) {
    Objects.requireNonNull(message, "message");
    PostId id = post(message.id());
    IdentityId author = identity(message.author());
    Instant at = instant(message.timestamp());
    JsonValue content = message.content();
    JsonObject value = message.value();
    boolean isPrivate = false;
    if (content instanceof JsonString boxed) {
      Optional<JsonValue> opened = boxKey.flatMap(k -> BoxedContent.unbox(boxed.value(), k));
      if (opened.isEmpty() || !(opened.get() instanceof JsonObject)) {
        return new MappedMessage.AsDocument(id, author, at, "", boxKey.isEmpty()
            ? "a private message and no local key" : "a private message not for the local key", document(message, null));
      }
      content = opened.get();
      isPrivate = true;
    }
    JsonObject c = (JsonObject) content;
    String type = string(c.get("type")).orElse("");
    NativeDocument doc = document(message, isPrivate ? c : null);
    try {
      switch (type) {
        case "post":
          return new MappedMessage.AsPost(mapPost(id, author, at, c, isPrivate, doc));
        case "vote":
          return mapVote(id, author, at, c, doc, type);
        case "contact":
          return mapContact(id, author, at, c, doc, type);
        case "about":
          return mapAbout(id, author, at, c, doc, type);
        default:
          return new MappedMessage.AsDocument(id, author, at, type, "no mapping for type '" + clean(type, 60) + "'", doc);
      }
    } catch (KithException e) {
      // The model refused a value the cleaning above let through: keep the message as a document.
      return new MappedMessage.AsDocument(id, author, at, type, "does not fit the model: " + e.code().name(), doc);
    }
  }

  private Post mapPost(PostId id, IdentityId author, Instant at, JsonObject c, boolean isPrivate, NativeDocument doc) {
    String text = clean(string(c.get("text")).orElse(""), Content.MAX_CHARS);
    Post.Builder b = Post.builder(id, author, at)
        .content(Content.of(text, MARKDOWN, HtmlSanitizer.textToHtml(text)))
        .nativeDocument(doc);
    List<Mention> mentions = new ArrayList<>();
    Set<String> hashtags = new LinkedHashSet<>();
    string(c.get("channel")).flatMap(SsbRefs::normalizeChannel).ifPresent(hashtags::add);
    if (c.get("mentions").orElse(null) instanceof JsonArray array) {
      for (JsonValue m : array.values()) {
        if (mentions.size() >= Post.MAX_MENTIONS || !(m instanceof JsonObject mo)) {
          continue;
        }
        Optional<String> link = string(mo.get("link"));
        if (link.isEmpty()) {
          continue;
        }
        if (FeedId.isValid(link.get())) {
          String name = string(mo.get("name")).map(n -> clean(n, 200).strip()).filter(n -> !n.isEmpty()).orElse(link.get());
          mentions.add(Mention.of(IdentityId.of(Protocol.SSB, link.get()), token(name.startsWith("@") ? name : "@" + name)));
        } else if (link.get().startsWith("#")) {
          SsbRefs.normalizeChannel(link.get().substring(1)).ifPresent(hashtags::add);
        }
      }
    }
    b.mentions(mentions);
    b.hashtags(hashtags.stream().filter(SsbMapper::isHashtag).limit(Post.MAX_HASHTAGS).toList());
    Optional<MessageId> root = messageRef(c.get("root"));
    Optional<MessageId> branch = branch(c.get("branch"));
    root.filter(r -> !post(r).equals(id)).ifPresent(r -> b.threadRoot(post(r)));
    branch.or(() -> root).filter(r -> !post(r).equals(id)).ifPresent(r -> b.inReplyTo(post(r)));
    string(c.get("contentWarning")).map(w -> clean(w, PostDraft.MAX_CONTENT_WARNING)).filter(w -> !w.isBlank())
        .ifPresent(b::contentWarning);
    if (isPrivate) {
      Set<IdentityId> recipients = new LinkedHashSet<>();
      if (c.get("recps").orElse(null) instanceof JsonArray recps) {
        for (JsonValue r : recps.values()) {
          Optional<String> feed = r instanceof JsonObject ro ? string(ro.get("link")) : string(Optional.of(r));
          feed.filter(FeedId::isValid).ifPresent(f -> recipients.add(IdentityId.of(Protocol.SSB, f)));
        }
      }
      if (recipients.isEmpty()) {
        // It opened with our key, so we are a recipient even if recps does not say so.
        recipients.add(identity(local.orElseThrow()));
      }
      b.visibility(Visibility.DIRECT).directRecipients(recipients.stream().limit(Post.MAX_RECIPIENTS).toList());
    }
    return b.build();
  }

  private static MappedMessage mapVote(PostId id, IdentityId author, Instant at, JsonObject c, NativeDocument doc,
      String type) {
    JsonObject vote = c.get("vote").orElse(null) instanceof JsonObject v ? v : null;
    Optional<MessageId> target = vote == null ? Optional.empty() : messageRef(vote.get("link"));
    if (target.isEmpty()) {
      return new MappedMessage.AsDocument(id, author, at, type, "a vote without a message link", doc);
    }
    double value = vote.get("value").orElse(null) instanceof JsonNumber n ? n.value() : Double.NaN;
    if (value != 1) {
      return new MappedMessage.AsDocument(id, author, at, type,
          value == 0 ? "an unlike (value 0): core has no unlike" : "a vote value other than 1 or 0", doc);
    }
    Optional<String> expression = string(vote.get("expression")).map(e -> clean(e, Interaction.Like.MAX_REACTION).strip())
        .filter(e -> !e.isEmpty() && !e.equalsIgnoreCase("like"));
    Interaction like = expression.map(e -> (Interaction) Interaction.Like.reaction(post(target.get()), e))
        .orElseGet(() -> Interaction.Like.of(post(target.get())));
    return new MappedMessage.AsInteraction(id, author, at, like, doc);
  }

  private static MappedMessage mapContact(PostId id, IdentityId author, Instant at, JsonObject c, NativeDocument doc,
      String type) {
    Optional<String> contact = string(c.get("contact")).filter(FeedId::isValid);
    if (contact.isEmpty()) {
      return new MappedMessage.AsDocument(id, author, at, type, "a contact without a feed", doc);
    }
    IdentityId target = IdentityId.of(Protocol.SSB, contact.get());
    JsonValue blocking = c.get("blocking").orElse(null);
    JsonValue following = c.get("following").orElse(null);
    Interaction interaction;
    if (blocking == JsonBoolean.TRUE) {
      interaction = new Interaction.Block(target);
    } else if (following == JsonBoolean.TRUE) {
      interaction = new Interaction.Follow(target);
    } else if (following == JsonBoolean.FALSE) {
      interaction = new Interaction.Unfollow(target);
    } else {
      return new MappedMessage.AsDocument(id, author, at, type, blocking == JsonBoolean.FALSE
          ? "an unblock: core has no unblock" : "a contact that neither follows nor blocks", doc);
    }
    return new MappedMessage.AsInteraction(id, author, at, interaction, doc);
  }

  private static MappedMessage mapAbout(PostId id, IdentityId author, Instant at, JsonObject c, NativeDocument doc,
      String type) {
    Optional<String> about = string(c.get("about")).filter(FeedId::isValid);
    if (about.isEmpty()) {
      return new MappedMessage.AsDocument(id, author, at, type, "an about that is not about a feed", doc);
    }
    Optional<String> name = string(c.get("name")).map(n -> clean(n, Identity.MAX_DISPLAY_NAME));
    Optional<Content> description = string(c.get("description")).map(d -> clean(d, Content.MAX_CHARS))
        .map(d -> Content.of(d, MARKDOWN, HtmlSanitizer.textToHtml(d)));
    // image is a blob id, or {link: blobId, ...}.
    JsonValue image = c.get("image").orElse(null);
    Optional<String> blob = image instanceof JsonObject io ? string(io.get("link")) : string(Optional.ofNullable(image));
    Optional<URI> avatar = blob.filter(BlobId::isValid).map(b -> URI.create(BlobId.parse(b).toUri()));
    return new MappedMessage.AsAbout(id, author, at,
        new AboutUpdate(IdentityId.of(Protocol.SSB, about.get()), name, description, avatar), doc);
  }

  /** ssb-db's {@code {key, value}}; for an opened private message, value.content is the plaintext as ssb-db shows it. */
  private static NativeDocument document(SsbMessage message, JsonObject plaintext) {
    JsonObject value = message.value();
    if (plaintext != null) {
      value = value.with("content", plaintext).with("cyphertext", message.content()).with("private", JsonBoolean.TRUE);
    }
    JsonObject kv = JsonObject.builder().put("key", message.id().toString()).put("value", value).build();
    return NativeDocument.ofText(Protocol.SSB, "application/json", V8Json.stringify(kv));
  }

  private static Instant instant(double millis) {
    if (!Double.isFinite(millis) || Math.abs(millis) > 8.64e15) {
      return Instant.EPOCH;
    }
    return Instant.ofEpochMilli((long) millis);
  }

  private static Optional<String> string(Optional<JsonValue> v) {
    return v.filter(x -> x instanceof JsonString).map(x -> ((JsonString) x).value());
  }

  private static Optional<MessageId> messageRef(Optional<JsonValue> v) {
    return string(v).filter(MessageId::isValid).map(MessageId::parse);
  }

  /** {@code branch} is one id or an array of the thread's heads; the first valid one is the parent. */
  private static Optional<MessageId> branch(Optional<JsonValue> v) {
    if (v.orElse(null) instanceof JsonArray a) {
      return a.values().stream().map(x -> messageRef(Optional.of(x))).flatMap(Optional::stream).findFirst();
    }
    return messageRef(v);
  }

  /** Drops control characters other than tab and line breaks (the model refuses them) and cuts to {@code max}. */
  static String clean(String s, int max) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char ch = s.charAt(i);
      if (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t' || ch == 0x7f) {
        continue;
      }
      b.append(ch);
    }
    if (b.length() > 0 && Character.isHighSurrogate(b.charAt(b.length() - 1)) && b.length() == max) {
      b.setLength(b.length() - 1);
    }
    return b.toString();
  }

  /** A mention's display: one line. */
  private static String token(String s) {
    return s.replaceAll("[\\r\\n\\t]+", " ");
  }

  private static boolean isHashtag(String tag) {
    return !tag.isEmpty() && tag.length() <= PostDraft.MAX_HASHTAG_CHARS && tag.indexOf('#') < 0
        && tag.codePoints().noneMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp < 0x20);
  }
}
