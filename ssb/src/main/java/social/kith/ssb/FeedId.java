package social.kith.ssb;

import social.kith.ssb.internal.RefText;

/** An Ed25519 feed (author) id, {@code @<base64 public key>.ed25519}. Immutable; equal when the bytes are equal. */
public final class FeedId extends RefValue implements SsbRef {
  private FeedId(byte[] bytes) {
    super(bytes, '@', ".ed25519", "feed/ed25519");
  }

  /** The id of a 32-byte public key. */
  public static FeedId of(byte[] bytes) {
    return new FeedId(RefText.check(bytes));
  }

  /** Parses the sigil form; {@link SsbError#INVALID_REF} unless it is exactly {@code @<canonical base64>.ed25519}. */
  public static FeedId parse(String ref) {
    return new FeedId(RefText.parse(ref, '@', ".ed25519", "feed"));
  }

  /** Whether {@code ref} is a valid sigil form (ssb-ref's {@code isFeed} with canonical base64 and the exact suffix). */
  public static boolean isValid(String ref) {
    try {
      parse(ref);
      return true;
    } catch (SsbException e) {
      return false;
    }
  }
}
