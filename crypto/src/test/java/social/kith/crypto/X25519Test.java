package social.kith.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 7748 vectors (sections 5.2 and 6.1) and the low-order points of checklist item 2. */
class X25519Test {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void rfc7748Section52Vectors() {
    assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
        HEX.formatHex(ScalarMult.scalarMult(
            HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
            HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))));
    assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
        HEX.formatHex(ScalarMult.scalarMult(
            HEX.parseHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
            HEX.parseHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))));
  }

  private static String iterate(int n) {
    byte[] k = new byte[32];
    k[0] = 9;
    byte[] u = k.clone();
    for (int i = 0; i < n; i++) {
      byte[] r = ScalarMult.scalarMult(k, u);
      u = k;
      k = r;
    }
    return HEX.formatHex(k);
  }

  @Test
  void rfc7748IteratedOnce() {
    assertEquals("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", iterate(1));
  }

  @Test
  void rfc7748IteratedThousandTimes() {
    assertEquals("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", iterate(1000));
  }

  @Test
  void rfc7748Section61AliceAndBob() {
    byte[] aliceSk = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    byte[] bobSk = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
        HEX.formatHex(ScalarMult.scalarMultBase(aliceSk)));
    assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
        HEX.formatHex(ScalarMult.scalarMultBase(bobSk)));
    String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    X25519PrivateKey alice = X25519PrivateKey.of(aliceSk);
    X25519PrivateKey bob = X25519PrivateKey.of(bobSk);
    assertEquals(shared, HEX.formatHex(alice.agree(bob.publicKey())));
    assertEquals(shared, HEX.formatHex(bob.agree(alice.publicKey())));
  }

  @Test
  void lowOrderPointsAreNonContributory() {
    X25519PrivateKey sk = X25519PrivateKey.generate();
    String[] lowOrder = {
        "0000000000000000000000000000000000000000000000000000000000000000", // 0
        "0100000000000000000000000000000000000000000000000000000000000000", // 1
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p - 1
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // order 8
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", // order 8
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p (= 0)
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p + 1 (= 1)
        "0000000000000000000000000000000000000000000000000000000000000080", // 0, top bit set
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // p - 1, top bit set
    };
    for (String h : lowOrder) {
      byte[] u = HEX.parseHex(h);
      CryptoException e = assertThrows(CryptoException.class, () -> ScalarMult.scalarMult(sk.bytes(), u), h);
      assertEquals(CryptoException.Reason.NON_CONTRIBUTORY_KEY, e.reason());
      e = assertThrows(CryptoException.class, () -> sk.agree(X25519PublicKey.of(u)), h);
      assertEquals(CryptoException.Reason.NON_CONTRIBUTORY_KEY, e.reason());
      e = assertThrows(CryptoException.class, () -> Box.beforenm(X25519PublicKey.of(u), sk), h);
      assertEquals(CryptoException.Reason.NON_CONTRIBUTORY_KEY, e.reason());
      assertFalse(e.getMessage().contains(HEX.formatHex(sk.bytes())));
    }
  }

  @Test
  void wrongLengthsGiveTypedErrors() {
    for (int len : new int[] {0, 31, 33}) {
      for (Runnable r : new Runnable[] {
          () -> ScalarMult.scalarMult(new byte[len], new byte[32]),
          () -> ScalarMult.scalarMult(new byte[32], new byte[len]),
          () -> ScalarMult.scalarMultBase(new byte[len]),
          () -> X25519PublicKey.of(new byte[len]),
          () -> X25519PrivateKey.of(new byte[len])}) {
        CryptoException e = assertThrows(CryptoException.class, r::run);
        assertEquals(CryptoException.Reason.INVALID_LENGTH, e.reason());
      }
    }
  }

  @Test
  void privateKeyToStringShowsNoKeyMaterial() {
    X25519PrivateKey sk = X25519PrivateKey.generate();
    String s = sk.toString();
    assertFalse(s.contains(HEX.formatHex(sk.bytes())), s);
    assertFalse(s.toUpperCase().contains(HEX.formatHex(sk.bytes()).toUpperCase()), s);
    assertFalse(s.contains(Base64.getEncoder().encodeToString(sk.bytes())), s);
    assertFalse(s.contains(Base64.getEncoder().withoutPadding().encodeToString(sk.bytes())), s);
    assertArrayEquals(sk.bytes(), X25519PrivateKey.of(sk.bytes()).bytes());
  }
}
