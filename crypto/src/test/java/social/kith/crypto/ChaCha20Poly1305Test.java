package social.kith.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import social.kith.crypto.CryptoException.Reason;
import social.kith.crypto.encoding.Hex;

class ChaCha20Poly1305Test {
  private static final byte[] KEY = Hex.decode("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
  private static final byte[] NONCE = Hex.decode("070000004041424344454647");
  private static final byte[] AAD = Hex.decode("50515253c0c1c2c3c4c5c6c7");
  private static final byte[] PLAINTEXT = ("Ladies and Gentlemen of the class of '99: If I could offer you"
      + " only one tip for the future, sunscreen would be it.").getBytes(US_ASCII);
  private static final String CIPHERTEXT = "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
      + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
      + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
      + "3ff4def08e4b7a9de576d26586cec64b6116";
  private static final String TAG = "1ae10b594f09e26a7e902ecbd0600691";

  @Test
  void rfc8439Section282() {
    byte[] sealed = ChaCha20Poly1305.seal(KEY, NONCE, PLAINTEXT, AAD);
    assertEquals(CIPHERTEXT + TAG, Hex.encode(sealed));
    assertArrayEquals(PLAINTEXT, ChaCha20Poly1305.open(KEY, NONCE, sealed, AAD));
    // Same key and nonce twice in a row: a fresh Cipher per call, so the JDK does not refuse.
    assertEquals(CIPHERTEXT + TAG, Hex.encode(ChaCha20Poly1305.seal(KEY, NONCE, PLAINTEXT, AAD)));
  }

  /**
   * Wycheproof ChaCha20-Poly1305: every valid case seals to ct||tag and opens; every invalid case
   * fails to open with AUTHENTICATION_FAILED, or (wrong nonce size) with INVALID_LENGTH.
   */
  @Test
  void wycheproofChaCha20Poly1305() {
    for (Wycheproof.Case c : Wycheproof.cases("chacha20_poly1305_test.json")) {
      byte[] key = c.hex("key");
      byte[] iv = c.hex("iv");
      byte[] aad = c.hex("aad");
      byte[] msg = c.hex("msg");
      byte[] ct = c.hex("ct");
      byte[] tag = c.hex("tag");
      byte[] both = Arrays.copyOf(ct, ct.length + tag.length);
      System.arraycopy(tag, 0, both, ct.length, tag.length);
      if (c.result().equals("valid")) {
        assertEquals(Hex.encode(both), Hex.encode(ChaCha20Poly1305.seal(key, iv, msg, aad)), c.toString());
        assertArrayEquals(msg, ChaCha20Poly1305.open(key, iv, both, aad), c.toString());
      } else {
        CryptoException e = assertThrows(CryptoException.class,
            () -> ChaCha20Poly1305.open(key, iv, both, aad), c.toString());
        Reason expected = iv.length != 12 ? Reason.INVALID_LENGTH : Reason.AUTHENTICATION_FAILED;
        assertEquals(expected, e.reason(), c.toString());
      }
    }
  }

  @Test
  void tamperedCiphertextsReleaseNoPlaintext() {
    byte[] sealed = ChaCha20Poly1305.seal(KEY, NONCE, PLAINTEXT, AAD);
    for (int bit = 0; bit < sealed.length * 8; bit += 7) {
      byte[] t = sealed.clone();
      t[bit / 8] ^= (byte) (1 << (bit % 8));
      assertFailsAuth(t, AAD);
    }
    assertFailsAuth(Arrays.copyOf(sealed, sealed.length - 1), AAD);
    assertFailsAuth(Arrays.copyOf(sealed, sealed.length + 1), AAD);
    assertFailsAuth(Arrays.copyOf(sealed, 15), AAD);
    assertFailsAuth(new byte[0], AAD);
    assertFailsAuth(sealed, new byte[0]);
  }

  private static void assertFailsAuth(byte[] sealed, byte[] aad) {
    assertEquals(Reason.AUTHENTICATION_FAILED, assertThrows(CryptoException.class,
        () -> ChaCha20Poly1305.open(KEY, NONCE, sealed, aad)).reason());
  }

  @Test
  void wrongKeyOrNonceLengthIsInvalidLength() {
    assertEquals(Reason.INVALID_LENGTH, assertThrows(CryptoException.class,
        () -> ChaCha20Poly1305.seal(new byte[31], NONCE, PLAINTEXT, null)).reason());
    assertEquals(Reason.INVALID_LENGTH, assertThrows(CryptoException.class,
        () -> ChaCha20Poly1305.seal(KEY, new byte[24], PLAINTEXT, null)).reason());
    assertEquals(Reason.INVALID_LENGTH, assertThrows(CryptoException.class,
        () -> ChaCha20Poly1305.open(KEY, null, new byte[16], null)).reason());
  }
}
