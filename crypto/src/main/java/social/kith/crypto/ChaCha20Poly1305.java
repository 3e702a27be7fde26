package social.kith.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ChaCha20-Poly1305 AEAD of RFC 8439: a 32-byte key, a 12-byte nonce, and a 16-byte tag
 * appended to the ciphertext. Runs on the JDK's {@code Cipher "ChaCha20-Poly1305"}, with a new
 * {@code Cipher} per call (the JDK refuses to re-initialise one with the same key and nonce).
 *
 * <p>A (key, nonce) pair must never seal two different messages; this class cannot tell, so the
 * caller owns nonce discipline. {@link #open} releases no plaintext unless the tag verifies.
 */
public final class ChaCha20Poly1305 {
  private ChaCha20Poly1305() {}

  /** Key length in bytes. */
  public static final int KEY_LENGTH = 32;
  /** Nonce length in bytes. */
  public static final int NONCE_LENGTH = 12;
  /** Tag length in bytes. */
  public static final int TAG_LENGTH = 16;

  /**
   * Encrypts and authenticates: returns ciphertext followed by the tag ({@code plaintext.length +
   * 16} bytes).
   *
   * @throws CryptoException with {@link CryptoException.Reason#INVALID_LENGTH} for a key or nonce
   *     of the wrong length
   */
  public static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
    Objects.requireNonNull(plaintext, "plaintext");
    Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce, aad);
    try {
      return c.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  /**
   * Verifies and decrypts ciphertext followed by its tag.
   *
   * @throws CryptoException with {@link CryptoException.Reason#AUTHENTICATION_FAILED} if the tag
   *     does not verify or the input is shorter than a tag, or {@link
   *     CryptoException.Reason#INVALID_LENGTH} for a key or nonce of the wrong length
   */
  public static byte[] open(byte[] key, byte[] nonce, byte[] ciphertextAndTag, byte[] aad) {
    Objects.requireNonNull(ciphertextAndTag, "ciphertextAndTag");
    Cipher c = cipher(Cipher.DECRYPT_MODE, key, nonce, aad);
    if (ciphertextAndTag.length < TAG_LENGTH) {
      throw new CryptoException(CryptoException.Reason.AUTHENTICATION_FAILED,
          "ciphertext is shorter than the tag");
    }
    try {
      return c.doFinal(ciphertextAndTag);
    } catch (AEADBadTagException e) {
      throw new CryptoException(CryptoException.Reason.AUTHENTICATION_FAILED,
          "ChaCha20-Poly1305 tag does not verify");
    } catch (GeneralSecurityException e) {
      throw new CryptoException(CryptoException.Reason.AUTHENTICATION_FAILED,
          "ChaCha20-Poly1305 decryption failed", e);
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) {
    if (key == null || key.length != KEY_LENGTH) {
      throw new CryptoException(CryptoException.Reason.INVALID_LENGTH, "key must be 32 bytes");
    }
    if (nonce == null || nonce.length != NONCE_LENGTH) {
      throw new CryptoException(CryptoException.Reason.INVALID_LENGTH, "nonce must be 12 bytes");
    }
    try {
      Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
      c.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
      if (aad != null && aad.length > 0) {
        c.updateAAD(aad);
      }
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 is required of JDK 11+", e);
    }
  }
}
