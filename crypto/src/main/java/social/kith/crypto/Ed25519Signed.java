package social.kith.crypto;

import java.util.Objects;

/**
 * One item for {@link Ed25519#verifyAll}: a public key, a message and a signature claimed to be by
 * that key over that message. The arrays are copied in; the item is immutable.
 */
public final class Ed25519Signed {
  private final Ed25519PublicKey key;
  private final byte[] message;
  private final byte[] signature;

  private Ed25519Signed(Ed25519PublicKey key, byte[] message, byte[] signature) {
    this.key = key;
    this.message = message;
    this.signature = signature;
  }

  /**
   * An item to verify. The signature may have any length (a wrong one is simply invalid).
   *
   * @throws NullPointerException if an argument is null
   */
  public static Ed25519Signed of(Ed25519PublicKey key, byte[] message, byte[] signature) {
    return new Ed25519Signed(Objects.requireNonNull(key, "key"),
        Objects.requireNonNull(message, "message").clone(),
        Objects.requireNonNull(signature, "signature").clone());
  }

  public Ed25519PublicKey key() {
    return key;
  }

  /** A copy of the message. */
  public byte[] message() {
    return message.clone();
  }

  /** A copy of the signature. */
  public byte[] signature() {
    return signature.clone();
  }

  /** The verdict of {@link Ed25519PublicKey#verify} for this item. */
  public boolean verify() {
    return key.verify(message, signature);
  }

  @Override
  public String toString() {
    return "Ed25519Signed[key=" + key + ", message=" + message.length + " bytes, signature="
        + signature.length + " bytes]";
  }
}
