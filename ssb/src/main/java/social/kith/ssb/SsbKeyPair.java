package social.kith.ssb;

import java.util.Arrays;
import social.kith.crypto.CryptoException;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;

/**
 * An Ed25519 key pair in libsodium's layout: a 64-byte secret key (32-byte seed followed by the
 * public key), as ssb-keys stores it. Holds private key material: {@link #toString()} shows only
 * the feed id, and equality is identity.
 */
public final class SsbKeyPair {
  private final byte[] secretKey;
  private final FeedId id;

  private SsbKeyPair(byte[] secretKey) {
    this.secretKey = secretKey;
    this.id = FeedId.of(Arrays.copyOfRange(secretKey, 32, 64));
  }

  /** A key pair from libsodium's 64-byte secret key; the caller vouches that its seed matches its public half. */
  public static SsbKeyPair ofSecretKey(byte[] secretKey) {
    if (secretKey == null || secretKey.length != 64) {
      throw new SsbException(SsbError.MALFORMED_SECRET, "an Ed25519 secret key has 64 bytes");
    }
    return new SsbKeyPair(secretKey.clone());
  }

  /** A key pair from a 32-byte seed and its 32-byte public key. */
  public static SsbKeyPair of(byte[] seed, byte[] publicKey) {
    if (seed == null || seed.length != 32 || publicKey == null || publicKey.length != 32) {
      throw new SsbException(SsbError.MALFORMED_SECRET, "a seed and a public key have 32 bytes each");
    }
    byte[] sk = Arrays.copyOf(seed, 64);
    System.arraycopy(publicKey, 0, sk, 32, 32);
    return new SsbKeyPair(sk);
  }

  /** A new random key pair (libsodium's {@code crypto_sign_keypair}, as ssb-keys' {@code generate}). */
  public static SsbKeyPair generate() {
    return new SsbKeyPair(Ed25519.generate().toSodiumSecretKey());
  }

  /**
   * This key as Kith's {@link Ed25519PrivateKey}; {@link SsbError#MALFORMED_SECRET} when the public
   * half does not belong to the seed (a key libsodium would sign wrongly with).
   */
  public Ed25519PrivateKey privateKey() {
    try {
      return Ed25519.fromSodiumSecretKey(secretKey);
    } catch (CryptoException e) {
      throw new SsbException(SsbError.MALFORMED_SECRET, "the public half of the secret key does not match its seed");
    }
  }

  /** A signer with this key ({@link Ed25519Signer#of}). */
  public Ed25519Signer signer() {
    return Ed25519Signer.of(privateKey());
  }

  /** The feed id. */
  public FeedId id() {
    return id;
  }

  /** The 32-byte public key (a copy). */
  public byte[] publicKey() {
    return id.bytes();
  }

  /** The 32-byte seed (a copy): private key material. */
  public byte[] seed() {
    return Arrays.copyOf(secretKey, 32);
  }

  /** The 64-byte libsodium secret key (a copy): private key material. */
  public byte[] secretKey() {
    return secretKey.clone();
  }

  @Override
  public String toString() {
    return "SsbKeyPair[" + id + "]";
  }
}
