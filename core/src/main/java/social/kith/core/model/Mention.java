package social.kith.core.model;

import java.util.Optional;
import social.kith.core.InvalidInputException;
import social.kith.core.internal.Checks;

/**
 * A reference to an identity inside a post. A received post names the identity by {@link #id};
 * a draft may name it only by handle ({@code @alice@example.com}) and leave resolving to the adapter.
 *
 * @param id the identity, when known
 * @param handle the handle as written, when known
 * @param display how the mention reads in the text, e.g. {@code @alice}
 */
public record Mention(Optional<IdentityId> id, Optional<String> handle, String display) {
  public Mention {
    Checks.present(id, "mention id");
    Checks.present(handle, "mention handle");
    if (id.isEmpty() && handle.isEmpty()) {
      throw new InvalidInputException("a mention needs an id or a handle");
    }
    handle.ifPresent(h -> Checks.word(h, "mention handle", Identity.MAX_HANDLE));
    Checks.token(display, "mention display", Identity.MAX_HANDLE);
  }

  /** A mention of a known identity. */
  public static Mention of(IdentityId id, String display) {
    return new Mention(Optional.of(Checks.present(id, "mention id")), Optional.empty(), display);
  }

  /** A mention by handle, shown as the handle. */
  public static Mention ofHandle(String handle) {
    return new Mention(Optional.empty(), Optional.of(Checks.present(handle, "mention handle")), handle);
  }
}
