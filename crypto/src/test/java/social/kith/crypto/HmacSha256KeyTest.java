package social.kith.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HmacSha256KeyTest {
  @Test
  void signsAndVerifiesWithTheSameSecret() {
    byte[] secret = new byte[32];
    secret[3] = 9;
    HmacSha256Key k = HmacSha256Key.of(secret);
    byte[] msg = "m".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertArrayEquals(Hmac.sha256(secret, msg), k.sign(msg));
    assertTrue(k.verify(msg, k.sign(msg)));
    assertSame(k, k.verifyingKey());
    assertEquals(KeyAlgorithm.HMAC_SHA256, k.algorithm());
  }

  @Test
  void verifyIsFalseForMalformedTags() {
    HmacSha256Key k = HmacSha256Key.generate();
    byte[] msg = new byte[5];
    byte[] tag = k.sign(msg);
    assertFalse(k.verify(msg, null));
    assertFalse(k.verify(null, tag));
    assertFalse(k.verify(msg, new byte[0]));
    assertFalse(k.verify(msg, java.util.Arrays.copyOf(tag, 16)));
    assertFalse(k.verify(msg, java.util.Arrays.copyOf(tag, 33)));
  }

  @Test
  void shortSecretsAreRefused() {
    assertEquals(CryptoException.Reason.INVALID_LENGTH,
        assertThrows(CryptoException.class, () -> HmacSha256Key.of(new byte[15])).reason());
    assertEquals(CryptoException.Reason.INVALID_LENGTH,
        assertThrows(CryptoException.class, () -> HmacSha256Key.of(null)).reason());
  }
}
