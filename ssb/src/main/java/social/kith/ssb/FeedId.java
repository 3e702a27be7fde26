package social.kith.ssb;

import java.util.Arrays;
import social.kith.ssb.internal.CanonicalBase64;
import social.kith.ssb.internal.RefText;

/** An Ed25519 feed (author) id, {@code @<base64 public key>.ed25519}. Immutable; equal when the bytes are equal. */
public final class FeedId implements SsbRef {
  private final byte[] bytes;
  private final String text;

  private FeedId(byte[] bytes) {
    this.bytes = bytes;
    this.text = "@" + CanonicalBase64.encode(bytes) + ".ed25519";
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

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toUri() {
    return RefText.uri("feed/ed25519", bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeedId other && Arrays.equals(bytes, other.bytes); // not secret: public reference
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return text;
  }
}
