package social.kith.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CryptoExceptionTest {
  @Test
  void messageStartsWithTheReason() {
    CryptoException e = new CryptoException(CryptoException.Reason.INVALID_LENGTH, "nonce must be 24 bytes");
    assertEquals(CryptoException.Reason.INVALID_LENGTH, e.reason());
    assertTrue(e.getMessage().startsWith("INVALID_LENGTH: "), e.getMessage());
  }
}
