package social.kith.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;
import social.kith.crypto.CryptoException.Reason;
import social.kith.crypto.encoding.Hex;

class RsaTest {
  /** One generated key for the class: RSA key generation is slow. */
  static final RsaPrivateKey KEY = RsaKeys.generate(2048);

  /**
   * Wycheproof RSASSA-PKCS1-v1_5 SHA-256, 2048-bit. "acceptable" cases carry the flag
   * MissingNull (a DigestInfo whose AlgorithmIdentifier omits the NULL parameters). Kith verifies
   * through the JDK, which accepts both encodings, as RFC 8017 section 9.2 note 2 allows: the
   * digest and its algorithm are still bound exactly, so nothing is forgeable. The test pins
   * "accepted" so a change of behaviour is noticed.
   */
  @Test
  void wycheproofRsaPkcs1Sha256() {
    int valid = 0;
    int invalid = 0;
    for (Wycheproof.Case c : Wycheproof.cases("rsa_signature_2048_sha256_test.json")) {
      RsaPublicKey key = Pem.rsaPublicKey(new Pem.Block(Pem.PUBLIC_KEY, c.groupHex("publicKeyDer")),
          RsaKeys.strict());
      boolean ok = key.verify(c.hex("msg"), c.hex("sig"));
      switch (c.result()) {
        case "valid":
          assertTrue(ok, c.toString());
          valid++;
          break;
        case "invalid":
          assertFalse(ok, c.toString());
          invalid++;
          break;
        default:
          assertEquals(java.util.Set.of("MissingNull"), c.flags(), c.toString());
          assertTrue(ok, "acceptable MissingNull is accepted: " + c);
      }
    }
    assertTrue(valid > 0 && invalid > 100, valid + " valid, " + invalid + " invalid");
  }

  @Test
  void wycheproofKeyFormsAgree() {
    var root = Wycheproof.file("rsa_signature_2048_sha256_test.json");
    for (var g : root.get("testGroups")) {
      RsaPublicKey fromDer = Pem.rsaPublicKey(
          new Pem.Block(Pem.PUBLIC_KEY, Hex.decode(g.get("publicKeyDer").asText())), RsaKeys.strict());
      RsaPublicKey fromPem = Pem.rsaPublicKey(g.get("publicKeyPem").asText());
      RsaPublicKey fromAsn = Pem.rsaPublicKey(
          new Pem.Block(Pem.RSA_PUBLIC_KEY, Hex.decode(g.get("publicKeyAsn").asText())), RsaKeys.strict());
      Map<String, String> jwk = Map.of("kty", "RSA", "n", g.get("keyJwk").get("n").asText(),
          "e", g.get("keyJwk").get("e").asText());
      RsaPublicKey fromJwk = Jwk.rsaPublicKey(jwk, RsaKeys.strict());
      assertEquals(fromDer, fromPem);
      assertEquals(fromDer, fromAsn);
      assertEquals(fromDer, fromJwk);
      assertEquals(new BigInteger(g.get("publicKey").get("modulus").asText(), 16), fromDer.modulus());
    }
  }

  @Test
  void pkcs1SignVerifyIsDeterministicAndBitExact() {
    byte[] msg = "hello".getBytes(UTF_8);
    byte[] sig = KEY.sign(msg);
    assertEquals(256, sig.length);
    assertEquals(Hex.encode(sig), Hex.encode(KEY.signPkcs1Sha256(msg)));
    assertTrue(KEY.verifyingKey().verify(msg, sig));
    assertFalse(KEY.verifyingKey().verifyPss(msg, sig));
    sig[100] ^= 1;
    assertFalse(KEY.verifyingKey().verify(msg, sig));
  }

  @Test
  void pssSha512RoundTrip() {
    byte[] msg = "hello".getBytes(UTF_8);
    byte[] sig = KEY.signPss(msg);
    assertTrue(KEY.verifyingKey().verifyPss(msg, sig));
    assertFalse(KEY.verifyingKey().verify(msg, sig));
    assertNotEquals(Hex.encode(sig), Hex.encode(KEY.signPss(msg)), "PSS salts are random");
    assertFalse(KEY.verifyingKey().verifyPss("hellp".getBytes(UTF_8), sig));
  }

  @Test
  void verifyNeverThrowsOnGarbage() {
    RsaPublicKey pub = KEY.verifyingKey();
    byte[] msg = new byte[1];
    for (byte[] sig : new byte[][] {null, new byte[0], new byte[1], new byte[255], new byte[257],
        new byte[256], filled(256, 0xff)}) {
      assertFalse(pub.verify(msg, sig));
      assertFalse(pub.verifyPss(msg, sig));
    }
    assertFalse(pub.verify(null, KEY.sign(msg)));
  }

  private static byte[] filled(int n, int b) {
    byte[] out = new byte[n];
    java.util.Arrays.fill(out, (byte) b);
    return out;
  }

  @Test
  void generationSizes() {
    assertEquals(Reason.INVALID_ARGUMENT,
        assertThrows(CryptoException.class, () -> RsaKeys.generate(1024)).reason());
    assertEquals(Reason.INVALID_ARGUMENT,
        assertThrows(CryptoException.class, () -> RsaKeys.generate(8192)).reason());
    assertEquals(2048, KEY.bitLength());
    assertEquals(BigInteger.valueOf(65537), KEY.verifyingKey().publicExponent());
  }

  @Test
  void policyRefusesSmallHugeAndBadExponents() {
    BigInteger n = KEY.verifyingKey().modulus();
    BigInteger e = KEY.verifyingKey().publicExponent();
    RsaKeys strict = RsaKeys.strict();
    assertEquals(KEY.verifyingKey(), strict.publicKey(n, e));
    assertRefused(() -> strict.publicKey(n, BigInteger.ONE));
    assertRefused(() -> strict.publicKey(n, BigInteger.valueOf(65536)));
    assertRefused(() -> strict.publicKey(n, BigInteger.TWO));
    assertRefused(() -> strict.publicKey(n, BigInteger.valueOf(-3)));
    assertRefused(() -> strict.publicKey(n, BigInteger.ONE.shiftLeft(300).add(BigInteger.ONE)));
    assertRefused(() -> strict.publicKey(n.add(BigInteger.ONE), e)); // even modulus
    assertRefused(() -> strict.publicKey(n.negate(), e));
    assertRefused(() -> strict.publicKey(BigInteger.ONE.shiftLeft(1023).setBit(0), e));
    assertRefused(() -> strict.publicKey(BigInteger.ONE.shiftLeft(2046).setBit(0), e)); // 2047 bits
    assertRefused(() -> strict.publicKey(BigInteger.ONE.shiftLeft(8192).setBit(0), e)); // 8193 bits
    assertRefused(() -> strict.publicKey(BigInteger.ONE.shiftLeft(16383).setBit(0), e));
    // The weak policy lowers only the minimum.
    RsaKeys weak = RsaKeys.allowingWeakKeysForTestVectorsOnly();
    assertEquals(1024, weak.publicKey(BigInteger.ONE.shiftLeft(1023).setBit(0), e).bitLength());
    assertRefused(() -> weak.publicKey(BigInteger.ONE.shiftLeft(1022).setBit(0), e));
    assertRefused(() -> weak.publicKey(BigInteger.ONE.shiftLeft(16383).setBit(0), e));
    assertRefused(() -> weak.publicKey(n, BigInteger.ONE));
    assertTrue(weak.toString().contains("WEAK"));
  }

  @Test
  void inconsistentPrivateComponentsAreRefused() {
    String pem = Pem.writePkcs1(KEY);
    RsaPrivateKey back = Pem.rsaPrivateKey(pem);
    assertEquals(KEY.verifyingKey(), back.verifyingKey());
    Map<String, String> jwk = new java.util.HashMap<>(Jwk.parse(Jwk.writePrivateKey(KEY)));
    // Swap dp and dq: a corrupted CRT key would leak its factors through faulty signatures.
    String dp = jwk.get("dp");
    jwk.put("dp", jwk.get("dq"));
    jwk.put("dq", dp);
    assertRefused(() -> Jwk.rsaPrivateKey(jwk, RsaKeys.strict()));
  }

  private static void assertRefused(org.junit.jupiter.api.function.Executable call) {
    assertEquals(Reason.UNSUPPORTED_KEY, assertThrows(CryptoException.class, call).reason());
  }
}
