package social.kith.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import social.kith.crypto.CryptoException.Reason;
import social.kith.crypto.encoding.Hex;

class EcdsaTest {
  static final EcdsaPrivateKey KEY = EcdsaKeys.generate();

  /**
   * Wycheproof ECDSA P-256 SHA-256 (DER signatures): every case matches. The file has no
   * "acceptable" cases; BER encodings are invalid and refused by the strict DER reader.
   */
  @Test
  void wycheproofEcdsaP256Sha256() {
    int valid = 0;
    int invalid = 0;
    for (Wycheproof.Case c : Wycheproof.cases("ecdsa_secp256r1_sha256_test.json")) {
      EcdsaPublicKey key = Pem.ecdsaPublicKey(
          new Pem.Block(Pem.PUBLIC_KEY, c.groupHex("publicKeyDer")));
      byte[] msg = c.hex("msg");
      byte[] sig = c.hex("sig");
      boolean ok = key.verifyDer(msg, sig);
      assertEquals(c.result().equals("valid"), ok, c.toString());
      if (!c.result().equals("valid") && !c.result().equals("invalid")) {
        throw new AssertionError("unexpected result " + c.result() + " in " + c);
      }
      if (sig.length != 64) {
        assertEquals(ok, key.verify(msg, sig), c.toString());
      }
      if (ok) {
        valid++;
        byte[] raw = toRaw(sig);
        assertTrue(key.verifyRaw(msg, raw), c.toString());
        assertTrue(key.verify(msg, raw), c.toString());
      } else {
        invalid++;
      }
    }
    assertTrue(valid > 50 && invalid > 200, valid + " valid, " + invalid + " invalid");
  }

  @Test
  void wycheproofKeyFormsAgree() {
    for (var g : Wycheproof.file("ecdsa_secp256r1_sha256_test.json").get("testGroups")) {
      EcdsaPublicKey fromDer = Pem.ecdsaPublicKey(
          new Pem.Block(Pem.PUBLIC_KEY, Hex.decode(g.get("publicKeyDer").asText())));
      EcdsaPublicKey fromPem = Pem.ecdsaPublicKey(g.get("publicKeyPem").asText());
      EcdsaPublicKey fromPoint = EcdsaKeys.publicKey(Hex.decode(g.get("publicKey").get("uncompressed").asText()));
      assertEquals(fromDer, fromPem);
      assertEquals(fromDer, fromPoint);
    }
  }

  private static byte[] toRaw(byte[] der) {
    var r = new BigInteger(1, java.util.Arrays.copyOfRange(der, 4, 4 + der[3]));
    int sOff = 4 + der[3];
    var s = new BigInteger(1, java.util.Arrays.copyOfRange(der, sOff + 2, sOff + 2 + der[sOff + 1]));
    byte[] out = new byte[64];
    System.arraycopy(EcdsaKeys.fixed(r), 0, out, 0, 32);
    System.arraycopy(EcdsaKeys.fixed(s), 0, out, 32, 32);
    return out;
  }

  @Test
  void signsRawAndDerForms() {
    byte[] msg = "hello".getBytes(UTF_8);
    byte[] raw = KEY.sign(msg);
    assertEquals(64, raw.length);
    EcdsaPublicKey pub = KEY.verifyingKey();
    assertTrue(pub.verify(msg, raw));
    assertTrue(pub.verifyRaw(msg, raw));
    assertFalse(pub.verifyDer(msg, raw));
    byte[] der = KEY.signDer(msg);
    assertEquals(0x30, der[0]);
    assertTrue(pub.verify(msg, der));
    assertTrue(pub.verifyDer(msg, der));
    assertFalse(pub.verify("hellp".getBytes(UTF_8), der));
  }

  @Test
  void verifyNeverThrowsOnGarbage() {
    EcdsaPublicKey pub = KEY.verifyingKey();
    byte[] msg = new byte[3];
    byte[] zero = new byte[64];
    byte[] ones = new byte[64];
    java.util.Arrays.fill(ones, (byte) 0xff);
    for (byte[] sig : new byte[][] {null, new byte[0], new byte[1], zero, ones, new byte[63],
        new byte[65], new byte[72], {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01},
        {0x30, (byte) 0x80, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0, 0}}) {
      assertFalse(pub.verify(msg, sig));
      assertFalse(pub.verifyDer(msg, sig));
      assertFalse(pub.verifyRaw(msg, sig));
    }
    assertFalse(pub.verify(null, KEY.sign(msg)));
  }

  @Test
  void offCurveAndOutOfRangeKeysAreRefused() {
    EcdsaPublicKey pub = KEY.verifyingKey();
    assertEquals(Reason.UNSUPPORTED_KEY, assertThrows(CryptoException.class,
        () -> EcdsaKeys.publicKey(pub.x(), pub.y().add(BigInteger.ONE))).reason());
    byte[] compressed = new byte[33];
    compressed[0] = 2;
    assertEquals(Reason.UNSUPPORTED_KEY, assertThrows(CryptoException.class,
        () -> EcdsaKeys.publicKey(compressed)).reason());
    assertEquals(Reason.UNSUPPORTED_KEY, assertThrows(CryptoException.class,
        () -> EcdsaKeys.privateKey(BigInteger.ZERO)).reason());
    assertEquals(Reason.UNSUPPORTED_KEY, assertThrows(CryptoException.class,
        () -> EcdsaKeys.privateKey(social.kith.crypto.internal.EcdsaP256Curve.N)).reason());
    EcdsaPrivateKey other = EcdsaKeys.generate();
    BigInteger d = new BigInteger(1, other.scalar());
    assertEquals(Reason.UNSUPPORTED_KEY, assertThrows(CryptoException.class,
        () -> EcdsaKeys.privateKey(d, pub)).reason());
    assertEquals(other.verifyingKey(), EcdsaKeys.privateKey(d).verifyingKey());
  }
}
