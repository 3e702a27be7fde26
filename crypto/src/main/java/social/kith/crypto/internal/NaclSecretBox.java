package social.kith.crypto.internal;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * NaCl's {@code crypto_secretbox_xsalsa20poly1305} and {@code crypto_core_hsalsa20}: XSalsa20 is
 * HSalsa20 (a subkey from the key and the first 16 nonce bytes) then {@link NaclSalsa20} with the last
 * 8; the first 32 bytes of the key stream are the one-time Poly1305 key (Bouncy Castle's Poly1305),
 * the message is encrypted from key-stream offset 32, and the tag covers the ciphertext. Callers
 * check lengths; this class trusts them. Stateless and thread-safe.
 */
public final class NaclSecretBox {
  private NaclSecretBox() {}

  public static final int KEY_BYTES = 32;
  public static final int NONCE_BYTES = 24;
  public static final int MAC_BYTES = 16;

  /** Encrypts {@code m} into {@code c[cOff..]} and writes the tag into {@code mac[macOff..]}. */
  public static void sealDetached(byte[] key, byte[] nonce, byte[] m, byte[] c, int cOff, byte[] mac, int macOff) {
    Stream stream = new Stream(key, nonce);
    byte[] polyKey = stream.polyKey();
    NaclSalsa20.xor(stream.subkey, stream.n0, stream.n1, 0, 32, m, 0, c, cOff, m.length);
    Poly1305 poly = new Poly1305();
    poly.init(new KeyParameter(polyKey));
    poly.update(c, cOff, m.length);
    poly.doFinal(mac, macOff);
    Arrays.fill(polyKey, (byte) 0);
    stream.wipe();
  }

  /**
   * Checks the tag over {@code c[cOff..cOff+len]} in constant time and, only when it matches,
   * returns the plaintext; returns null (and decrypts nothing) otherwise.
   */
  public static byte[] openDetached(byte[] key, byte[] nonce, byte[] c, int cOff, int len, byte[] mac, int macOff) {
    Stream stream = new Stream(key, nonce);
    byte[] polyKey = stream.polyKey();
    Poly1305 poly = new Poly1305();
    poly.init(new KeyParameter(polyKey));
    poly.update(c, cOff, len);
    byte[] expected = new byte[MAC_BYTES];
    poly.doFinal(expected, 0);
    Arrays.fill(polyKey, (byte) 0);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(mac, macOff, macOff + MAC_BYTES))) {
      stream.wipe();
      return null;
    }
    byte[] m = new byte[len];
    NaclSalsa20.xor(stream.subkey, stream.n0, stream.n1, 0, 32, c, cOff, m, 0, len);
    stream.wipe();
    return m;
  }

  /** The XSalsa20 stream of one (key, nonce): the HSalsa20 subkey and the last 8 nonce bytes. */
  private static final class Stream {
    final int[] subkey;
    final int n0;
    final int n1;

    Stream(byte[] key, byte[] nonce) {
      byte[] sub = hsalsa20(Arrays.copyOf(nonce, 16), key);
      subkey = NaclSalsa20.keyWords(sub);
      Arrays.fill(sub, (byte) 0);
      n0 = NaclSalsa20.word(nonce, 16);
      n1 = NaclSalsa20.word(nonce, 20);
    }

    /** The first 32 key-stream bytes: the one-time Poly1305 key. */
    byte[] polyKey() {
      byte[] k = new byte[32];
      NaclSalsa20.xor(subkey, n0, n1, 0, 0, k, 0, k, 0, 32);
      return k;
    }

    void wipe() {
      Arrays.fill(subkey, 0);
    }
  }

  /** {@code crypto_core_hsalsa20(out, in16, k32, NULL)} with the standard sigma constants. */
  public static byte[] hsalsa20(byte[] in16, byte[] k32) {
    int[] x = new int[16];
    x[0] = 0x61707865;
    x[5] = 0x3320646e;
    x[10] = 0x79622d32;
    x[15] = 0x6b206574;
    for (int i = 0; i < 4; i++) {
      x[1 + i] = le32(k32, 4 * i);
      x[11 + i] = le32(k32, 16 + 4 * i);
      x[6 + i] = le32(in16, 4 * i);
    }
    for (int i = 0; i < 10; i++) {
      x[4] ^= Integer.rotateLeft(x[0] + x[12], 7);
      x[8] ^= Integer.rotateLeft(x[4] + x[0], 9);
      x[12] ^= Integer.rotateLeft(x[8] + x[4], 13);
      x[0] ^= Integer.rotateLeft(x[12] + x[8], 18);
      x[9] ^= Integer.rotateLeft(x[5] + x[1], 7);
      x[13] ^= Integer.rotateLeft(x[9] + x[5], 9);
      x[1] ^= Integer.rotateLeft(x[13] + x[9], 13);
      x[5] ^= Integer.rotateLeft(x[1] + x[13], 18);
      x[14] ^= Integer.rotateLeft(x[10] + x[6], 7);
      x[2] ^= Integer.rotateLeft(x[14] + x[10], 9);
      x[6] ^= Integer.rotateLeft(x[2] + x[14], 13);
      x[10] ^= Integer.rotateLeft(x[6] + x[2], 18);
      x[3] ^= Integer.rotateLeft(x[15] + x[11], 7);
      x[7] ^= Integer.rotateLeft(x[3] + x[15], 9);
      x[11] ^= Integer.rotateLeft(x[7] + x[3], 13);
      x[15] ^= Integer.rotateLeft(x[11] + x[7], 18);
      x[1] ^= Integer.rotateLeft(x[0] + x[3], 7);
      x[2] ^= Integer.rotateLeft(x[1] + x[0], 9);
      x[3] ^= Integer.rotateLeft(x[2] + x[1], 13);
      x[0] ^= Integer.rotateLeft(x[3] + x[2], 18);
      x[6] ^= Integer.rotateLeft(x[5] + x[4], 7);
      x[7] ^= Integer.rotateLeft(x[6] + x[5], 9);
      x[4] ^= Integer.rotateLeft(x[7] + x[6], 13);
      x[5] ^= Integer.rotateLeft(x[4] + x[7], 18);
      x[11] ^= Integer.rotateLeft(x[10] + x[9], 7);
      x[8] ^= Integer.rotateLeft(x[11] + x[10], 9);
      x[9] ^= Integer.rotateLeft(x[8] + x[11], 13);
      x[10] ^= Integer.rotateLeft(x[9] + x[8], 18);
      x[12] ^= Integer.rotateLeft(x[15] + x[14], 7);
      x[13] ^= Integer.rotateLeft(x[12] + x[15], 9);
      x[14] ^= Integer.rotateLeft(x[13] + x[12], 13);
      x[15] ^= Integer.rotateLeft(x[14] + x[13], 18);
    }
    byte[] out = new byte[32];
    int[] pick = {0, 5, 10, 15, 6, 7, 8, 9};
    for (int i = 0; i < 8; i++) {
      int v = x[pick[i]];
      out[4 * i] = (byte) v;
      out[4 * i + 1] = (byte) (v >>> 8);
      out[4 * i + 2] = (byte) (v >>> 16);
      out[4 * i + 3] = (byte) (v >>> 24);
    }
    Arrays.fill(x, 0);
    return out;
  }

  private static int le32(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
  }
}
