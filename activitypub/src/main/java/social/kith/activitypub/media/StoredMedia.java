package social.kith.activitypub.media;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One file in a {@link MediaStore}.
 *
 * @param id the SHA-256 of the bytes, 64 lower-case hex digits (also the last segment of its URL)
 * @param mediaType the media type it was stored (and is served) with, one of {@link MediaTypes#SAFE}
 * @param size the length in bytes
 * @param width the pixel width, when the image header gives it (PNG, GIF, WebP, JPEG)
 * @param height the pixel height, present exactly when the width is
 */
public record StoredMedia(String id, String mediaType, long size, OptionalInt width, OptionalInt height) {
  public StoredMedia {
    if (!MediaStore.isId(id)) {
      throw new IllegalArgumentException("a media id is 64 lower-case hex digits");
    }
    if (!MediaTypes.SAFE.contains(Objects.requireNonNull(mediaType, "mediaType"))) {
      throw new IllegalArgumentException("not a media type of the allowlist: " + mediaType);
    }
    if (size < 1) {
      throw new IllegalArgumentException("size must be positive");
    }
    Objects.requireNonNull(width, "width");
    Objects.requireNonNull(height, "height");
    if (width.isPresent() != height.isPresent()) {
      throw new IllegalArgumentException("width and height come together");
    }
    if (width.isPresent() && (width.getAsInt() < 1 || width.getAsInt() > 65535 || height.getAsInt() < 1
        || height.getAsInt() > 65535)) {
      throw new IllegalArgumentException("width and height are 1 to 65535");
    }
  }
}
