package social.kith.activitypub.vocab;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;

/**
 * An activity mapped to the neutral model: who did what to which object. Where the activity is one
 * of the neutral {@link Interaction}s (like or reaction, share, follow, unfollow, block, delete) it
 * is in {@link #interaction}; a post it carries (Create, Update, a relayed Announce) is in
 * {@link #post}; an actor it carries (Update or Delete of a Person) in {@link #subjectActor}.
 *
 * @param type the activity type, e.g. {@code Undo}
 * @param id the activity's id, if it has one
 * @param actor who performed it
 * @param chain the types down the {@code object} chain, e.g. {@code [Undo, Like, ref]} ({@link AsObject#chain()})
 * @param target the id of the innermost object the chain points at (the liked post, the followed actor ...)
 * @param interaction the neutral interaction, when the activity is one
 * @param reaction the emoji of a reaction ({@code EmojiReact}, Misskey {@code _misskey_reaction}), as sent
 * @param post the post carried by the activity
 * @param subjectActor the actor carried by the activity
 * @param warnings why a value of the activity was left out (e.g. a reaction longer than the neutral limit)
 * @param source the activity document
 */
public record MappedActivity(String type, Optional<String> id, IdentityId actor, List<String> chain,
    Optional<String> target, Optional<Interaction> interaction, Optional<String> reaction,
    Optional<MappedPost> post, Optional<MappedActor> subjectActor, List<String> warnings, AsObject source)
    implements Mapped {
  public MappedActivity {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(actor, "actor");
    chain = List.copyOf(chain);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(interaction, "interaction");
    Objects.requireNonNull(reaction, "reaction");
    Objects.requireNonNull(post, "post");
    Objects.requireNonNull(subjectActor, "subjectActor");
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(source, "source");
  }
}
