package social.kith.activitypub.vocab;

import java.util.Objects;

/**
 * The text of a post as its author wrote it ({@code source}): Markdown on Lemmy, MFM on Misskey,
 * BBCode on Friendica and Hubzilla, plain text on Mastodon.
 *
 * @param content the source text
 * @param mediaType its media type, e.g. {@code text/markdown}; {@code text/plain} when the server gave none
 */
public record Source(String content, String mediaType) {
  public Source {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(mediaType, "mediaType");
  }
}
