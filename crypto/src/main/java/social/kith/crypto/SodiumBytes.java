package social.kith.crypto;

import java.util.Objects;

/** Length checks and copies shared by the libsodium-compatible classes. */
final class SodiumBytes {
  private SodiumBytes() {}

  /** Returns {@code b} after checking it is exactly {@code length} bytes. */
  static byte[] require(byte[] b, int length, String what) {
    Objects.requireNonNull(b, what);
    if (b.length != length) {
      throw new CryptoException(CryptoException.Reason.INVALID_LENGTH,
          what + " must be " + length + " bytes, got " + b.length);
    }
    return b;
  }

  /** A copy of {@code b} after checking it is exactly {@code length} bytes. */
  static byte[] copyOf(byte[] b, int length, String what) {
    return require(b, length, what).clone();
  }
}
