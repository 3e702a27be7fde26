package social.kith.crypto;

import java.security.SecureRandom;
import java.util.Objects;
import social.kith.crypto.internal.NaclSecretBox;

/**
 * libsodium's {@code crypto_secretbox} (XSalsa20-Poly1305): a 32-byte key, a 24-byte nonce, and a
 * box of {@code MAC (16 bytes) || ciphertext} in the {@code easy} form. Opening checks the MAC in
 * constant time before decrypting anything; a box that does not authenticate (tampered, truncated,
 * shorter than a MAC, empty) is refused with {@code AUTHENTICATION_FAILED} and no plaintext is
 * released. Never reuse a nonce with the same key: use a counter, or {@link #randomNonce()}.
 * Stateless and thread-safe.
 */
public final class SecretBox {
  private SecretBox() {}

  /** {@code crypto_secretbox_KEYBYTES}. */
  public static final int KEY_BYTES = NaclSecretBox.KEY_BYTES;
  /** {@code crypto_secretbox_NONCEBYTES}. */
  public static final int NONCE_BYTES = NaclSecretBox.NONCE_BYTES;
  /** {@code crypto_secretbox_MACBYTES}. */
  public static final int MAC_BYTES = NaclSecretBox.MAC_BYTES;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** {@code crypto_secretbox_keygen}: 32 random bytes. */
  public static byte[] generateKey() {
    byte[] k = new byte[KEY_BYTES];
    RANDOM.nextBytes(k);
    return k;
  }

  /** 24 random bytes: random XSalsa20 nonces are safe to use without a counter. */
  public static byte[] randomNonce() {
    byte[] n = new byte[NONCE_BYTES];
    RANDOM.nextBytes(n);
    return n;
  }

  /**
   * {@code crypto_secretbox_easy(c, m, mlen, n, k)}: returns {@code MAC || ciphertext}.
   *
   * @throws CryptoException {@code INVALID_LENGTH} for a key other than 32 or a nonce other than
   *     24 bytes
   */
  public static byte[] seal(byte[] message, byte[] nonce, byte[] key) {
    Objects.requireNonNull(message, "message");
    SodiumBytes.require(nonce, NONCE_BYTES, "secretbox nonce");
    SodiumBytes.require(key, KEY_BYTES, "secretbox key");
    byte[] box = new byte[MAC_BYTES + message.length];
    NaclSecretBox.sealDetached(key, nonce, message, box, MAC_BYTES, box, 0);
    return box;
  }

  /**
   * {@code crypto_secretbox_open_easy(m, c, clen, n, k)}: the message in {@code MAC || ciphertext}.
   *
   * @throws CryptoException {@code AUTHENTICATION_FAILED} when the box does not authenticate
   *     (including one shorter than the 16-byte MAC); {@code INVALID_LENGTH} for a bad key or nonce
   */
  public static byte[] open(byte[] box, byte[] nonce, byte[] key) {
    Objects.requireNonNull(box, "box");
    SodiumBytes.require(nonce, NONCE_BYTES, "secretbox nonce");
    SodiumBytes.require(key, KEY_BYTES, "secretbox key");
    if (box.length < MAC_BYTES) {
      throw failed();
    }
    byte[] m = NaclSecretBox.openDetached(key, nonce, box, MAC_BYTES, box.length - MAC_BYTES, box, 0);
    if (m == null) {
      throw failed();
    }
    return m;
  }

  /** {@code crypto_secretbox_detached}: the ciphertext and its MAC apart. */
  public static Detached sealDetached(byte[] message, byte[] nonce, byte[] key) {
    byte[] box = seal(message, nonce, key);
    return new Detached(java.util.Arrays.copyOfRange(box, MAC_BYTES, box.length),
        java.util.Arrays.copyOf(box, MAC_BYTES));
  }

  /**
   * {@code crypto_secretbox_open_detached(m, c, mac, clen, n, k)}.
   *
   * @throws CryptoException {@code AUTHENTICATION_FAILED} when the MAC does not match or is not 16
   *     bytes; {@code INVALID_LENGTH} for a bad key or nonce
   */
  public static byte[] openDetached(byte[] ciphertext, byte[] mac, byte[] nonce, byte[] key) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(mac, "mac");
    SodiumBytes.require(nonce, NONCE_BYTES, "secretbox nonce");
    SodiumBytes.require(key, KEY_BYTES, "secretbox key");
    if (mac.length != MAC_BYTES) {
      throw failed();
    }
    byte[] m = NaclSecretBox.openDetached(key, nonce, ciphertext, 0, ciphertext.length, mac, 0);
    if (m == null) {
      throw failed();
    }
    return m;
  }

  static CryptoException failed() {
    return new CryptoException(CryptoException.Reason.AUTHENTICATION_FAILED,
        "box does not authenticate; no plaintext released");
  }

  /** A ciphertext and its 16-byte MAC, as {@code crypto_secretbox_detached} gives them. */
  public static final class Detached {
    private final byte[] ciphertext;
    private final byte[] mac;

    private Detached(byte[] ciphertext, byte[] mac) {
      this.ciphertext = ciphertext;
      this.mac = mac;
    }

    /** A copy of the ciphertext (as long as the message). */
    public byte[] ciphertext() {
      return ciphertext.clone();
    }

    /** A copy of the 16-byte MAC. */
    public byte[] mac() {
      return mac.clone();
    }
  }
}
