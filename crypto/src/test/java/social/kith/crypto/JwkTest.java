package social.kith.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import social.kith.crypto.CryptoException.Reason;
import social.kith.crypto.encoding.Base64Url;

class JwkTest {
  static final String EC = Rfc9421KeysTest.read("test-key-ecc-p256.jwk.json");
  static final String ED = Rfc9421KeysTest.read("test-key-ed25519.jwk.json");
  static final String RSA = Rfc9421KeysTest.read("test-key-rsa.jwk.json");

  static void assertReason(Reason reason, org.junit.jupiter.api.function.Executable call) {
    PemTest.assertReason(reason, call);
  }

  @Test
  void malformedJson() {
    for (String bad : new String[] {"", "[]", "\"x\"", "{", "{\"kty\":\"EC\",}", "{\"kty\" \"EC\"}",
        "{\"kty\":\"EC\"} x", "{\"kty\":\"EC\",\"kty\":\"RSA\"}", "{\"kty\":'EC'}", "{\"kty\":\"E\u0001C\"}",
        "{\"kty\":\"EC\\q\"}", "{\"kty\":01}", "{\"a\":tru}", "{\"kty\":\"EC\\u12\"}", null}) {
      assertReason(Reason.MALFORMED_ENCODING, () -> Jwk.parse(bad));
    }
    assertReason(Reason.MALFORMED_ENCODING, () -> Jwk.parse("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"));
    assertReason(Reason.MALFORMED_ENCODING, () -> Jwk.parse("{\"a\":\"" + "x".repeat(70_000) + "\"}"));
    // Known members must be strings; unknown non-string members are ignored.
    assertReason(Reason.MALFORMED_ENCODING, () -> Jwk.parse("{\"kty\":\"RSA\",\"n\":12,\"e\":\"AQAB\"}"));
    assertEquals(Map.of("kty", "oct", "k", "x"), Jwk.parse(
        "{\"kty\":\"oct\",\"k\":\"x\",\"key_ops\":[\"sign\",\"verify\"],\"ext\":true,\"n2\":-1.5e3,\"o\":{\"a\":null}}"));
    assertEquals(Map.of("kty", "a\"b/\u00e9"), Jwk.parse("{\"kty\":\"a\\\"b\\/\\u00e9\"}"));
  }

  @Test
  void wrongKeyTypeOrCurve() {
    assertReason(Reason.UNSUPPORTED_KEY, () -> Jwk.rsaPublicKey(EC));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Jwk.ecdsaPublicKey(RSA));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Jwk.ed25519PublicKey(EC));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Jwk.hmacSha256Key(RSA));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Jwk.ecdsaPublicKey(EC.replace("P-256", "P-384")));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Jwk.ed25519PublicKey(ED.replace("Ed25519", "X25519")));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Jwk.keyAlgorithm("{\"kty\":\"XYZ\"}"));
  }

  @Test
  void badMembers() {
    Map<String, String> ec = new HashMap<>(Jwk.parse(EC));
    ec.remove("y");
    assertReason(Reason.MALFORMED_ENCODING, () -> Jwk.ecdsaPublicKey(ec));
    Map<String, String> padded = new HashMap<>(Jwk.parse(EC));
    padded.put("x", padded.get("x") + "=");
    assertReason(Reason.NON_CANONICAL_BASE64, () -> Jwk.ecdsaPublicKey(padded));
    Map<String, String> std = new HashMap<>(Jwk.parse(ED));
    std.put("x", std.get("x").replace('_', '/').replace('-', '+'));
    assertReason(Reason.NON_CANONICAL_BASE64, () -> Jwk.ed25519PublicKey(std));
    Map<String, String> shortX = new HashMap<>(Jwk.parse(EC));
    shortX.put("x", Base64Url.encode(new byte[31]));
    assertReason(Reason.INVALID_LENGTH, () -> Jwk.ecdsaPublicKey(shortX));
    Map<String, String> offCurve = new HashMap<>(Jwk.parse(EC));
    offCurve.put("x", Base64Url.encode(new byte[32]));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Jwk.ecdsaPublicKey(offCurve));
    Map<String, String> wrongD = new HashMap<>(Jwk.parse(EC));
    byte[] d = Base64Url.decode(wrongD.get("d"));
    d[31] ^= 1;
    wrongD.put("d", Base64Url.encode(d));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Jwk.ecdsaPrivateKey(wrongD));
    Map<String, String> partialCrt = new HashMap<>(Jwk.parse(RSA));
    partialCrt.remove("qi");
    assertReason(Reason.MALFORMED_ENCODING, () -> Jwk.rsaPrivateKey(partialCrt, RsaKeys.strict()));
    Map<String, String> smallExp = new HashMap<>(Jwk.parse(RSA));
    smallExp.put("e", "AQ");
    assertReason(Reason.UNSUPPORTED_KEY, () -> Jwk.rsaPublicKey(smallExp, RsaKeys.strict()));
    Map<String, String> hugeN = new HashMap<>(Jwk.parse(RSA));
    hugeN.put("n", Base64Url.encode(new byte[2048]));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Jwk.rsaPublicKey(hugeN, RsaKeys.strict()));
    Map<String, String> weakN = new HashMap<>(Jwk.parse(RSA));
    weakN.put("n", Base64Url.encode(java.math.BigInteger.ONE.shiftLeft(1023).setBit(0).toByteArray()));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Jwk.rsaPublicKey(weakN, RsaKeys.strict()));
    assertReason(Reason.INVALID_LENGTH, () -> Jwk.hmacSha256Key("{\"kty\":\"oct\",\"k\":\"AAAA\"}"));
  }

  @Test
  void writersRoundTrip() {
    RsaPrivateKey rsa = RsaTest.KEY;
    assertEquals(rsa.verifyingKey(), Jwk.rsaPublicKey(Jwk.write(rsa.verifyingKey())));
    assertEquals(rsa.verifyingKey(), Jwk.rsaPrivateKey(Jwk.writePrivateKey(rsa)).verifyingKey());
    EcdsaPrivateKey ec = EcdsaKeys.generate();
    assertEquals(ec.verifyingKey(), Jwk.ecdsaPublicKey(Jwk.write(ec.verifyingKey())));
    assertEquals(Jwk.writePrivateKey(ec), Jwk.writePrivateKey(Jwk.ecdsaPrivateKey(Jwk.writePrivateKey(ec))));
    byte[] pub = Jwk.ed25519PublicKey(ED);
    byte[] seed = Jwk.ed25519PrivateKeySeed(ED);
    assertArrayEquals(pub, Jwk.ed25519PublicKey(Jwk.writeEd25519PublicKey(pub)));
    assertArrayEquals(seed, Jwk.ed25519PrivateKeySeed(Jwk.writeEd25519PrivateKey(seed, pub)));
    // Public writers never include private members.
    assertEquals(Map.of("kty", "EC", "crv", "P-256", "x", Jwk.parse(EC).get("x"), "y", Jwk.parse(EC).get("y")),
        Jwk.parse(Jwk.write(Jwk.ecdsaPublicKey(EC))));
    assertEquals("{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + Jwk.parse(ED).get("x") + "\"}",
        Jwk.writeEd25519PublicKey(pub));
  }

  @Test
  void rsaPrivateKeyWithoutCrtSigns() {
    Map<String, String> full = Jwk.parse(Jwk.writePrivateKey(RsaTest.KEY));
    Map<String, String> ned = Map.of("kty", "RSA", "n", full.get("n"), "e", full.get("e"), "d", full.get("d"));
    RsaPrivateKey k = Jwk.rsaPrivateKey(ned, RsaKeys.strict());
    byte[] msg = {1, 2, 3};
    assertArrayEquals(RsaTest.KEY.sign(msg), k.sign(msg));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.writePkcs8(k));
  }
}
