package social.kith.crypto.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import social.kith.crypto.CryptoException;
import social.kith.crypto.CryptoException.Reason;

class DidKeyTest {
  /** The did:key spec's Ed25519 example and its public key. */
  static final String DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
  static final String KEY_HEX = "2e6fcce36701dc791488e0d0b1745cc1e33a4c1c9fcc41c63bd343dbbe0970e6";

  @Test
  void formatsAndParsesTheSpecExample() {
    byte[] key = DidKey.parseEd25519(DID);
    assertEquals(KEY_HEX, Hex.encode(key));
    assertEquals(DID, DidKey.formatEd25519(key));
    assertArrayEquals(key, DidKey.parseEd25519(DID + "#" + DID.substring(DidKey.PREFIX.length())));
  }

  @Test
  void everyEd25519DidKeyStartsZ6Mk() {
    byte[] key = new byte[32];
    for (int i = 0; i < 256; i += 17) {
      key[0] = (byte) i;
      key[31] = (byte) ~i;
      assertTrue(DidKey.formatEd25519(key).startsWith("did:key:z6Mk"));
    }
  }

  @Test
  void typedErrors() {
    String id = DID.substring(DidKey.PREFIX.length());
    assertEquals(Reason.MALFORMED_ENCODING, reason("did:web:example.com"));
    assertEquals(Reason.MALFORMED_ENCODING, reason(null));
    assertEquals(Reason.MALFORMED_ENCODING, reason("did:key:"));
    assertEquals(Reason.MALFORMED_ENCODING, reason("did:key:u" + id.substring(1)));
    assertEquals(Reason.MALFORMED_ENCODING, reason("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do0"));
    assertEquals(Reason.MALFORMED_ENCODING, reason(DID + "#other"));
    // X25519 codec (0xec): a well-formed did:key of the wrong key type.
    byte[] x = Multicodec.prefix(Multicodec.X25519_PUB, new byte[32]);
    assertEquals(Reason.UNSUPPORTED_KEY, reason("did:key:" + Multibase.encode(Multibase.Base.BASE58BTC, x)));
    byte[] shortKey = Multicodec.prefix(Multicodec.ED25519_PUB, new byte[31]);
    assertEquals(Reason.INVALID_LENGTH, reason("did:key:" + Multibase.encode(Multibase.Base.BASE58BTC, shortKey)));
    byte[] longKey = Multicodec.prefix(Multicodec.ED25519_PUB, new byte[33]);
    assertEquals(Reason.INVALID_LENGTH, reason("did:key:" + Multibase.encode(Multibase.Base.BASE58BTC, longKey)));
    assertEquals(Reason.INVALID_LENGTH, reason("did:key:z" + "2".repeat(5000)));
    assertEquals(Reason.INVALID_LENGTH, assertThrows(CryptoException.class,
        () -> DidKey.formatEd25519(new byte[31])).reason());
  }

  private static Reason reason(String did) {
    return assertThrows(CryptoException.class, () -> DidKey.parseEd25519(did)).reason();
  }
}
