package social.kith.crypto.encoding;

import social.kith.crypto.CryptoException;
import social.kith.crypto.CryptoException.Reason;

/**
 * {@code did:key} identifiers for Ed25519 public keys: {@code did:key:z} + base58btc of
 * {@code 0xed 0x01} followed by the 32-byte key, which always starts {@code did:key:z6Mk}.
 */
public final class DidKey {
  private DidKey() {}

  /** The scheme and method prefix. */
  public static final String PREFIX = "did:key:";

  /** The {@code did:key} of a 32-byte Ed25519 public key. */
  public static String formatEd25519(byte[] publicKey) {
    if (publicKey == null || publicKey.length != 32) {
      throw new CryptoException(Reason.INVALID_LENGTH, "an Ed25519 public key is 32 bytes");
    }
    return PREFIX + Multibase.encode(Multibase.Base.BASE58BTC,
        Multicodec.prefix(Multicodec.ED25519_PUB, publicKey));
  }

  /**
   * The 32-byte Ed25519 public key named by {@code did}. A fragment is accepted only when it
   * repeats the key ({@code did:key:z6Mk...#z6Mk...}, a verification method id).
   *
   * @throws CryptoException with {@link Reason#MALFORMED_ENCODING} for text that is not a
   *     base58btc {@code did:key}, {@link Reason#UNSUPPORTED_KEY} for another key type, and
   *     {@link Reason#INVALID_LENGTH} for a key that is not 32 bytes
   */
  public static byte[] parseEd25519(String did) {
    if (did == null || !did.startsWith(PREFIX)) {
      throw new CryptoException(Reason.MALFORMED_ENCODING, "not a did:key");
    }
    String id = did.substring(PREFIX.length());
    int hash = id.indexOf('#');
    if (hash >= 0) {
      String fragment = id.substring(hash + 1);
      id = id.substring(0, hash);
      if (!fragment.equals(id)) {
        throw new CryptoException(Reason.MALFORMED_ENCODING, "did:key fragment does not repeat the key");
      }
    }
    if (id.length() > 128) {
      throw new CryptoException(Reason.INVALID_LENGTH, "did:key identifier is too long");
    }
    byte[] prefixed = Multibase.decode(Multibase.Base.BASE58BTC, id);
    byte[] key = Multicodec.strip(Multicodec.ED25519_PUB, prefixed);
    if (key.length != 32) {
      throw new CryptoException(Reason.INVALID_LENGTH,
          "did:key Ed25519 key is " + key.length + " bytes, not 32");
    }
    return key;
  }
}
