package social.kith.ssb;

import java.util.Arrays;
import social.kith.ssb.internal.CanonicalBase64;
import social.kith.ssb.internal.RefText;

/**
 * What the three classic references share: 32 bytes, their sigil form, their {@code ssb:} URI and
 * value equality within one kind (a feed id never equals a blob id with the same bytes). Each kind
 * still implements {@link SsbRef} itself, so that the sealed interface lists exactly the three.
 */
abstract class RefValue {
  private final byte[] bytes;
  private final String text;
  private final String uriPath;

  RefValue(byte[] bytes, char sigil, String suffix, String uriPath) {
    this.bytes = bytes;
    this.text = sigil + CanonicalBase64.encode(bytes) + suffix;
    this.uriPath = uriPath;
  }

  /** The 32 bytes (a copy). */
  public final byte[] bytes() {
    return bytes.clone();
  }

  /** The {@code ssb:} URI. */
  public final String toUri() {
    return RefText.uri(uriPath, bytes);
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass()
        && Arrays.equals(bytes, ((RefValue) o).bytes); // not secret: public reference
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public final String toString() {
    return text;
  }
}
