package social.kith.ssb;

import social.kith.ssb.internal.RefText;

/** A blob id, {@code &<base64 sha256>.sha256}: the hash of the blob's bytes. Immutable; equal when the bytes are equal. */
public final class BlobId extends RefValue implements SsbRef {
  private BlobId(byte[] bytes) {
    super(bytes, '&', ".sha256", "blob/sha256");
  }

  /** The id of a 32-byte hash. */
  public static BlobId of(byte[] bytes) {
    return new BlobId(RefText.check(bytes));
  }

  /** Parses the sigil form; {@link SsbError#INVALID_REF} unless it is exactly {@code &<canonical base64>.sha256}. */
  public static BlobId parse(String ref) {
    return new BlobId(RefText.parse(ref, '&', ".sha256", "blob id"));
  }

  /** Whether {@code ref} is a valid sigil form (ssb-ref's {@code isBlob} with canonical base64 and the exact suffix). */
  public static boolean isValid(String ref) {
    try {
      parse(ref);
      return true;
    } catch (SsbException e) {
      return false;
    }
  }
}
