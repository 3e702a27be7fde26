package social.kith.core.model;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import social.kith.core.InvalidInputException;
import social.kith.core.internal.Checks;

/**
 * A media file attached to a post, with the alt text that describes it to people who cannot see
 * it. SSB blobs are named with an {@code ssb:} URI.
 *
 * @param url where the media is; absolute, never {@code javascript:}, {@code data:} or {@code file:}
 * @param mediaType e.g. {@code image/png}
 * @param altText a description, at most {@value #MAX_ALT_TEXT} characters; empty when the author gave none
 * @param width pixels, when known (1 to 65535)
 * @param height pixels, when known (1 to 65535)
 * @param blurhash a BlurHash placeholder, when known (at most 128 characters)
 */
public record Attachment(URI url, String mediaType, String altText, OptionalInt width,
    OptionalInt height, Optional<String> blurhash) {
  /** The longest alt text accepted (Mastodon's limit). */
  public static final int MAX_ALT_TEXT = 1500;

  public Attachment {
    Checks.uri(url, "attachment url");
    Checks.mediaType(mediaType, "attachment media type");
    Checks.text(altText, "attachment alt text", MAX_ALT_TEXT);
    Checks.present(width, "attachment width");
    Checks.present(height, "attachment height");
    Checks.present(blurhash, "attachment blurhash");
    if (width.isPresent()) {
      Checks.range(width.getAsInt(), "attachment width", 1, 65535);
    }
    if (height.isPresent()) {
      Checks.range(height.getAsInt(), "attachment height", 1, 65535);
    }
    if (width.isPresent() != height.isPresent()) {
      throw new InvalidInputException("attachment width and height come together");
    }
    blurhash.ifPresent(b -> Checks.word(b, "attachment blurhash", 128));
  }

  /** An attachment of unknown size and no placeholder. */
  public static Attachment of(URI url, String mediaType, String altText) {
    return new Attachment(url, mediaType, altText, OptionalInt.empty(), OptionalInt.empty(), Optional.empty());
  }

  /** A copy with the pixel size. */
  public Attachment withSize(int width, int height) {
    return new Attachment(url, mediaType, altText, OptionalInt.of(width), OptionalInt.of(height), blurhash);
  }

  /** A copy with a BlurHash placeholder. */
  public Attachment withBlurhash(String blurhash) {
    return new Attachment(url, mediaType, altText, width, height, Optional.of(Checks.present(blurhash, "attachment blurhash")));
  }
}
