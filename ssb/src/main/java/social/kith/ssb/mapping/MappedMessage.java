package social.kith.ssb.mapping;

import java.time.Instant;
import java.util.Objects;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.NativeDocument;
import social.kith.core.model.Post;
import social.kith.core.model.PostId;

/**
 * What one SSB message means in Kith's neutral model. Every kind keeps the message itself as a
 * {@link NativeDocument} (ssb-db's {@code {key, value}} JSON), so nothing is lost. Immutable.
 */
public sealed interface MappedMessage
    permits MappedMessage.AsPost, MappedMessage.AsInteraction, MappedMessage.AsAbout, MappedMessage.AsDocument {

  /** The message id. */
  PostId source();

  /** The message as ssb-db's {@code {key, value}} JSON. */
  NativeDocument document();

  /** A {@code post} (public) or a private message that opened with the local key ({@code DIRECT}). */
  record AsPost(Post post) implements MappedMessage {
    public AsPost {
      Objects.requireNonNull(post, "post");
    }

    @Override
    public PostId source() {
      return post.id();
    }

    @Override
    public NativeDocument document() {
      return post.nativeDocument().orElseThrow();
    }
  }

  /** A {@code vote} (like) or {@code contact} (follow, unfollow, block) by {@code actor}. */
  record AsInteraction(PostId source, IdentityId actor, Instant at, Interaction interaction, NativeDocument document)
      implements MappedMessage {
    public AsInteraction {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(interaction, "interaction");
      Objects.requireNonNull(document, "document");
    }
  }

  /** An {@code about} message about a feed: the profile fields it sets. */
  record AsAbout(PostId source, IdentityId author, Instant at, AboutUpdate update, NativeDocument document)
      implements MappedMessage {
    public AsAbout {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(author, "author");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(update, "update");
      Objects.requireNonNull(document, "document");
    }
  }

  /**
   * Anything else, kept as a document: unknown types, a vote with value 0 (core has no "unlike"), an
   * unblock, an {@code about} not about a feed, a private message not for the local key, or content
   * that does not fit the model. {@code type} is the content type ("" for a box that did not open);
   * {@code why} says in one line why it was not mapped.
   */
  record AsDocument(PostId source, IdentityId author, Instant at, String type, String why, NativeDocument document)
      implements MappedMessage {
    public AsDocument {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(author, "author");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(why, "why");
      Objects.requireNonNull(document, "document");
    }
  }
}
