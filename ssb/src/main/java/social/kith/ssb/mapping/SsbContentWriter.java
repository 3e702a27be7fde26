package social.kith.ssb.mapping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import social.kith.core.ErrorCode;
import social.kith.core.KithException;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.Mention;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;
import social.kith.ssb.FeedId;
import social.kith.ssb.MessageId;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonValue;

/**
 * The reverse of {@link SsbMapper}: the SSB content JSON that publishes a core {@link PostDraft} or
 * {@link Interaction}, in the shapes Patchwork and Manyverse write ({@code post} with {@code text},
 * {@code mentions}, {@code channel}, {@code root}/{@code branch}, {@code contentWarning};
 * {@code vote}; {@code contact}). A {@link Visibility#DIRECT} draft gets {@code recps} (the author
 * must add themself and box the content with {@link social.kith.ssb.box.BoxedContent}). What SSB
 * classic cannot carry is refused with {@link ErrorCode.Standard#UNSUPPORTED} rather than dropped:
 * followers-only or unlisted posts, attachments (blobs are published separately), shares, edits and
 * deletes. A draft's language has no SSB field and is not written. Stateless.
 */
public final class SsbContentWriter {
  private SsbContentWriter() {}

  /**
   * The content of a post. {@code threadRoot} is the conversation's first message when replying (SSB
   * replies name both the root and the parent); without it a reply's root is its parent.
   */
  public static JsonObject post(PostDraft draft, Optional<PostId> threadRoot) {
    Objects.requireNonNull(draft, "draft");
    Objects.requireNonNull(threadRoot, "threadRoot");
    if (draft.visibility() == Visibility.FOLLOWERS || draft.visibility() == Visibility.UNLISTED) {
      throw unsupported("SSB has no " + draft.visibility() + " posts: publish publicly or as a private message");
    }
    if (!draft.attachments().isEmpty()) {
      throw unsupported("attachments need blobs, which are published separately");
    }
    String text = draft.content().mediaType().startsWith("text/html") ? draft.content().plainText() : draft.content().source();
    JsonObject.Builder b = JsonObject.builder().put("type", "post").put("text", text);
    if (!draft.hashtags().isEmpty()) {
      b.put("channel", draft.hashtags().get(0));
    }
    List<JsonValue> mentions = new ArrayList<>();
    for (Mention m : draft.mentions()) {
      Optional<IdentityId> id = m.id().filter(i -> i.protocol().equals(Protocol.SSB) && FeedId.isValid(i.value()));
      if (id.isEmpty()) {
        throw unsupported("an SSB mention needs an SSB feed id: " + m.display());
      }
      String name = m.display().startsWith("@") ? m.display().substring(1) : m.display();
      mentions.add(JsonObject.builder().put("link", id.get().value()).put("name", name).build());
    }
    for (String tag : draft.hashtags()) {
      mentions.add(JsonObject.builder().put("link", "#" + tag).build());
    }
    if (!mentions.isEmpty()) {
      b.put("mentions", new JsonArray(mentions));
    }
    if (draft.inReplyTo().isPresent()) {
      String parent = messageId(draft.inReplyTo().get());
      b.put("root", threadRoot.map(SsbContentWriter::messageId).orElse(parent));
      b.put("branch", parent);
    }
    draft.contentWarning().ifPresent(cw -> b.put("contentWarning", cw));
    if (draft.visibility() == Visibility.DIRECT) {
      Set<String> recps = new LinkedHashSet<>();
      for (IdentityId r : draft.directRecipients()) {
        if (!r.protocol().equals(Protocol.SSB) || !FeedId.isValid(r.value())) {
          throw unsupported("a private message recipient must be an SSB feed: " + r);
        }
        recps.add(r.value());
      }
      b.put("recps", new JsonArray(recps.stream().<JsonValue>map(JsonValue::of).toList()));
    }
    return b.build();
  }

  /** The content of an interaction: a vote, a contact, or (for a reply) a post. */
  public static JsonObject interaction(Interaction interaction) {
    Objects.requireNonNull(interaction, "interaction");
    if (interaction instanceof Interaction.Like like) {
      return JsonObject.builder().put("type", "vote").put("vote", JsonObject.builder()
          .put("link", messageId(like.target())).put("value", 1)
          .put("expression", like.reaction().orElse("Like")).build()).build();
    }
    if (interaction instanceof Interaction.Follow f) {
      return contact(f.target()).put("following", true).build();
    }
    if (interaction instanceof Interaction.Unfollow u) {
      return contact(u.target()).put("following", false).build();
    }
    if (interaction instanceof Interaction.Block bl) {
      return contact(bl.target()).put("blocking", true).build();
    }
    if (interaction instanceof Interaction.Reply r) {
      return post(r.replyDraft(), Optional.empty());
    }
    throw unsupported("SSB classic has no standard message for " + interaction.getClass().getSimpleName());
  }

  private static JsonObject.Builder contact(IdentityId target) {
    if (!target.protocol().equals(Protocol.SSB) || !FeedId.isValid(target.value())) {
      throw unsupported("a contact target must be an SSB feed: " + target);
    }
    return JsonObject.builder().put("type", "contact").put("contact", target.value());
  }

  private static String messageId(PostId id) {
    if (!id.protocol().equals(Protocol.SSB) || !MessageId.isValid(id.value())) {
      throw unsupported("not an SSB message id: " + id);
    }
    return id.value();
  }

  private static KithException unsupported(String message) {
    return new KithException(ErrorCode.Standard.UNSUPPORTED, message);
  }
}
