package social.kith.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import social.kith.crypto.encoding.Hex;

class HkdfTest {
  private static byte[] range(int from, int toExclusive) {
    byte[] out = new byte[toExclusive - from];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (from + i);
    }
    return out;
  }

  private static byte[] b0x0b(int n) {
    byte[] out = new byte[n];
    java.util.Arrays.fill(out, (byte) 0x0b);
    return out;
  }

  @Test
  void rfc5869TestCase1() {
    byte[] prk = Hkdf.SHA256.extract(range(0, 13), b0x0b(22));
    assertEquals("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", Hex.encode(prk));
    assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
        Hex.encode(Hkdf.SHA256.expand(prk, range(0xf0, 0xfa), 42)));
  }

  @Test
  void rfc5869TestCase2() {
    byte[] prk = Hkdf.SHA256.extract(range(0x60, 0xb0), range(0, 0x50));
    assertEquals("06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244", Hex.encode(prk));
    assertEquals("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
        + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
        + "cc30c58179ec3e87c14c01d5c1f3434f1d87",
        Hex.encode(Hkdf.SHA256.derive(range(0x60, 0xb0), range(0, 0x50), range(0xb0, 0x100), 82)));
  }

  @Test
  void rfc5869TestCase3EmptySaltAndInfo() {
    byte[] prk = Hkdf.SHA256.extract(new byte[0], b0x0b(22));
    assertEquals("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04", Hex.encode(prk));
    assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
        Hex.encode(Hkdf.SHA256.derive(null, b0x0b(22), null, 42)));
  }

  /** Wycheproof HKDF-SHA-256: "invalid" cases ask for more than 255 * HashLen bytes. */
  @Test
  void wycheproofHkdfSha256() {
    int valid = 0;
    for (Wycheproof.Case c : Wycheproof.cases("hkdf_sha256_test.json")) {
      int size = c.test().get("size").asInt();
      if (c.result().equals("valid")) {
        assertEquals(Hex.encode(c.hex("okm")),
            Hex.encode(Hkdf.SHA256.derive(c.hex("salt"), c.hex("ikm"), c.hex("info"), size)), c.toString());
        valid++;
      } else {
        CryptoException e = assertThrows(CryptoException.class,
            () -> Hkdf.SHA256.derive(c.hex("salt"), c.hex("ikm"), c.hex("info"), size), c.toString());
        assertEquals(CryptoException.Reason.INVALID_ARGUMENT, e.reason());
      }
    }
    assertTrue(valid > 50);
  }

  @Test
  void lengthLimitsAre255TimesHashLength() {
    assertEquals(8160, Hkdf.SHA256.derive(null, new byte[1], null, 8160).length);
    assertEquals(16320, Hkdf.SHA512.derive(null, new byte[1], null, 16320).length);
    assertEquals(0, Hkdf.SHA256.derive(null, new byte[1], null, 0).length);
    for (int bad : new int[] {-1, 8161, Integer.MAX_VALUE}) {
      assertEquals(CryptoException.Reason.INVALID_ARGUMENT, assertThrows(CryptoException.class,
          () -> Hkdf.SHA256.derive(null, new byte[1], null, bad)).reason());
    }
    assertEquals(CryptoException.Reason.INVALID_ARGUMENT, assertThrows(CryptoException.class,
        () -> Hkdf.SHA512.expand(new byte[64], null, 16321)).reason());
    assertEquals(CryptoException.Reason.INVALID_ARGUMENT, assertThrows(CryptoException.class,
        () -> Hkdf.SHA256.expand(new byte[31], null, 32)).reason());
  }

  @Test
  void sha512ExpandPrefixesAgree() {
    byte[] prk = Hkdf.SHA512.extract("salt".getBytes(), "ikm".getBytes());
    assertEquals(64, prk.length);
    byte[] long1 = Hkdf.SHA512.expand(prk, "info".getBytes(), 200);
    byte[] short1 = Hkdf.SHA512.expand(prk, "info".getBytes(), 65);
    assertEquals(Hex.encode(short1), Hex.encode(java.util.Arrays.copyOf(long1, 65)));
  }
}
