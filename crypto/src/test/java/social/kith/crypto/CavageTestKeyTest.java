package social.kith.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import social.kith.crypto.CryptoException.Reason;
import social.kith.crypto.encoding.CanonicalBase64;
import social.kith.testkit.SharedData;

/** draft-cavage-http-signatures-12 Appendix C: an RSA-1024 key, refused unless explicitly allowed. */
class CavageTestKeyTest {
  static String read(String name) {
    try {
      return Files.readString(SharedData.path("vectors/http-signatures/cavage-12/" + name));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void refusedByDefault() {
    CryptoException pub = assertThrows(CryptoException.class,
        () -> Pem.rsaPublicKey(read("test-key-public.pem")));
    assertEquals(Reason.UNSUPPORTED_KEY, pub.reason());
    assertTrue(pub.getMessage().contains("1024"), pub.getMessage());
    assertEquals(Reason.UNSUPPORTED_KEY, assertThrows(CryptoException.class,
        () -> Pem.rsaPrivateKey(read("test-key-private.pem"))).reason());
    assertEquals(Reason.UNSUPPORTED_KEY, assertThrows(CryptoException.class,
        () -> RsaKeys.strict().publicKeyFromPem(read("test-key-public.pem"))).reason());
  }

  @Test
  void loadsWithTheTestOnlyOverrideAndVerifiesAppendixC() throws IOException {
    RsaKeys weak = RsaKeys.allowingWeakKeysForTestVectorsOnly();
    RsaPublicKey pub = weak.publicKeyFromPem(read("test-key-public.pem"));
    RsaPrivateKey priv = weak.privateKeyFromPem(read("test-key-private.pem"));
    assertEquals(1024, pub.bitLength());
    assertEquals(pub, priv.verifyingKey());
    JsonNode cases = Wycheproof.JSON.readTree(read("cases.json")).get("cases");
    int checked = 0;
    for (JsonNode c : cases) {
      byte[] base = c.get("signing_string").asText().getBytes(UTF_8);
      byte[] sig = CanonicalBase64.decode(c.get("recomputed_signature_b64").asText());
      assertTrue(pub.verify(base, sig), c.get("name").asText());
      // rsa-sha256 is deterministic: signing reproduces the published value.
      assertEquals(c.get("recomputed_signature_b64").asText(), CanonicalBase64.encode(priv.sign(base)));
      checked++;
    }
    assertEquals(3, checked);
  }
}
