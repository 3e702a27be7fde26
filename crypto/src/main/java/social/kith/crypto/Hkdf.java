package social.kith.crypto;

import java.util.Objects;
import javax.crypto.Mac;

/**
 * HKDF (RFC 5869) with HMAC-SHA-256 or HMAC-SHA-512.
 *
 * <pre>{@code
 * byte[] okm = Hkdf.SHA256.derive(salt, ikm, info, 32);
 * }</pre>
 *
 * <p>A null or empty salt means HashLen zero bytes. The output length must be between 0 and
 * 255 * HashLen, and a pseudorandom key given to {@link #expand} must be at least HashLen bytes;
 * otherwise {@link CryptoException.Reason#INVALID_ARGUMENT}.
 */
public final class Hkdf {
  /** HKDF with HMAC-SHA-256 (HashLen 32, output up to 8160 bytes). */
  public static final Hkdf SHA256 = new Hkdf("HmacSHA256", 32);
  /** HKDF with HMAC-SHA-512 (HashLen 64, output up to 16320 bytes). */
  public static final Hkdf SHA512 = new Hkdf("HmacSHA512", 64);

  private final String macAlgorithm;
  private final int hashLength;

  private Hkdf(String macAlgorithm, int hashLength) {
    this.macAlgorithm = macAlgorithm;
    this.hashLength = hashLength;
  }

  /** HashLen in bytes. */
  public int hashLength() {
    return hashLength;
  }

  /** The largest output, 255 * HashLen. */
  public int maxOutputLength() {
    return 255 * hashLength;
  }

  /** HKDF-Extract: the pseudorandom key, HashLen bytes. */
  public byte[] extract(byte[] salt, byte[] ikm) {
    Objects.requireNonNull(ikm, "ikm");
    byte[] s = salt == null || salt.length == 0 ? new byte[hashLength] : salt;
    return Hmac.mac(macAlgorithm, s, ikm);
  }

  /** HKDF-Expand: {@code length} bytes of output keying material. */
  public byte[] expand(byte[] prk, byte[] info, int length) {
    Objects.requireNonNull(prk, "prk");
    if (length < 0 || length > maxOutputLength()) {
      throw new CryptoException(CryptoException.Reason.INVALID_ARGUMENT,
          "HKDF output length " + length + " is outside 0.." + maxOutputLength());
    }
    if (prk.length < hashLength) {
      throw new CryptoException(CryptoException.Reason.INVALID_ARGUMENT,
          "HKDF pseudorandom key must be at least " + hashLength + " bytes");
    }
    byte[] i = info == null ? new byte[0] : info;
    Mac mac = Hmac.newMac(macAlgorithm, prk);
    byte[] out = new byte[length];
    byte[] t = new byte[0];
    int done = 0;
    for (int counter = 1; done < length; counter++) {
      mac.update(t);
      mac.update(i);
      mac.update((byte) counter);
      t = mac.doFinal();
      int n = Math.min(t.length, length - done);
      System.arraycopy(t, 0, out, done, n);
      done += n;
    }
    return out;
  }

  /** Extract then expand. */
  public byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    if (length < 0 || length > maxOutputLength()) {
      throw new CryptoException(CryptoException.Reason.INVALID_ARGUMENT,
          "HKDF output length " + length + " is outside 0.." + maxOutputLength());
    }
    return expand(extract(salt, ikm), info, length);
  }

  @Override
  public String toString() {
    return "Hkdf[" + macAlgorithm + "]";
  }
}
