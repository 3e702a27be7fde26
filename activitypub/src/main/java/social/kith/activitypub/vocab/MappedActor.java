package social.kith.activitypub.vocab;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import social.kith.core.model.Identity;

/**
 * An actor (Person, Service, Application, Group, Organization) mapped to the neutral
 * {@link Identity}, with the ActivityPub endpoints and profile extras the neutral model does not hold.
 *
 * @param identity the neutral identity (handle {@code @user@host}, display name, bio, avatar; no keys:
 *     see {@link #keys})
 * @param type the actor type
 * @param inbox the inbox, if given
 * @param outbox the outbox, if given
 * @param followers the followers collection, if given
 * @param following the following collection, if given
 * @param sharedInbox {@code endpoints.sharedInbox}, if given
 * @param featured Mastodon's pinned posts collection, if given
 * @param featuredTags Mastodon's featured hashtags collection, if given
 * @param fields the profile fields ({@code PropertyValue} attachments)
 * @param attachmentCount how many {@code attachment} entries the actor has (fields and others)
 * @param emoji custom emoji in the name and bio
 * @param hashtags hashtags on the profile, without {@code #}
 * @param keys the public keys, as text
 * @param manuallyApprovesFollowers whether follows wait for approval (a locked account)
 * @param discoverable whether the actor opts in to discovery features
 * @param movedTo where the account moved, if it did
 * @param alsoKnownAs other ids of the same person (account migration)
 * @param source the actor document
 */
public record MappedActor(Identity identity, String type, Optional<String> inbox, Optional<String> outbox,
    Optional<String> followers, Optional<String> following, Optional<String> sharedInbox,
    Optional<String> featured, Optional<String> featuredTags, List<ProfileField> fields, int attachmentCount,
    List<CustomEmoji> emoji, List<String> hashtags, List<ActorKey> keys, boolean manuallyApprovesFollowers,
    boolean discoverable, Optional<String> movedTo, List<String> alsoKnownAs, AsObject source)
    implements Mapped {
  public MappedActor {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(type, "type");
    fields = List.copyOf(fields);
    emoji = List.copyOf(emoji);
    hashtags = List.copyOf(hashtags);
    keys = List.copyOf(keys);
    alsoKnownAs = List.copyOf(alsoKnownAs);
    Objects.requireNonNull(source, "source");
  }
}
