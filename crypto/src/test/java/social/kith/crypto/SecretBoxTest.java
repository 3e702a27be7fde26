package social.kith.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** secretbox, box and auth: known answers and every refusal path (checklist items 2, 3, 8). */
class SecretBoxTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The NaCl "box" test vector (Bernstein, cryptography in NaCl, section 10). */
  private static final byte[] ALICE_SK = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  private static final byte[] BOB_PK = HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  private static final byte[] NONCE = HEX.parseHex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
  private static final byte[] FIRSTKEY = HEX.parseHex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");

  @Test
  void naclBoxVectorBeforenmIsTheFirstKey() {
    Box.SharedKey k = Box.beforenm(X25519PublicKey.of(BOB_PK), X25519PrivateKey.of(ALICE_SK));
    assertArrayEquals(FIRSTKEY, k.bytes());
  }

  @Test
  void roundTripsAndDetachedForm() {
    byte[] key = SecretBox.generateKey();
    byte[] nonce = SecretBox.randomNonce();
    byte[] m = "attack at dawn".getBytes(StandardCharsets.UTF_8);
    byte[] box = SecretBox.seal(m, nonce, key);
    assertEquals(m.length + 16, box.length);
    assertArrayEquals(m, SecretBox.open(box, nonce, key));
    SecretBox.Detached d = SecretBox.sealDetached(m, nonce, key);
    assertArrayEquals(Arrays.copyOf(box, 16), d.mac());
    assertArrayEquals(Arrays.copyOfRange(box, 16, box.length), d.ciphertext());
    assertArrayEquals(m, SecretBox.openDetached(d.ciphertext(), d.mac(), nonce, key));
    assertArrayEquals(new byte[0], SecretBox.open(SecretBox.seal(new byte[0], nonce, key), nonce, key));
  }

  private static void assertAuthFails(Runnable r) {
    CryptoException e = assertThrows(CryptoException.class, r::run);
    assertEquals(CryptoException.Reason.AUTHENTICATION_FAILED, e.reason());
  }

  @Test
  void tamperedTruncatedResizedOrEmptyBoxesFail() {
    byte[] key = SecretBox.generateKey();
    byte[] nonce = SecretBox.randomNonce();
    byte[] box = SecretBox.seal(new byte[40], nonce, key);
    for (int i = 0; i < box.length * 8; i++) {
      byte[] t = box.clone();
      t[i / 8] ^= (byte) (1 << (i % 8));
      assertAuthFails(() -> SecretBox.open(t, nonce, key));
    }
    for (int len = 0; len < box.length; len++) {
      byte[] t = Arrays.copyOf(box, len);
      assertAuthFails(() -> SecretBox.open(t, nonce, key));
    }
    assertAuthFails(() -> SecretBox.open(Arrays.copyOf(box, box.length + 1), nonce, key));
    assertAuthFails(() -> SecretBox.open(new byte[0], nonce, key));
    byte[] otherNonce = nonce.clone();
    otherNonce[0] ^= 1;
    assertAuthFails(() -> SecretBox.open(box, otherNonce, key));
    byte[] otherKey = key.clone();
    otherKey[31] ^= (byte) 0x80;
    assertAuthFails(() -> SecretBox.open(box, nonce, otherKey));
    assertAuthFails(() -> SecretBox.openDetached(new byte[3], new byte[15], nonce, key));
  }

  @Test
  void wrongKeyAndNonceLengthsGiveTypedErrors() {
    for (int len : new int[] {0, 16, 23, 25, 31, 33}) {
      for (Runnable r : new Runnable[] {
          () -> SecretBox.seal(new byte[1], new byte[24], new byte[len]),
          () -> SecretBox.open(new byte[20], new byte[24], new byte[len]),
          () -> SecretBox.seal(new byte[1], new byte[len == 31 ? 0 : len], new byte[32]),
          () -> SecretBox.open(new byte[20], new byte[len == 31 ? 0 : len], new byte[32]),
          () -> Box.seal(new byte[1], new byte[len == 31 ? 0 : len], X25519PrivateKey.generate().publicKey(),
              X25519PrivateKey.generate()),
          () -> Box.SharedKey.of(new byte[len]),
          () -> Auth.auth(new byte[1], new byte[len]),
          () -> Auth.verify(new byte[32], new byte[1], new byte[len])}) {
        CryptoException e = assertThrows(CryptoException.class, r::run);
        assertEquals(CryptoException.Reason.INVALID_LENGTH, e.reason());
      }
    }
  }

  @Test
  void boxRoundTripAndWrongPartyFails() {
    X25519PrivateKey alice = X25519PrivateKey.generate();
    X25519PrivateKey bob = X25519PrivateKey.generate();
    X25519PrivateKey eve = X25519PrivateKey.generate();
    byte[] nonce = SecretBox.randomNonce();
    byte[] m = "hi bob".getBytes(StandardCharsets.UTF_8);
    byte[] box = Box.seal(m, nonce, bob.publicKey(), alice);
    assertArrayEquals(m, Box.open(box, nonce, alice.publicKey(), bob));
    assertArrayEquals(m, Box.beforenm(bob.publicKey(), alice).open(box, nonce));
    assertAuthFails(() -> Box.open(box, nonce, alice.publicKey(), eve));
    assertAuthFails(() -> Box.open(box, nonce, eve.publicKey(), bob));
  }

  /** RFC 4231 test case 2 ("Jefe") is HMAC-SHA-512; crypto_auth is its first 32 bytes. */
  @Test
  void authIsTruncatedHmacSha512AndVerifyIsStrict() {
    byte[] key = new byte[32];
    System.arraycopy("Jefe".getBytes(StandardCharsets.US_ASCII), 0, key, 0, 4);
    byte[] msg = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
    // HMAC pads short keys with zeros, so the 32-byte zero-padded key equals RFC 4231's "Jefe".
    assertEquals("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554",
        HEX.formatHex(Auth.auth(msg, key)));
    byte[] tag = Auth.auth(msg, key);
    assertTrue(Auth.verify(tag, msg, key));
    for (int i = 0; i < 256; i++) {
      byte[] t = tag.clone();
      t[i / 8] ^= (byte) (1 << (i % 8));
      assertFalse(Auth.verify(t, msg, key));
    }
    assertFalse(Auth.verify(Arrays.copyOf(tag, 31), msg, key));
    assertFalse(Auth.verify(Arrays.copyOf(tag, 33), msg, key));
    assertFalse(Auth.verify(null, msg, key));
    assertFalse(Auth.verify(tag, "what do ya want for nothing!".getBytes(StandardCharsets.US_ASCII), key));
  }
}
