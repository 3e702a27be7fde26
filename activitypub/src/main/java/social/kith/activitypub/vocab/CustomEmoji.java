package social.kith.activitypub.vocab;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A custom emoji used in a post or profile (Mastodon's {@code Emoji} tag): the text {@code :shortcode:}
 * is shown as the image at {@link #icon}. The neutral model has no emoji field, so the mapping keeps
 * them here.
 *
 * @param shortcode the name without colons, e.g. {@code blobcat}
 * @param icon the image, when the tag gives a usable http(s) URL
 * @param mediaType the image's media type, when given
 * @param id the emoji's own id, when given
 */
public record CustomEmoji(String shortcode, Optional<URI> icon, Optional<String> mediaType, Optional<String> id) {
  public CustomEmoji {
    Objects.requireNonNull(shortcode, "shortcode");
    Objects.requireNonNull(icon, "icon");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(id, "id");
  }
}
