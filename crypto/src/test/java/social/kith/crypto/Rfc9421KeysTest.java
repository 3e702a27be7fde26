package social.kith.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import social.kith.crypto.encoding.CanonicalBase64;
import social.kith.crypto.encoding.Hex;
import social.kith.testkit.SharedData;

/** The RFC 9421 appendix B.1 test keys, in PEM and JWK, and the appendix B.2 signatures. */
class Rfc9421KeysTest {
  static String read(String name) {
    try {
      return Files.readString(SharedData.path("vectors/http-signatures/rfc9421/keys/" + name));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void rsaKeyPemAndJwkAreTheSameKey() {
    RsaPublicKey pub = Pem.rsaPublicKey(read("test-key-rsa.public.pem")); // PKCS#1
    RsaPrivateKey priv = Pem.rsaPrivateKey(read("test-key-rsa.private.pem")); // PKCS#1
    RsaPrivateKey jwkPriv = Jwk.rsaPrivateKey(read("test-key-rsa.jwk.json"));
    RsaPublicKey jwkPub = Jwk.rsaPublicKey(read("test-key-rsa.jwk.json"));
    assertEquals(2048, pub.bitLength());
    assertEquals(pub, priv.verifyingKey());
    assertEquals(pub, jwkPub);
    assertEquals(pub, jwkPriv.verifyingKey());
    byte[] msg = "signature base".getBytes(UTF_8);
    // PKCS#1 v1.5 is deterministic: equal private keys make equal signatures.
    assertArrayEquals(priv.sign(msg), jwkPriv.sign(msg));
    assertTrue(pub.verify(msg, jwkPriv.sign(msg)));
    assertEquals(Jwk.writePrivateKey(priv), Jwk.writePrivateKey(jwkPriv));
    assertEquals(KeyAlgorithm.RSA, Pem.keyAlgorithm(read("test-key-rsa.public.pem")));
    assertEquals(KeyAlgorithm.RSA, Jwk.keyAlgorithm(read("test-key-rsa.jwk.json")));
  }

  @Test
  void rsaPssKeyPemAndJwkAreTheSameKey() {
    RsaPublicKey pub = Pem.rsaPublicKey(read("test-key-rsa-pss.public.pem")); // SPKI rsaEncryption
    RsaPrivateKey priv = Pem.rsaPrivateKey(read("test-key-rsa-pss.private.pem")); // PKCS#8 id-RSASSA-PSS
    RsaPrivateKey jwkPriv = Jwk.rsaPrivateKey(read("test-key-rsa-pss.jwk.json"));
    assertEquals(pub, priv.verifyingKey());
    assertEquals(pub, jwkPriv.verifyingKey());
    assertEquals(Jwk.writePrivateKey(priv), Jwk.writePrivateKey(jwkPriv));
    byte[] msg = "signature base".getBytes(UTF_8);
    assertTrue(pub.verifyPss(msg, jwkPriv.signPss(msg)));
    assertTrue(pub.verifyPss(msg, priv.signPss(msg)));
    assertEquals(KeyAlgorithm.RSA, Pem.keyAlgorithm(read("test-key-rsa-pss.private.pem")));
  }

  @Test
  void eccKeyPemAndJwkAreTheSameKey() {
    EcdsaPublicKey pub = Pem.ecdsaPublicKey(read("test-key-ecc-p256.public.pem"));
    EcdsaPrivateKey priv = Pem.ecdsaPrivateKey(read("test-key-ecc-p256.private.pem")); // SEC1
    EcdsaPrivateKey jwkPriv = Jwk.ecdsaPrivateKey(read("test-key-ecc-p256.jwk.json"));
    assertEquals(pub, priv.verifyingKey());
    assertEquals(pub, jwkPriv.verifyingKey());
    assertEquals(pub, Jwk.ecdsaPublicKey(read("test-key-ecc-p256.jwk.json")));
    assertEquals(Jwk.writePrivateKey(priv), Jwk.writePrivateKey(jwkPriv));
    byte[] msg = "signature base".getBytes(UTF_8);
    assertTrue(pub.verify(msg, jwkPriv.sign(msg)));
    assertEquals(KeyAlgorithm.ECDSA_P256, Pem.keyAlgorithm(read("test-key-ecc-p256.private.pem")));
    assertEquals(KeyAlgorithm.ECDSA_P256, Pem.keyAlgorithm(read("test-key-ecc-p256.public.pem")));
    assertEquals(KeyAlgorithm.ECDSA_P256, Jwk.keyAlgorithm(read("test-key-ecc-p256.jwk.json")));
  }

  @Test
  void ed25519KeyPemAndJwkAreTheSameBytes() {
    byte[] pub = Pem.ed25519PublicKey(read("test-key-ed25519.public.pem"));
    byte[] seed = Pem.ed25519PrivateKeySeed(read("test-key-ed25519.private.pem"));
    assertEquals(32, pub.length);
    assertEquals("26b40b8f93fff3d897112f7ebc582b232dbd72517d082fe83cfb30ddce43d1bb", Hex.encode(pub));
    assertArrayEquals(pub, Jwk.ed25519PublicKey(read("test-key-ed25519.jwk.json")));
    assertArrayEquals(seed, Jwk.ed25519PrivateKeySeed(read("test-key-ed25519.jwk.json")));
    // The writers reproduce the files byte for byte.
    assertEquals(read("test-key-ed25519.public.pem").strip(), Pem.writeEd25519Spki(pub).strip());
    assertEquals(read("test-key-ed25519.private.pem").strip(), Pem.writeEd25519Pkcs8(seed).strip());
    assertEquals(KeyAlgorithm.ED25519, Pem.keyAlgorithm(read("test-key-ed25519.public.pem")));
    assertEquals(KeyAlgorithm.ED25519, Jwk.keyAlgorithm(read("test-key-ed25519.jwk.json")));
  }

  @Test
  void writersReproduceTheRsaAndEcFiles() {
    assertEquals(read("test-key-rsa.public.pem").strip(),
        Pem.writePkcs1(Pem.rsaPublicKey(read("test-key-rsa.public.pem"))).strip());
    assertEquals(read("test-key-rsa.private.pem").strip(),
        Pem.writePkcs1(Pem.rsaPrivateKey(read("test-key-rsa.private.pem"))).strip());
    assertEquals(read("test-key-rsa-pss.public.pem").strip(),
        Pem.writeSpki(Pem.rsaPublicKey(read("test-key-rsa-pss.public.pem"))).strip());
    assertEquals(read("test-key-ecc-p256.public.pem").strip(),
        Pem.writeSpki(Pem.ecdsaPublicKey(read("test-key-ecc-p256.public.pem"))).strip());
    assertEquals(read("test-key-ecc-p256.private.pem").strip(),
        Pem.writeSec1(Pem.ecdsaPrivateKey(read("test-key-ecc-p256.private.pem"))).strip());
  }

  @Test
  void sharedSecretLoads() {
    HmacSha256Key key = HmacSha256Key.of(CanonicalBase64.decode(read("test-shared-secret.b64").strip()));
    assertEquals(KeyAlgorithm.HMAC_SHA256, Jwk.keyAlgorithm(Jwk.writePrivateKey(key)));
    HmacSha256Key back = Jwk.hmacSha256Key(Jwk.writePrivateKey(key));
    byte[] msg = "m".getBytes(UTF_8);
    assertArrayEquals(key.sign(msg), back.sign(msg));
  }

  /** Appendix B.2: the published signatures verify with the loaded keys (Ed25519 is elsewhere). */
  @Test
  void appendixB2SignaturesVerify() throws IOException {
    JsonNode root = Wycheproof.JSON.readTree(Files.readString(
        SharedData.path("vectors/http-signatures/rfc9421/cases.json")));
    RsaPublicKey pss = Pem.rsaPublicKey(read("test-key-rsa-pss.public.pem"));
    EcdsaPublicKey ecc = Pem.ecdsaPublicKey(read("test-key-ecc-p256.public.pem"));
    HmacSha256Key hmac = HmacSha256Key.of(CanonicalBase64.decode(read("test-shared-secret.b64").strip()));
    int checked = 0;
    for (JsonNode c : root.get("cases")) {
      String alg = c.get("alg").asText();
      String sigField = c.get("signature").asText();
      String b64 = sigField.substring(sigField.indexOf("=:") + 2, sigField.length() - 1);
      byte[] sig = CanonicalBase64.decode(b64);
      byte[] base = c.get("signature_base").asText().getBytes(UTF_8);
      VerifyingKey key;
      switch (alg) {
        case "rsa-pss-sha512":
          assertTrue(pss.verifyPss(base, sig), c.get("label").asText());
          assertFalse(pss.verify(base, sig));
          checked++;
          continue;
        case "ecdsa-p256-sha256":
          key = ecc;
          break;
        case "hmac-sha256":
          key = hmac;
          break;
        default:
          continue;
      }
      assertTrue(key.verify(base, sig), c.get("label").asText());
      byte[] tampered = base.clone();
      tampered[tampered.length - 1] ^= 1;
      assertFalse(key.verify(tampered, sig));
      checked++;
    }
    assertEquals(6, checked);
  }
}
