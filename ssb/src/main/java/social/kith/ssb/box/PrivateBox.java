package social.kith.ssb.box;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import social.kith.crypto.CryptoException;
import social.kith.crypto.ScalarMult;
import social.kith.crypto.SecretBox;
import social.kith.crypto.X25519PrivateKey;
import social.kith.crypto.X25519PublicKey;

/**
 * private-box 0.3.1 ("box1", the format of classic SSB private messages): a body sealed once under
 * a random key, and that key sealed for each of up to 7 recipients in a slot of its own, so a
 * reader tries its key on the slots without learning who else can read.
 *
 * <p>Layout: {@code nonce (24) || one-time Curve25519 public key (32) || slot (49) x n || body}, where
 * a slot is {@code secretbox(count (1) || body key (32), nonce, X25519(one-time secret, recipient))}
 * and the body is {@code secretbox(plaintext, nonce, body key)}.
 *
 * <p>Opening is bounded and total: one X25519, at most {@link #MAX_RECIPIENTS} slot attempts (private-box
 * itself tries one more, a slot its encoder can never fill), one body decryption; anything that does
 * not open, truncated, random or with a recipient count of 0 or more than 7, is "not for me"
 * ({@link Optional#empty()}), never an exception. Stateless and thread-safe.
 */
public final class PrivateBox {
  private PrivateBox() {}

  /** The most recipients a box has (private-box's default {@code max}). */
  public static final int MAX_RECIPIENTS = 7;

  static final int NONCE = 24;
  static final int KEY = 32;
  static final int SLOT = 1 + KEY + SecretBox.MAC_BYTES;
  static final int HEADER = NONCE + KEY;
  /** The shortest box: header, one slot and the MAC of an empty body. */
  public static final int MIN_LENGTH = HEADER + SLOT + SecretBox.MAC_BYTES;

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Seals {@code plaintext} for 1 to 7 Curve25519 {@code recipients} with fresh random keys.
   *
   * @throws PrivateBoxException {@code NO_RECIPIENTS}, {@code TOO_MANY_RECIPIENTS}, or
   *     {@code INVALID_RECIPIENT} for a low-order key
   */
  public static byte[] encrypt(byte[] plaintext, List<X25519PublicKey> recipients) {
    return encrypt(plaintext, recipients, RANDOM);
  }

  /** {@link #encrypt(byte[], List)} with the nonce and keys drawn from {@code random}. */
  public static byte[] encrypt(byte[] plaintext, List<X25519PublicKey> recipients, SecureRandom random) {
    Objects.requireNonNull(recipients, "recipients");
    if (recipients.isEmpty()) {
      throw new PrivateBoxException(PrivateBoxError.NO_RECIPIENTS, "a private box needs at least one recipient");
    }
    if (recipients.size() > MAX_RECIPIENTS) {
      throw new PrivateBoxException(PrivateBoxError.TOO_MANY_RECIPIENTS,
          "a private box has at most " + MAX_RECIPIENTS + " recipients, not " + recipients.size());
    }
    return seal(plaintext, recipients, random, recipients.size());
  }

  /** The encoder, with the count byte given apart so tests can build boxes that no honest encoder makes. */
  static byte[] seal(byte[] plaintext, List<X25519PublicKey> recipients, SecureRandom random, int count) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(random, "random");
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] bodyKey = new byte[KEY];
    random.nextBytes(bodyKey);
    byte[] oneTimeScalar = new byte[KEY];
    random.nextBytes(oneTimeScalar);
    X25519PrivateKey oneTime = X25519PrivateKey.of(oneTimeScalar);
    Arrays.fill(oneTimeScalar, (byte) 0);
    byte[] countAndKey = new byte[1 + KEY];
    countAndKey[0] = (byte) count;
    System.arraycopy(bodyKey, 0, countAndKey, 1, KEY);
    ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + SLOT * recipients.size() + plaintext.length + 16);
    out.writeBytes(nonce);
    out.writeBytes(oneTime.publicKey().bytes());
    try {
      for (X25519PublicKey r : recipients) {
        byte[] shared;
        try {
          shared = oneTime.agree(Objects.requireNonNull(r, "recipient"));
        } catch (CryptoException e) {
          throw new PrivateBoxException(PrivateBoxError.INVALID_RECIPIENT, "a recipient key has low order", e);
        }
        out.writeBytes(SecretBox.seal(countAndKey, nonce, shared));
        Arrays.fill(shared, (byte) 0);
      }
      out.writeBytes(SecretBox.seal(plaintext, nonce, bodyKey));
    } finally {
      Arrays.fill(countAndKey, (byte) 0);
      Arrays.fill(bodyKey, (byte) 0);
    }
    return out.toByteArray();
  }

  /**
   * Opens a box with a recipient's Curve25519 secret key: the plaintext, or empty when the box is not
   * for this key or is not a well-formed box. Never throws for any {@code box} bytes.
   */
  public static Optional<byte[]> decrypt(byte[] box, X25519PrivateKey key) {
    Objects.requireNonNull(key, "key");
    if (box == null || box.length < MIN_LENGTH) {
      return Optional.empty();
    }
    byte[] nonce = Arrays.copyOfRange(box, 0, NONCE);
    byte[] shared;
    try {
      shared = key.agree(X25519PublicKey.of(Arrays.copyOfRange(box, NONCE, HEADER)));
    } catch (CryptoException e) {
      return Optional.empty(); // a low-order one-time key: libsodium refuses it, so does private-box
    }
    byte[] countAndKey = null;
    try {
      for (int i = 0; i < MAX_RECIPIENTS; i++) {
        int start = HEADER + SLOT * i;
        if (start + SLOT > box.length - SecretBox.MAC_BYTES) {
          return Optional.empty();
        }
        countAndKey = openOrNull(Arrays.copyOfRange(box, start, start + SLOT), nonce, shared);
        if (countAndKey != null) {
          break;
        }
      }
    } finally {
      Arrays.fill(shared, (byte) 0);
    }
    if (countAndKey == null) {
      return Optional.empty();
    }
    int count = countAndKey[0] & 0xff;
    byte[] bodyKey = Arrays.copyOfRange(countAndKey, 1, 1 + KEY);
    Arrays.fill(countAndKey, (byte) 0);
    try {
      int bodyStart = HEADER + SLOT * count;
      if (count < 1 || count > MAX_RECIPIENTS || bodyStart + SecretBox.MAC_BYTES > box.length) {
        return Optional.empty();
      }
      return Optional.ofNullable(openOrNull(Arrays.copyOfRange(box, bodyStart, box.length), nonce, bodyKey));
    } finally {
      Arrays.fill(bodyKey, (byte) 0);
    }
  }

  private static byte[] openOrNull(byte[] sealed, byte[] nonce, byte[] key) {
    try {
      return SecretBox.open(sealed, nonce, key);
    } catch (CryptoException e) {
      return null;
    }
  }
}
