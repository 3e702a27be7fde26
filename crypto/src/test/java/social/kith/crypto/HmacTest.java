package social.kith.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import social.kith.crypto.encoding.Hex;

class HmacTest {
  private static byte[] repeat(int b, int n) {
    byte[] out = new byte[n];
    Arrays.fill(out, (byte) b);
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(US_ASCII);
  }

  /** RFC 4231 section 4: test cases 1 to 7 (case 5's outputs are truncated to 128 bits). */
  static Stream<Arguments> rfc4231() {
    byte[] key4 = new byte[25];
    for (int i = 0; i < 25; i++) {
      key4[i] = (byte) (i + 1);
    }
    return Stream.of(
        Arguments.of(1, repeat(0x0b, 20), ascii("Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"),
        Arguments.of(2, ascii("Jefe"), ascii("what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
        Arguments.of(3, repeat(0xaa, 20), repeat(0xdd, 50),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
            "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
                + "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"),
        Arguments.of(4, key4, repeat(0xcd, 50),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
            "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
                + "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"),
        Arguments.of(5, repeat(0x0c, 20), ascii("Test With Truncation"),
            "a3b6167473100ee06e0c796c2955552b",
            "415fad6271580a531d4179bc891d87a6"),
        Arguments.of(6, repeat(0xaa, 131),
            ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
                + "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"),
        Arguments.of(7, repeat(0xaa, 131),
            ascii("This is a test using a larger than block-size key and a larger than block-size"
                + " data. The key needs to be hashed before being used by the HMAC algorithm."),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
                + "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"));
  }

  @ParameterizedTest(name = "RFC 4231 test case {0}")
  @MethodSource("rfc4231")
  void rfc4231(int testCase, byte[] key, byte[] data, String sha256, String sha512) {
    byte[] m256 = Hmac.sha256(key, data);
    byte[] m512 = Hmac.sha512(key, data);
    if (testCase == 5) {
      assertEquals(sha256, Hex.encode(Arrays.copyOf(m256, 16)));
      assertEquals(sha512, Hex.encode(Arrays.copyOf(m512, 16)));
      // A truncated tag is not a valid full tag.
      assertFalse(Hmac.verifySha256(key, data, Hex.decode(sha256)));
    } else {
      assertEquals(sha256, Hex.encode(m256));
      assertEquals(sha512, Hex.encode(m512));
      assertTrue(Hmac.verifySha256(key, data, Hex.decode(sha256)));
      assertTrue(Hmac.verifySha512(key, data, Hex.decode(sha512)));
    }
  }

  /**
   * Wycheproof HMAC-SHA-256. Cases with a tag shorter than 256 bits are checked as truncated MACs
   * (the prefix comparison Wycheproof intends); {@link Hmac#verifySha256} itself accepts only
   * full tags, which is checked separately.
   */
  @Test
  void wycheproofHmacSha256() {
    int checked = 0;
    for (Wycheproof.Case c : Wycheproof.cases("hmac_sha256_test.json")) {
      byte[] key = c.hex("key");
      byte[] msg = c.hex("msg");
      byte[] tag = c.hex("tag");
      int tagBytes = c.group().get("tagSize").asInt() / 8;
      byte[] full = Hmac.sha256(key, msg);
      boolean ok = ConstantTime.equals(Arrays.copyOf(full, tagBytes), tag);
      assertEquals(c.result().equals("valid"), ok, c.toString());
      if (tagBytes == 32) {
        assertEquals(ok, Hmac.verifySha256(key, msg, tag), c.toString());
      } else {
        assertFalse(Hmac.verifySha256(key, msg, tag), c.toString());
      }
      checked++;
    }
    assertTrue(checked > 100);
  }

  @Test
  void emptyKeyIsTheZeroBlockKey() {
    assertArrayEquals(Hmac.sha256(new byte[64], ascii("x")), Hmac.sha256(new byte[0], ascii("x")));
  }

  @Test
  void verifyRejectsNullAndWrongLengthTags() {
    byte[] key = repeat(1, 32);
    byte[] tag = Hmac.sha256(key, ascii("m"));
    assertFalse(Hmac.verifySha256(key, ascii("m"), null));
    assertFalse(Hmac.verifySha256(key, ascii("m"), Arrays.copyOf(tag, 31)));
    assertFalse(Hmac.verifySha256(key, ascii("m"), Arrays.copyOf(tag, 33)));
  }
}
