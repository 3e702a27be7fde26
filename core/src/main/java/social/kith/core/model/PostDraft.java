package social.kith.core.model;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import social.kith.core.InvalidInputException;
import social.kith.core.internal.Checks;

/**
 * What an application publishes: a post before a protocol has given it an id. Built with
 * {@link #builder()}, which refuses bad values at the call that sets them and inconsistent drafts at
 * {@link Builder#build()} ({@link InvalidInputException}, code {@code INVALID_INPUT} or
 * {@code LIMIT_EXCEEDED}).
 *
 * <p>Limits are the protocol-neutral ceiling; an adapter may refuse a draft that its protocol cannot
 * carry (an SSB message is at most 8192 UTF-16 units, for example):
 * text at most {@value #MAX_TEXT_CHARS} characters, a content warning at most
 * {@value #MAX_CONTENT_WARNING} characters, at most {@value #MAX_ATTACHMENTS} attachments,
 * {@value #MAX_MENTIONS} mentions, {@value #MAX_HASHTAGS} hashtags (each at most
 * {@value #MAX_HASHTAG_CHARS} characters, without the {@code #}) and {@value #MAX_RECIPIENTS}
 * direct recipients. Text is required unless there are attachments.
 */
public record PostDraft(Content content, Optional<String> contentWarning, boolean sensitive,
    Optional<String> language, List<Attachment> attachments, List<Mention> mentions,
    List<String> hashtags, Optional<PostId> inReplyTo, Visibility visibility,
    List<IdentityId> directRecipients) {
  public static final int MAX_TEXT_CHARS = 100_000;
  public static final int MAX_CONTENT_WARNING = 1000;
  public static final int MAX_ATTACHMENTS = 16;
  public static final int MAX_MENTIONS = 100;
  public static final int MAX_HASHTAGS = 100;
  public static final int MAX_HASHTAG_CHARS = 100;
  public static final int MAX_RECIPIENTS = 100;

  public PostDraft {
    Checks.present(content, "content");
    if (content.source().length() > MAX_TEXT_CHARS) {
      throw InvalidInputException.limit("text is longer than " + MAX_TEXT_CHARS + " characters");
    }
    Checks.present(contentWarning, "content warning");
    contentWarning.ifPresent(PostDraft::checkContentWarning);
    Checks.present(language, "language");
    language.ifPresent(l -> Checks.language(l, "language"));
    attachments = Checks.list(attachments, "attachments", MAX_ATTACHMENTS);
    mentions = Checks.list(mentions, "mentions", MAX_MENTIONS);
    hashtags = Checks.list(hashtags, "hashtags", MAX_HASHTAGS);
    hashtags.forEach(PostDraft::checkHashtag);
    Checks.present(inReplyTo, "in reply to");
    Checks.present(visibility, "visibility");
    directRecipients = Checks.list(directRecipients, "direct recipients", MAX_RECIPIENTS);
    if (content.isEmpty() && attachments.isEmpty()) {
      throw new InvalidInputException("a post needs text or at least one attachment");
    }
    checkAudience(visibility, directRecipients);
  }

  /** The capabilities a protocol needs to publish this draft without dropping anything. */
  public Set<Capability> requiredCapabilities() {
    return requiredCapabilities(contentWarning.isPresent() || sensitive, !attachments.isEmpty(),
        inReplyTo.isPresent(), visibility);
  }

  /**
   * The protocols that ids in this draft belong to (reply target, recipients, resolved mentions).
   * Only an adapter of such a protocol can publish the draft as it is.
   */
  public Set<Protocol> referencedProtocols() {
    Set<Protocol> out = new TreeSet<>();
    inReplyTo.ifPresent(p -> out.add(p.protocol()));
    directRecipients.forEach(r -> out.add(r.protocol()));
    mentions.forEach(m -> m.id().ifPresent(i -> out.add(i.protocol())));
    return out;
  }

  /** A builder for a public post. */
  public static Builder builder() {
    return new Builder();
  }

  /** A public plain-text post. */
  public static PostDraft ofText(String text) {
    return builder().text(text).build();
  }

  /** A builder that starts from this draft (setters still refuse a second call). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.content = content;
    b.contentWarning = contentWarning.orElse(null);
    b.sensitive = sensitive;
    b.language = language.orElse(null);
    b.attachments.addAll(attachments);
    b.mentions.addAll(mentions);
    b.hashtags.addAll(hashtags);
    b.inReplyTo = inReplyTo.orElse(null);
    b.visibility = visibility;
    b.directRecipients.addAll(directRecipients);
    return b;
  }

  static Set<Capability> requiredCapabilities(boolean warning, boolean attachments, boolean reply,
      Visibility visibility) {
    EnumSet<Capability> caps = EnumSet.of(Capability.PUBLISH);
    if (warning) {
      caps.add(Capability.CONTENT_WARNING);
    }
    if (attachments) {
      caps.add(Capability.ATTACHMENTS);
    }
    if (reply) {
      caps.add(Capability.REPLY);
    }
    switch (visibility) {
      case UNLISTED -> caps.add(Capability.VISIBILITY_UNLISTED);
      case FOLLOWERS -> caps.add(Capability.VISIBILITY_FOLLOWERS);
      case DIRECT -> caps.add(Capability.DIRECT_MESSAGE);
      case PUBLIC -> { }
    }
    return Set.copyOf(caps);
  }

  static void checkContentWarning(String cw) {
    Checks.text(cw, "content warning", MAX_CONTENT_WARNING);
    if (cw.isBlank()) {
      throw new InvalidInputException("content warning is blank");
    }
  }

  static void checkHashtag(String tag) {
    Checks.word(tag, "hashtag", MAX_HASHTAG_CHARS);
    if (tag.indexOf('#') >= 0) {
      throw new InvalidInputException("hashtag must not contain '#': " + tag);
    }
  }

  static void checkAudience(Visibility visibility, List<IdentityId> recipients) {
    if (visibility == Visibility.DIRECT && recipients.isEmpty()) {
      throw new InvalidInputException("a direct post needs at least one recipient");
    }
    if (visibility != Visibility.DIRECT && !recipients.isEmpty()) {
      throw new InvalidInputException("direct recipients are only allowed with DIRECT visibility");
    }
    if (recipients.stream().distinct().count() != recipients.size()) {
      throw new InvalidInputException("direct recipients contain duplicates");
    }
  }

  static String stripHash(String tag) {
    Checks.present(tag, "hashtag");
    return tag.startsWith("#") ? tag.substring(1) : tag;
  }

  /** Collects a draft. Not thread-safe. Each single-valued setter may be called once. */
  public static final class Builder {
    private Content content;
    private String contentWarning;
    private boolean sensitive;
    private String language;
    private final List<Attachment> attachments = new ArrayList<>();
    private final List<Mention> mentions = new ArrayList<>();
    private final List<String> hashtags = new ArrayList<>();
    private PostId inReplyTo;
    private Visibility visibility;
    private final List<IdentityId> directRecipients = new ArrayList<>();

    private Builder() {}

    /** Plain text ({@link Content#plain}). */
    public Builder text(String text) {
      return content(Content.plain(text));
    }

    public Builder content(Content content) {
      Checks.present(content, "content");
      if (this.content != null) {
        throw new IllegalStateException("content was already set");
      }
      if (content.source().length() > MAX_TEXT_CHARS) {
        throw InvalidInputException.limit("text is longer than " + MAX_TEXT_CHARS + " characters");
      }
      this.content = content;
      return this;
    }

    /** A warning shown before the text and media; implies nothing about {@link #sensitive}. */
    public Builder contentWarning(String warning) {
      checkContentWarning(warning);
      if (this.contentWarning != null) {
        throw new IllegalStateException("content warning was already set");
      }
      this.contentWarning = warning;
      return this;
    }

    /** Marks the media as sensitive (hidden until clicked). Needs {@link Capability#CONTENT_WARNING}. */
    public Builder sensitive(boolean sensitive) {
      this.sensitive = sensitive;
      return this;
    }

    public Builder language(String language) {
      Checks.language(language, "language");
      if (this.language != null) {
        throw new IllegalStateException("language was already set");
      }
      this.language = language;
      return this;
    }

    public Builder attachment(Attachment attachment) {
      add(attachments, Checks.present(attachment, "attachment"), MAX_ATTACHMENTS, "attachments");
      return this;
    }

    public Builder mention(Mention mention) {
      add(mentions, Checks.present(mention, "mention"), MAX_MENTIONS, "mentions");
      return this;
    }

    /** Adds a hashtag; a leading {@code #} is dropped and a repeated tag is ignored. */
    public Builder hashtag(String tag) {
      String t = stripHash(tag);
      checkHashtag(t);
      if (!hashtags.contains(t)) {
        add(hashtags, t, MAX_HASHTAGS, "hashtags");
      }
      return this;
    }

    /** Makes the draft a reply. Needs {@link Capability#REPLY}. */
    public Builder inReplyTo(PostId parent) {
      Checks.present(parent, "in reply to");
      if (this.inReplyTo != null) {
        throw new IllegalStateException("in reply to was already set");
      }
      this.inReplyTo = parent;
      return this;
    }

    /** Defaults to {@link Visibility#PUBLIC}. */
    public Builder visibility(Visibility visibility) {
      Checks.present(visibility, "visibility");
      if (this.visibility != null) {
        throw new IllegalStateException("visibility was already set to " + this.visibility);
      }
      this.visibility = visibility;
      return this;
    }

    /** Adds a recipient of a {@link Visibility#DIRECT} post. */
    public Builder directRecipient(IdentityId recipient) {
      Checks.present(recipient, "direct recipient");
      if (directRecipients.contains(recipient)) {
        throw new InvalidInputException("direct recipient " + recipient + " was already added");
      }
      add(directRecipients, recipient, MAX_RECIPIENTS, "direct recipients");
      return this;
    }

    public PostDraft build() {
      return new PostDraft(content == null ? Content.EMPTY : content, Optional.ofNullable(contentWarning),
          sensitive, Optional.ofNullable(language), attachments, mentions, hashtags,
          Optional.ofNullable(inReplyTo), visibility == null ? Visibility.PUBLIC : visibility, directRecipients);
    }

    private static <T> void add(List<T> list, T value, int max, String field) {
      if (list.size() >= max) {
        throw InvalidInputException.limit(field + " has more than " + max + " entries");
      }
      list.add(value);
    }
  }
}
