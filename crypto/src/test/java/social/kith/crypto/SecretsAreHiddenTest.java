package social.kith.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import social.kith.crypto.encoding.Base64Url;
import social.kith.crypto.encoding.CanonicalBase64;
import social.kith.crypto.encoding.Hex;

/** E5: private keys never appear in toString, equals or error messages. */
class SecretsAreHiddenTest {
  /** Text forms of {@code secret} that must not appear: hex, base64, base64url, decimal, and their fragments. */
  static List<String> forms(byte[] secret) {
    List<String> out = new ArrayList<>();
    out.add(Hex.encode(secret));
    out.add(Hex.encode(secret).toUpperCase(java.util.Locale.ROOT));
    out.add(CanonicalBase64.encode(secret));
    out.add(Base64Url.encode(secret));
    out.add(new BigInteger(1, secret).toString());
    out.add(new BigInteger(1, secret).toString(16));
    out.add(java.util.Arrays.toString(secret));
    List<String> fragments = new ArrayList<>();
    for (String f : out) {
      if (f.length() > 24) {
        fragments.add(f.substring(0, 12));
        fragments.add(f.substring(f.length() / 2, f.length() / 2 + 12));
      }
    }
    out.addAll(fragments);
    return out;
  }

  static void assertHidden(String text, byte[] secret) {
    for (String f : forms(secret)) {
      assertFalse(text.contains(f), "secret form '" + f + "' leaked in: " + text);
    }
  }

  static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  @Test
  void rsaPrivateKey() {
    RsaPrivateKey k = RsaTest.KEY;
    Map<String, String> jwk = Jwk.parse(Jwk.writePrivateKey(k));
    for (String m : new String[] {"d", "p", "q", "dp", "dq", "qi"}) {
      assertHidden(k.toString(), Base64Url.decode(jwk.get(m)));
    }
    assertEquals("RsaPrivateKey[2048 bits, key material hidden]", k.toString());
    RsaPrivateKey same = Jwk.rsaPrivateKey(Jwk.writePrivateKey(k));
    assertNotEquals(k, same, "private keys compare by identity only");
    assertEquals(k.verifyingKey(), same.verifyingKey());
  }

  @Test
  void ecdsaPrivateKey() {
    EcdsaPrivateKey k = EcdsaKeys.generate();
    byte[] d = k.scalar();
    assertHidden(k.toString(), d);
    assertNotEquals(k, Jwk.ecdsaPrivateKey(Jwk.writePrivateKey(k)));
  }

  @Test
  void hmacKey() {
    byte[] secret = new byte[32];
    new java.security.SecureRandom().nextBytes(secret);
    HmacSha256Key k = HmacSha256Key.of(secret);
    assertHidden(k.toString(), secret);
    assertNotEquals(k, HmacSha256Key.of(secret));
    secret[0] ^= 1; // the key holds its own copy
    assertFalse(k.verify(new byte[0], Hmac.sha256(secret, new byte[0])));
  }

  @Test
  void errorsAboutPrivateKeysCarryNoKeyMaterial() {
    Map<String, String> jwk = new java.util.HashMap<>(Jwk.parse(Jwk.writePrivateKey(RsaTest.KEY)));
    byte[] d = Base64Url.decode(jwk.get("d"));
    String dp = jwk.get("dp");
    jwk.put("dp", jwk.get("dq"));
    jwk.put("dq", dp);
    CryptoException e = assertThrows(CryptoException.class, () -> Jwk.rsaPrivateKey(jwk, RsaKeys.strict()));
    assertHidden(e.getMessage(), d);
    assertHidden(e.getMessage(), Base64Url.decode(dp));
    String pem = Pem.writePkcs8(RsaTest.KEY);
    String broken = pem.replace("-----END PRIVATE KEY-----\n", "");
    CryptoException e2 = assertThrows(CryptoException.class, () -> Pem.rsaPrivateKey(broken));
    assertFalse(e2.getMessage().contains(pem.split("\n")[5]), e2.getMessage());
    assertEquals(CryptoException.Reason.MALFORMED_PEM, e2.reason());
  }
}
