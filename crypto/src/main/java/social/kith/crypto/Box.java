package social.kith.crypto;

import java.util.Objects;
import social.kith.crypto.internal.NaclSecretBox;

/**
 * libsodium's {@code crypto_box} (Curve25519-XSalsa20-Poly1305) with X25519 keys: the shared key is
 * {@code HSalsa20(X25519(sk, pk), 0)} ({@code crypto_box_beforenm}) and boxes are
 * {@link SecretBox} boxes under it ({@code _afternm}), {@code MAC || ciphertext}. A peer key of low
 * order is refused with {@code NON_CONTRIBUTORY_KEY}, as libsodium refuses it. Stateless and
 * thread-safe.
 */
public final class Box {
  private Box() {}

  /** {@code crypto_box_NONCEBYTES}. */
  public static final int NONCE_BYTES = 24;
  /** {@code crypto_box_MACBYTES}. */
  public static final int MAC_BYTES = 16;
  /** {@code crypto_box_BEFORENMBYTES}. */
  public static final int SHARED_KEY_BYTES = 32;

  /**
   * {@code crypto_box_beforenm(k, pk, sk)}: the key shared by {@code secretKey} and the peer's
   * {@code publicKey}, for many boxes between the same two parties.
   *
   * @throws CryptoException {@code NON_CONTRIBUTORY_KEY} when the peer key has low order
   */
  public static SharedKey beforenm(X25519PublicKey publicKey, X25519PrivateKey secretKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(secretKey, "secretKey");
    byte[] s = ScalarMult.scalarMult(secretKey.raw(), publicKey.raw());
    byte[] k = NaclSecretBox.hsalsa20(new byte[16], s);
    java.util.Arrays.fill(s, (byte) 0);
    return new SharedKey(k);
  }

  /**
   * {@code crypto_box_easy(c, m, mlen, n, pk, sk)}: a box from {@code sender} to {@code recipient}.
   *
   * @throws CryptoException {@code INVALID_LENGTH} for a nonce other than 24 bytes;
   *     {@code NON_CONTRIBUTORY_KEY} when the recipient key has low order
   */
  public static byte[] seal(byte[] message, byte[] nonce, X25519PublicKey recipient, X25519PrivateKey sender) {
    SodiumBytes.require(nonce, NONCE_BYTES, "box nonce");
    return beforenm(recipient, sender).seal(message, nonce);
  }

  /**
   * {@code crypto_box_open_easy(m, c, clen, n, pk, sk)}: the message in a box from {@code sender} to
   * {@code recipient}.
   *
   * @throws CryptoException {@code AUTHENTICATION_FAILED} when the box does not authenticate;
   *     {@code INVALID_LENGTH} for a bad nonce; {@code NON_CONTRIBUTORY_KEY} for a low-order key
   */
  public static byte[] open(byte[] box, byte[] nonce, X25519PublicKey sender, X25519PrivateKey recipient) {
    SodiumBytes.require(nonce, NONCE_BYTES, "box nonce");
    return beforenm(sender, recipient).open(box, nonce);
  }

  /** {@link #seal(byte[], byte[], X25519PublicKey, X25519PrivateKey)} with raw 32-byte keys. */
  public static byte[] seal(byte[] message, byte[] nonce, byte[] recipientPublicKey, byte[] senderSecretKey) {
    return seal(message, nonce, X25519PublicKey.of(recipientPublicKey), X25519PrivateKey.of(senderSecretKey));
  }

  /** {@link #open(byte[], byte[], X25519PublicKey, X25519PrivateKey)} with raw 32-byte keys. */
  public static byte[] open(byte[] box, byte[] nonce, byte[] senderPublicKey, byte[] recipientSecretKey) {
    return open(box, nonce, X25519PublicKey.of(senderPublicKey), X25519PrivateKey.of(recipientSecretKey));
  }

  /**
   * A precomputed {@code crypto_box_beforenm} key. Never shows key material: {@code toString} is
   * redacted and {@code equals} is identity. Immutable and thread-safe.
   */
  public static final class SharedKey {
    private final byte[] key;

    private SharedKey(byte[] key) {
      this.key = key;
    }

    /**
     * A shared key from 32 raw bytes (e.g. one stored earlier).
     *
     * @throws CryptoException {@code INVALID_LENGTH} unless 32 bytes
     */
    public static SharedKey of(byte[] key) {
      return new SharedKey(SodiumBytes.copyOf(key, SHARED_KEY_BYTES, "box shared key"));
    }

    /** {@code crypto_box_easy_afternm(c, m, mlen, n, k)}. */
    public byte[] seal(byte[] message, byte[] nonce) {
      return SecretBox.seal(message, nonce, key);
    }

    /** {@code crypto_box_open_easy_afternm(m, c, clen, n, k)}. */
    public byte[] open(byte[] box, byte[] nonce) {
      return SecretBox.open(box, nonce, key);
    }

    /** A copy of the 32 key bytes. Handle with care. */
    public byte[] bytes() {
      return key.clone();
    }

    @Override
    public String toString() {
      return "Box.SharedKey[redacted]";
    }
  }
}
