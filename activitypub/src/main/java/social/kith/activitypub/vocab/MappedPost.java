package social.kith.activitypub.vocab;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import social.kith.core.model.Post;

/**
 * A content object (Note, Article, Page, Question, Video ...) mapped to the neutral {@link Post},
 * with what the neutral model has no field for.
 *
 * @param post the neutral post (its native document is the object's JSON)
 * @param type the ActivityStreams type, e.g. {@code Note}
 * @param anonymous true if the object had no {@code id} and the post's id was derived from its content
 *     ({@code urn:kith:transient:sha256:...}); such a post cannot be fetched, replied to or referenced
 * @param title the {@code name} of a titled object (Article, Page, Video, Audio, Event), if any
 * @param emoji the custom emoji the text uses
 * @param conversation the conversation id ({@code context} or OStatus {@code conversation}), if any
 * @param quote the object this post quotes, if any
 * @param poll the poll of a {@code Question}, if any
 * @param source the object that was mapped
 */
public record MappedPost(Post post, String type, boolean anonymous, Optional<String> title, List<CustomEmoji> emoji,
    Optional<String> conversation, Optional<String> quote, Optional<Poll> poll, AsObject source)
    implements Mapped {
  public MappedPost {
    Objects.requireNonNull(post, "post");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    emoji = List.copyOf(emoji);
    Objects.requireNonNull(conversation, "conversation");
    Objects.requireNonNull(quote, "quote");
    Objects.requireNonNull(poll, "poll");
    Objects.requireNonNull(source, "source");
  }
}
