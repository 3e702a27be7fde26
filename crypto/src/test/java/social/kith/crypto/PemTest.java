package social.kith.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import social.kith.crypto.CryptoException.Reason;
import social.kith.crypto.internal.Asn1Der;
import social.kith.crypto.internal.Asn1Keys;

/** Hostile PEM (checklist item 6): every refusal is a typed CryptoException with its reason. */
class PemTest {
  static final String RSA_SPKI = Rfc9421KeysTest.read("test-key-rsa-pss.public.pem");
  static final String RSA_PKCS1 = Rfc9421KeysTest.read("test-key-rsa.public.pem");
  static final String EC_SPKI = Rfc9421KeysTest.read("test-key-ecc-p256.public.pem");
  static final String ED_SPKI = Rfc9421KeysTest.read("test-key-ed25519.public.pem");
  static final BigInteger E = BigInteger.valueOf(65537);

  static void assertReason(Reason reason, Executable call) {
    CryptoException e = assertThrows(CryptoException.class,
        () -> assertTimeoutPreemptively(Duration.ofSeconds(10), call));
    assertEquals(reason, e.reason(), e.getMessage());
  }

  static String spki(BigInteger n, BigInteger e) {
    return Pem.encode(Pem.PUBLIC_KEY, Asn1Keys.writeSpki(Asn1Keys.OID_RSA, Asn1Der.nullValue(),
        Asn1Keys.writeRsaPublic(n, e)));
  }

  @Test
  void acceptsCrlfSurroundingWhitespaceAndLongLines() {
    RsaPublicKey expected = Pem.rsaPublicKey(RSA_SPKI);
    assertEquals(expected, Pem.rsaPublicKey(RSA_SPKI.replace("\n", "\r\n")));
    assertEquals(expected, Pem.rsaPublicKey("\n  " + RSA_SPKI + "\n\n"));
    String oneLine = RSA_SPKI.strip();
    int a = oneLine.indexOf('\n');
    int b = oneLine.lastIndexOf('\n');
    String body = oneLine.substring(a + 1, b).replace("\n", "");
    assertEquals(expected, Pem.rsaPublicKey(oneLine.substring(0, a + 1) + body + oneLine.substring(b)));
  }

  @Test
  void malformedPemText() {
    String[] lines = RSA_SPKI.strip().split("\n");
    Function<String, Executable> parse = t -> () -> Pem.rsaPublicKey(t);
    // Truncated: no END line, or a body line missing.
    assertReason(Reason.MALFORMED_PEM, parse.apply(RSA_SPKI.substring(0, RSA_SPKI.length() / 2)));
    assertReason(Reason.MALFORMED_PEM, parse.apply(RSA_SPKI.replace(lines[2] + "\n", "")));
    // Bad base64 inside: a character outside the alphabet, URL-safe alphabet, bad padding.
    assertReason(Reason.MALFORMED_PEM, parse.apply(RSA_SPKI.replace(lines[1], "*" + lines[1].substring(1))));
    assertReason(Reason.MALFORMED_PEM, parse.apply(RSA_SPKI.replace(lines[1], lines[1].replace('+', '-').replace('/', '_')
        .equals(lines[1]) ? "-" + lines[1].substring(1) : lines[1].replace('+', '-').replace('/', '_'))));
    assertTrue(EC_SPKI.contains("==\n"));
    assertReason(Reason.MALFORMED_PEM, () -> Pem.ecdsaPublicKey(EC_SPKI.replace("==\n", "=\n")));
    assertReason(Reason.MALFORMED_PEM, () -> Pem.ecdsaPublicKey(EC_SPKI.replace("==\n", "\n")));
    assertReason(Reason.MALFORMED_PEM, () -> Pem.ecdsaPublicKey(EC_SPKI.replace("==\n", "===\n")));
    assertReason(Reason.MALFORMED_PEM, () -> Pem.ecdsaPublicKey(EC_SPKI.replace("Q==\n", "R==\n")));
    assertReason(Reason.MALFORMED_PEM, () -> Pem.ecdsaPublicKey(EC_SPKI.replace("==\n", "= =\n")));
    // Wrong or mismatched headers.
    assertReason(Reason.MALFORMED_PEM, parse.apply(RSA_SPKI.replace("END PUBLIC KEY", "END RSA PUBLIC KEY")));
    assertReason(Reason.MALFORMED_PEM, parse.apply(RSA_SPKI.replace("-----BEGIN PUBLIC KEY-----", "----BEGIN PUBLIC KEY-----")));
    assertReason(Reason.MALFORMED_PEM, parse.apply(RSA_SPKI.replace("BEGIN PUBLIC KEY", "BEGIN public key")));
    assertReason(Reason.MALFORMED_PEM, parse.apply(""));
    assertReason(Reason.MALFORMED_PEM, parse.apply(null));
    assertReason(Reason.MALFORMED_PEM, parse.apply("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n"));
    // Garbage before or after the block.
    assertReason(Reason.MALFORMED_PEM, parse.apply("junk\n" + RSA_SPKI));
    assertReason(Reason.MALFORMED_PEM, parse.apply(RSA_SPKI + "junk\n"));
    // Two keys in one publicKeyPem, of the same or of different kinds.
    assertReason(Reason.MALFORMED_PEM, parse.apply(RSA_SPKI + RSA_SPKI));
    assertReason(Reason.MALFORMED_PEM, parse.apply(RSA_SPKI + "\n" + EC_SPKI));
    assertReason(Reason.MALFORMED_PEM, parse.apply(RSA_SPKI.replace("-----END PUBLIC KEY-----\n", "") + EC_SPKI));
    // Absurd sizes are refused before parsing.
    assertReason(Reason.MALFORMED_PEM, parse.apply(RSA_SPKI + " ".repeat(Pem.MAX_LENGTH)));
  }

  @Test
  void malformedDerInsideValidPem() {
    byte[] der = Pem.decode(RSA_SPKI).der();
    byte[] trailing = java.util.Arrays.copyOf(der, der.length + 1);
    assertReason(Reason.MALFORMED_PEM, () -> Pem.rsaPublicKey(Pem.encode(Pem.PUBLIC_KEY, trailing)));
    byte[] truncated = java.util.Arrays.copyOf(der, der.length - 10);
    assertReason(Reason.MALFORMED_PEM, () -> Pem.rsaPublicKey(Pem.encode(Pem.PUBLIC_KEY, truncated)));
    byte[] indefinite = der.clone();
    indefinite[1] = (byte) 0x80;
    assertReason(Reason.MALFORMED_PEM, () -> Pem.rsaPublicKey(Pem.encode(Pem.PUBLIC_KEY, indefinite)));
    assertReason(Reason.MALFORMED_PEM, () -> Pem.rsaPublicKey(Pem.encode(Pem.PUBLIC_KEY, new byte[] {0x30, 0})));
    assertReason(Reason.MALFORMED_PEM, () -> Pem.keyAlgorithm(Pem.encode(Pem.PUBLIC_KEY, new byte[] {1, 2, 3})));
  }

  @Test
  void wrongKindOfKey() {
    // An EC or Ed25519 key in an RSA slot, and the other way round: no downgrade, no guessing.
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.rsaPublicKey(EC_SPKI));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.rsaPublicKey(ED_SPKI));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.ecdsaPublicKey(RSA_SPKI));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.ecdsaPublicKey(RSA_PKCS1));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.ed25519PublicKey(RSA_SPKI));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.ed25519PublicKey(EC_SPKI));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.rsaPrivateKey(Rfc9421KeysTest.read("test-key-ecc-p256.private.pem")));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.rsaPrivateKey(Rfc9421KeysTest.read("test-key-ed25519.private.pem")));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.ecdsaPrivateKey(Rfc9421KeysTest.read("test-key-rsa-pss.private.pem")));
    // A private key where a public key belongs, and unknown labels.
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.rsaPublicKey(Rfc9421KeysTest.read("test-key-rsa.private.pem")));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.rsaPublicKey(RSA_SPKI.replace("PUBLIC KEY", "CERTIFICATE")));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.keyAlgorithm(RSA_SPKI.replace("PUBLIC KEY", "CERTIFICATE")));
    // Encrypted PEM (RFC 1421 headers).
    String encrypted = RSA_PKCS1.replace("-----BEGIN RSA PUBLIC KEY-----\n",
        "-----BEGIN RSA PUBLIC KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n");
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.rsaPublicKey(encrypted));
    // Another curve (P-384 OID).
    byte[] p384 = Asn1Keys.writeSpki(Asn1Keys.OID_EC_PUBLIC_KEY, Asn1Der.oid("1.3.132.0.34"), new byte[97]);
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.ecdsaPublicKey(Pem.encode(Pem.PUBLIC_KEY, p384)));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.keyAlgorithm(Pem.encode(Pem.PUBLIC_KEY, p384)));
  }

  @Test
  void rsaKeyPolicyInPem() {
    BigInteger n = Pem.rsaPublicKey(RSA_SPKI).modulus();
    // Exponent 1, even exponents.
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.rsaPublicKey(spki(n, BigInteger.ONE)));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.rsaPublicKey(spki(n, BigInteger.valueOf(65536))));
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.rsaPublicKey(spki(n, BigInteger.valueOf(4))));
    // 1024 bits.
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.rsaPublicKey(spki(BigInteger.ONE.shiftLeft(1023).setBit(0), E)));
    // 8193 and 16384 bits: refused by size, before any modular arithmetic.
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.rsaPublicKey(spki(BigInteger.ONE.shiftLeft(8192).setBit(0), E)));
    String huge = spki(BigInteger.ONE.shiftLeft(16383).setBit(0).setBit(77), E);
    assertReason(Reason.UNSUPPORTED_KEY, () -> Pem.rsaPublicKey(huge));
    assertReason(Reason.UNSUPPORTED_KEY,
        () -> RsaKeys.allowingWeakKeysForTestVectorsOnly().publicKeyFromPem(huge));
    // 8192 bits is the largest accepted.
    assertEquals(8192, Pem.rsaPublicKey(spki(BigInteger.ONE.shiftLeft(8191).setBit(0), E)).bitLength());
  }

  @Test
  void writersRoundTrip() {
    RsaPrivateKey rsa = RsaTest.KEY;
    assertEquals(rsa.verifyingKey(), Pem.rsaPublicKey(Pem.writeSpki(rsa.verifyingKey())));
    assertEquals(rsa.verifyingKey(), Pem.rsaPublicKey(Pem.writePkcs1(rsa.verifyingKey())));
    assertEquals(rsa.verifyingKey(), Pem.rsaPrivateKey(Pem.writePkcs8(rsa)).verifyingKey());
    assertEquals(rsa.verifyingKey(), Pem.rsaPrivateKey(Pem.writePkcs1(rsa)).verifyingKey());
    assertEquals(Pem.writeSpki(rsa.verifyingKey()), Pem.encode(Pem.PUBLIC_KEY, rsa.verifyingKey().spki()));
    EcdsaPrivateKey ec = EcdsaKeys.generate();
    assertEquals(ec.verifyingKey(), Pem.ecdsaPublicKey(Pem.writeSpki(ec.verifyingKey())));
    assertEquals(ec.verifyingKey(), Pem.ecdsaPrivateKey(Pem.writePkcs8(ec)).verifyingKey());
    assertEquals(ec.verifyingKey(), Pem.ecdsaPrivateKey(Pem.writeSec1(ec)).verifyingKey());
    assertEquals(Pem.writeSpki(ec.verifyingKey()), Pem.encode(Pem.PUBLIC_KEY, ec.verifyingKey().spki()));
    byte[] ed = new byte[32];
    ed[0] = 7;
    assertEquals(KeyAlgorithm.ED25519, Pem.keyAlgorithm(Pem.writeEd25519Pkcs8(ed)));
    assertTrue(java.util.Arrays.equals(ed, Pem.ed25519PrivateKeySeed(Pem.writeEd25519Pkcs8(ed))));
    assertTrue(java.util.Arrays.equals(ed, Pem.ed25519PublicKey(Pem.writeEd25519Spki(ed))));
    assertReason(Reason.INVALID_LENGTH, () -> Pem.writeEd25519Spki(new byte[31]));
  }

  @Test
  void jdkEncodedPkcs8EcKeyWithoutPublicPointLoads() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
    g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    java.security.KeyPair kp = g.generateKeyPair();
    EcdsaPrivateKey k = Pem.ecdsaPrivateKey(Pem.encode(Pem.PRIVATE_KEY, kp.getPrivate().getEncoded()));
    assertEquals(Pem.ecdsaPublicKey(Pem.encode(Pem.PUBLIC_KEY, kp.getPublic().getEncoded())), k.verifyingKey());
  }

  @Test
  void blockToStringShowsNoContent() {
    String pem = Pem.writePkcs8(RsaTest.KEY);
    Pem.Block b = Pem.decode(pem);
    assertEquals("Pem.Block[PRIVATE KEY, " + b.der().length + " bytes]", b.toString());
  }
}
