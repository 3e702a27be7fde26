package social.kith.ssb.blobs;

import java.util.Objects;
import social.kith.ssb.BlobId;

/**
 * Part of a blob, as {@code blobs.getSlice} returns it. A slice is never verified: the id hashes
 * the whole blob, so a slice cannot be checked against it, and {@link BlobStore#put} of a slice
 * under the blob's id fails with {@link BlobError#HASH_MISMATCH}.
 *
 * @param blob the blob the slice was cut from
 * @param start the offset of the first byte
 * @param bytes the bytes (a copy is returned by {@link #data()})
 */
public record BlobSlice(BlobId blob, long start, byte[] bytes) {
  public BlobSlice {
    Objects.requireNonNull(blob, "blob");
    if (start < 0) {
      throw new IllegalArgumentException("start must not be negative");
    }
    bytes = bytes.clone();
  }

  /** A copy of the bytes. */
  public byte[] data() {
    return bytes.clone();
  }

  /** Always false: only a whole blob can be checked against its id. */
  public boolean verified() {
    return false;
  }

  @Override
  public String toString() {
    return "BlobSlice[" + blob + " @" + start + "+" + bytes.length + ", unverified]";
  }
}
