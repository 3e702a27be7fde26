package social.kith.crypto.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import social.kith.crypto.CryptoException;
import social.kith.crypto.CryptoException.Reason;

/** Checklist item 5: non-canonical base64 is refused with NON_CANONICAL_BASE64. */
class CanonicalBase64Test {
  @Test
  void rfc4648Vectors() {
    String[][] v = {{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
    for (String[] p : v) {
      assertEquals(p[1], CanonicalBase64.encode(p[0].getBytes()));
      assertEquals(p[0], new String(CanonicalBase64.decode(p[1])));
      assertEquals(p[1].replace("=", ""), Base64Url.encode(p[0].getBytes()));
      assertEquals(p[0], new String(Base64Url.decode(p[1].replace("=", ""))));
    }
    assertArrayEquals(new byte[] {(byte) 0xfb, (byte) 0xff}, CanonicalBase64.decode("+/8="));
    assertArrayEquals(new byte[] {(byte) 0xfb, (byte) 0xff}, Base64Url.decode("-_8"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Zg=", "Zg", "Zg===", "Zm8", "Zm8==", "Zm9v=", "Zm9v====", "=Zm9", "Zm=9", "====",
      "Zh==", "Zm9=", // non-zero padding bits
      "Zm9v\n", "Zm9v Zm9v", " Zm9v", "Zm9v\r\n", "Zm\t9v", // whitespace
      "-_8=", "+_8=", "Zm9-", // URL-safe alphabet
      "Zm9v*", "Zm9vYg==*", "Zm\u00e99v", "Zm9\u0000"})
  void refusesNonCanonical(String text) {
    CryptoException e = assertThrows(CryptoException.class, () -> CanonicalBase64.decode(text));
    assertEquals(Reason.NON_CANONICAL_BASE64, e.reason());
    assertFalse(CanonicalBase64.isCanonical(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Zg==", "Zm9v=", "Zg=", "Zh", "+_8", "-/8", "Z", "Zm9v\n", "Zm9vY"})
  void base64UrlRefusesNonCanonical(String text) {
    assertEquals(Reason.NON_CANONICAL_BASE64,
        assertThrows(CryptoException.class, () -> Base64Url.decode(text)).reason());
  }

  @Test
  void ssbStyleKeyAndNullInput() {
    String key = "hxGxqPrplLjRG2vtjQL87abX4QKqeLgCwQpS730nNwE=";
    assertTrue(CanonicalBase64.isCanonical(key));
    assertFalse(CanonicalBase64.isCanonical("hxGxqPrplLjRG2vtjQL87abX4QKqeLgCwQpS730nNwF="));
    assertEquals(Reason.NON_CANONICAL_BASE64,
        assertThrows(CryptoException.class, () -> CanonicalBase64.decode(null)).reason());
  }

  @Test
  void hex() {
    assertEquals("00ff10", Hex.encode(new byte[] {0, -1, 16}));
    assertArrayEquals(new byte[] {0, -1, 16}, Hex.decode("00FF10"));
    for (String bad : new String[] {"0", "0g", "0x00", "00 ", "\u0660\u0660"}) {
      assertEquals(Reason.MALFORMED_ENCODING,
          assertThrows(CryptoException.class, () -> Hex.decode(bad)).reason());
    }
  }
}
