package social.kith.ssb.mapping;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import social.kith.core.model.Content;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;

/**
 * The profile fields one {@code about} message sets for {@code subject} ({@code name},
 * {@code description} as markdown, {@code image} as an {@code ssb:blob/...} URI). Fields it does not
 * set are empty and leave the profile as it was. Immutable.
 */
public record AboutUpdate(IdentityId subject, Optional<String> name, Optional<Content> description, Optional<URI> image) {
  public AboutUpdate {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(image, "image");
  }

  /** {@code identity} with the fields this update sets replaced; the ids must match. */
  public Identity applyTo(Identity identity) {
    if (!identity.id().equals(subject)) {
      throw new IllegalArgumentException("this update is about " + subject + ", not " + identity.id());
    }
    Identity.Builder b = identity.toBuilder();
    name.ifPresent(b::displayName);
    description.ifPresent(b::bio);
    image.ifPresent(b::avatar);
    return b.build();
  }

  /** A new identity with only the fields this update sets. */
  public Identity toIdentity() {
    Identity.Builder b = Identity.builder(subject);
    name.ifPresent(b::displayName);
    description.ifPresent(b::bio);
    image.ifPresent(b::avatar);
    return b.build();
  }
}
