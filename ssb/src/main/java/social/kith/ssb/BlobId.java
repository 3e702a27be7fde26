package social.kith.ssb;

import java.util.Arrays;
import social.kith.ssb.internal.CanonicalBase64;
import social.kith.ssb.internal.RefText;

/** A blob id, {@code &<base64 sha256>.sha256}: the hash of the blob's bytes. Immutable; equal when the bytes are equal. */
public final class BlobId implements SsbRef {
  private final byte[] bytes;
  private final String text;

  private BlobId(byte[] bytes) {
    this.bytes = bytes;
    this.text = "&" + CanonicalBase64.encode(bytes) + ".sha256";
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

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toUri() {
    return RefText.uri("blob/sha256", bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlobId other && Arrays.equals(bytes, other.bytes); // not secret: public reference
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
