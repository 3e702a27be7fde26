package social.kith.core.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import social.kith.core.InvalidInputException;
import social.kith.core.internal.Checks;

/**
 * A post as a protocol carries it, in the neutral model, with the protocol's own document kept
 * beside it ({@link #nativeDocument}) so that nothing is lost. Built by adapters from what they
 * receive or publish; the constructor refuses inconsistent or over-limit posts with
 * {@link InvalidInputException}, so an adapter can build one straight from untrusted input.
 *
 * <p>Limits (generous, because they apply to what peers send): text and content warning as
 * {@link Content#MAX_CHARS}, at most {@value #MAX_ATTACHMENTS} attachments, {@value #MAX_MENTIONS}
 * mentions, {@value #MAX_HASHTAGS} hashtags and {@value #MAX_RECIPIENTS} direct recipients.
 *
 * @param id the post's id; its protocol is the post's protocol
 * @param author who wrote it (same protocol)
 * @param createdAt when it was written, as its author claims
 * @param editedAt when it was last edited, if ever (not before {@code createdAt})
 * @param content the text
 * @param contentWarning a warning shown before the text, if any
 * @param sensitive whether the media is marked sensitive
 * @param language the language of the text (BCP 47), if known
 * @param attachments media with alt text
 * @param mentions identities mentioned
 * @param hashtags tags, without the {@code #}
 * @param inReplyTo the post this replies to (same protocol)
 * @param threadRoot the first post of the conversation (same protocol)
 * @param visibility who may see it
 * @param directRecipients the recipients of a {@link Visibility#DIRECT} post, otherwise empty
 * @param nativeDocument the protocol's document, when the adapter keeps it
 */
public record Post(PostId id, IdentityId author, Instant createdAt, Optional<Instant> editedAt,
    Content content, Optional<String> contentWarning, boolean sensitive, Optional<String> language,
    List<Attachment> attachments, List<Mention> mentions, List<String> hashtags,
    Optional<PostId> inReplyTo, Optional<PostId> threadRoot, Visibility visibility,
    List<IdentityId> directRecipients, Optional<NativeDocument> nativeDocument) {
  public static final int MAX_ATTACHMENTS = 64;
  public static final int MAX_MENTIONS = 1000;
  public static final int MAX_HASHTAGS = 1000;
  public static final int MAX_RECIPIENTS = 1000;

  public Post {
    Checks.present(id, "post id");
    Checks.present(author, "author");
    if (!author.protocol().equals(id.protocol())) {
      throw new InvalidInputException("author " + author + " is not on the post's protocol " + id.protocol());
    }
    Checks.present(createdAt, "created at");
    Checks.present(editedAt, "edited at");
    if (editedAt.isPresent() && editedAt.get().isBefore(createdAt)) {
      throw new InvalidInputException("edited at is before created at");
    }
    Checks.present(content, "content");
    Checks.present(contentWarning, "content warning");
    contentWarning.ifPresent(cw -> Checks.text(cw, "content warning", Content.MAX_CHARS));
    Checks.present(language, "language");
    language.ifPresent(l -> Checks.language(l, "language"));
    attachments = Checks.list(attachments, "attachments", MAX_ATTACHMENTS);
    mentions = Checks.list(mentions, "mentions", MAX_MENTIONS);
    hashtags = Checks.list(hashtags, "hashtags", MAX_HASHTAGS);
    hashtags.forEach(PostDraft::checkHashtag);
    Checks.present(inReplyTo, "in reply to");
    inReplyTo.ifPresent(p -> sameProtocol(id, p, "in reply to"));
    Checks.present(threadRoot, "thread root");
    threadRoot.ifPresent(p -> sameProtocol(id, p, "thread root"));
    if (inReplyTo.isPresent() && inReplyTo.get().equals(id)) {
      throw new InvalidInputException("a post cannot reply to itself");
    }
    Checks.present(visibility, "visibility");
    directRecipients = Checks.list(directRecipients, "direct recipients", MAX_RECIPIENTS);
    PostDraft.checkAudience(visibility, directRecipients);
    Checks.present(nativeDocument, "native document");
    nativeDocument.ifPresent(d -> {
      if (!d.protocol().equals(id.protocol())) {
        throw new InvalidInputException("native document is not from the post's protocol");
      }
    });
  }

  private static void sameProtocol(PostId id, PostId other, String field) {
    if (!other.protocol().equals(id.protocol())) {
      throw new InvalidInputException(field + " " + other + " is not on the post's protocol " + id.protocol());
    }
  }

  public Protocol protocol() {
    return id.protocol();
  }

  /** The root of this post's conversation: {@link #threadRoot} if set, else itself. */
  public PostId conversation() {
    return threadRoot.orElse(id);
  }

  /** True if {@code identity} is among the mentions or direct recipients. */
  public boolean addresses(IdentityId identity) {
    return directRecipients.contains(identity)
        || mentions.stream().anyMatch(m -> m.id().filter(identity::equals).isPresent());
  }

  /** A builder for a post with this id, author and creation time. */
  public static Builder builder(PostId id, IdentityId author, Instant createdAt) {
    return new Builder(id, author, createdAt);
  }

  /** A builder that starts from this post, e.g. to apply an edit. */
  public Builder toBuilder() {
    Builder b = new Builder(id, author, createdAt);
    b.editedAt = editedAt.orElse(null);
    b.content = content;
    b.contentWarning = contentWarning.orElse(null);
    b.sensitive = sensitive;
    b.language = language.orElse(null);
    b.attachments.addAll(attachments);
    b.mentions.addAll(mentions);
    b.hashtags.addAll(hashtags);
    b.inReplyTo = inReplyTo.orElse(null);
    b.threadRoot = threadRoot.orElse(null);
    b.visibility = visibility;
    b.directRecipients.addAll(directRecipients);
    b.nativeDocument = nativeDocument.orElse(null);
    return b;
  }

  /**
   * Collects a post; {@link #build} validates it. Setters replace earlier values (adapters fill a
   * post in stages), unlike {@link PostDraft.Builder}. Not thread-safe.
   */
  public static final class Builder {
    private final PostId id;
    private final IdentityId author;
    private final Instant createdAt;
    private Instant editedAt;
    private Content content = Content.EMPTY;
    private String contentWarning;
    private boolean sensitive;
    private String language;
    private final List<Attachment> attachments = new ArrayList<>();
    private final List<Mention> mentions = new ArrayList<>();
    private final List<String> hashtags = new ArrayList<>();
    private PostId inReplyTo;
    private PostId threadRoot;
    private Visibility visibility = Visibility.PUBLIC;
    private final List<IdentityId> directRecipients = new ArrayList<>();
    private NativeDocument nativeDocument;

    private Builder(PostId id, IdentityId author, Instant createdAt) {
      this.id = Checks.present(id, "post id");
      this.author = Checks.present(author, "author");
      this.createdAt = Checks.present(createdAt, "created at");
    }

    /**
     * Copies everything a draft says: content, warning, sensitivity, language, attachments,
     * mentions, hashtags, reply target, visibility and recipients. The thread root is not in a
     * draft; set it with {@link #threadRoot}.
     */
    public Builder draft(PostDraft draft) {
      Checks.present(draft, "draft");
      content = draft.content();
      contentWarning = draft.contentWarning().orElse(null);
      sensitive = draft.sensitive();
      language = draft.language().orElse(null);
      attachments.clear();
      attachments.addAll(draft.attachments());
      mentions.clear();
      mentions.addAll(draft.mentions());
      hashtags.clear();
      hashtags.addAll(draft.hashtags());
      inReplyTo = draft.inReplyTo().orElse(null);
      visibility = draft.visibility();
      directRecipients.clear();
      directRecipients.addAll(draft.directRecipients());
      return this;
    }

    public Builder editedAt(Instant editedAt) {
      this.editedAt = editedAt;
      return this;
    }

    public Builder content(Content content) {
      this.content = Checks.present(content, "content");
      return this;
    }

    public Builder contentWarning(String contentWarning) {
      this.contentWarning = contentWarning;
      return this;
    }

    public Builder sensitive(boolean sensitive) {
      this.sensitive = sensitive;
      return this;
    }

    public Builder language(String language) {
      this.language = language;
      return this;
    }

    public Builder attachments(List<Attachment> attachments) {
      this.attachments.clear();
      this.attachments.addAll(Checks.list(attachments, "attachments", MAX_ATTACHMENTS));
      return this;
    }

    public Builder mentions(List<Mention> mentions) {
      this.mentions.clear();
      this.mentions.addAll(Checks.list(mentions, "mentions", MAX_MENTIONS));
      return this;
    }

    public Builder hashtags(List<String> hashtags) {
      this.hashtags.clear();
      this.hashtags.addAll(Checks.list(hashtags, "hashtags", MAX_HASHTAGS));
      return this;
    }

    public Builder inReplyTo(PostId inReplyTo) {
      this.inReplyTo = inReplyTo;
      return this;
    }

    public Builder threadRoot(PostId threadRoot) {
      this.threadRoot = threadRoot;
      return this;
    }

    public Builder visibility(Visibility visibility) {
      this.visibility = Checks.present(visibility, "visibility");
      return this;
    }

    public Builder directRecipients(List<IdentityId> recipients) {
      this.directRecipients.clear();
      this.directRecipients.addAll(Checks.list(recipients, "direct recipients", MAX_RECIPIENTS));
      return this;
    }

    public Builder nativeDocument(NativeDocument nativeDocument) {
      this.nativeDocument = nativeDocument;
      return this;
    }

    public Post build() {
      return new Post(id, author, createdAt, Optional.ofNullable(editedAt), content,
          Optional.ofNullable(contentWarning), sensitive, Optional.ofNullable(language), attachments,
          mentions, hashtags, Optional.ofNullable(inReplyTo), Optional.ofNullable(threadRoot),
          visibility, directRecipients, Optional.ofNullable(nativeDocument));
    }
  }
}
