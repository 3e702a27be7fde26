package social.kith.crypto.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import social.kith.crypto.CryptoException;
import social.kith.crypto.CryptoException.Reason;

class MultibaseTest {
  private static final byte[] HELLO = "Hello World!".getBytes(StandardCharsets.US_ASCII);

  @Test
  void base58BitcoinVectors() {
    assertEquals("2NEpo7TZRRrLZSi2U", Base58Btc.encode(HELLO));
    assertEquals("", Base58Btc.encode(new byte[0]));
    assertEquals("1", Base58Btc.encode(new byte[1]));
    assertEquals("111", Base58Btc.encode(new byte[3]));
    assertEquals("11233QC4", Base58Btc.encode(new byte[] {0, 0, 0x28, 0x7f, (byte) 0xb4, (byte) 0xcd}));
    assertArrayEquals(new byte[] {0, 0, 0x28, 0x7f, (byte) 0xb4, (byte) 0xcd}, Base58Btc.decode("11233QC4"));
    assertArrayEquals(HELLO, Base58Btc.decode("2NEpo7TZRRrLZSi2U"));
    for (String bad : new String[] {"0", "O", "I", "l", "2NEpo7TZRRrLZSi2U ", "+", "\u00e9"}) {
      assertEquals(Reason.MALFORMED_ENCODING,
          assertThrows(CryptoException.class, () -> Base58Btc.decode(bad)).reason());
    }
    assertEquals(Reason.INVALID_LENGTH, assertThrows(CryptoException.class,
        () -> Base58Btc.decode("2".repeat(Base58Btc.MAX_DECODE_LENGTH + 1))).reason());
  }

  @Test
  void multibaseSpecVectors() {
    // "Hello World!" in the multibase spec's test vectors.
    assertEquals("z2NEpo7TZRRrLZSi2U", Multibase.encode(Multibase.Base.BASE58BTC, HELLO));
    assertEquals("uSGVsbG8gV29ybGQh", Multibase.encode(Multibase.Base.BASE64URL, HELLO));
    assertEquals("f48656c6c6f20576f726c6421", Multibase.encode(Multibase.Base.BASE16, HELLO));
    assertEquals("bjbswy3dpeblw64tmmqqq", Multibase.encode(Multibase.Base.BASE32, HELLO));
    for (String s : new String[] {"z2NEpo7TZRRrLZSi2U", "uSGVsbG8gV29ybGQh", "f48656c6c6f20576f726c6421",
        "bjbswy3dpeblw64tmmqqq"}) {
      assertArrayEquals(HELLO, Multibase.decode(s));
    }
    assertEquals(Multibase.Base.BASE58BTC, Multibase.baseOf("z"));
    assertArrayEquals(new byte[0], Multibase.decode("z"));
  }

  @Test
  void multibaseRefusals() {
    for (String bad : new String[] {"", "Q2NEpo", "m SGVs", "F48656C", "f4865G", "f486", "bJBSWY", "b0", "ba"}) {
      CryptoException e = assertThrows(CryptoException.class, () -> Multibase.decode(bad), bad);
      assertEquals(Reason.MALFORMED_ENCODING, e.reason(), bad);
    }
    assertEquals(Reason.NON_CANONICAL_BASE64,
        assertThrows(CryptoException.class, () -> Multibase.decode("uSGVsbG8gV29ybGQh=")).reason());
    assertEquals(Reason.MALFORMED_ENCODING, assertThrows(CryptoException.class,
        () -> Multibase.decode(Multibase.Base.BASE58BTC, "uSGVsbG8gV29ybGQh")).reason());
    assertEquals(Reason.MALFORMED_ENCODING,
        assertThrows(CryptoException.class, () -> Multibase.decode(null)).reason());
  }

  @Test
  void multicodecVarints() {
    assertArrayEquals(new byte[] {(byte) 0xed, 0x01}, Multicodec.varint(Multicodec.ED25519_PUB));
    assertArrayEquals(new byte[] {(byte) 0x80, 0x24}, Multicodec.varint(Multicodec.P256_PUB));
    assertArrayEquals(new byte[] {0x7f}, Multicodec.varint(127));
    assertEquals(0xed, Multicodec.codecOf(new byte[] {(byte) 0xed, 0x01, 5}));
    assertArrayEquals(new byte[] {5}, Multicodec.strip(0xed, new byte[] {(byte) 0xed, 0x01, 5}));
    assertEquals(Reason.MALFORMED_ENCODING, assertThrows(CryptoException.class,
        () -> Multicodec.codecOf(new byte[] {(byte) 0xed})).reason());
    assertEquals(Reason.MALFORMED_ENCODING, assertThrows(CryptoException.class,
        () -> Multicodec.codecOf(new byte[] {(byte) 0xff, (byte) 0x80, 0x00})).reason());
    assertEquals(Reason.MALFORMED_ENCODING, assertThrows(CryptoException.class,
        () -> Multicodec.codecOf(new byte[0])).reason());
    byte[] tenBytes = new byte[10];
    java.util.Arrays.fill(tenBytes, (byte) 0x80);
    assertEquals(Reason.MALFORMED_ENCODING, assertThrows(CryptoException.class,
        () -> Multicodec.codecOf(tenBytes)).reason());
    assertEquals(Reason.UNSUPPORTED_KEY, assertThrows(CryptoException.class,
        () -> Multicodec.strip(0xed, new byte[] {(byte) 0xec, 0x01, 5})).reason());
    assertTrue(Multicodec.varint(Long.MAX_VALUE).length <= 9);
  }
}
