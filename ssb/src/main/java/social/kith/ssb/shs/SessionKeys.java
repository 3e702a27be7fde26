package social.kith.ssb.shs;

import java.util.Objects;
import social.kith.ssb.FeedId;

/**
 * What a completed handshake yields: the authenticated peer and the box-stream keys and starting
 * nonces for each direction. Holds secrets: accessors return copies and {@link #toString()} names
 * only the peer. Immutable.
 */
public final class SessionKeys {
  private final FeedId peer;
  private final byte[] encryptionKey;
  private final byte[] encryptionNonce;
  private final byte[] decryptionKey;
  private final byte[] decryptionNonce;

  SessionKeys(FeedId peer, byte[] encryptionKey, byte[] encryptionNonce, byte[] decryptionKey,
      byte[] decryptionNonce) {
    this.peer = Objects.requireNonNull(peer, "peer");
    this.encryptionKey = encryptionKey;
    this.encryptionNonce = encryptionNonce;
    this.decryptionKey = decryptionKey;
    this.decryptionNonce = decryptionNonce;
  }

  /** The peer's long-term identity, proven by the handshake. */
  public FeedId peer() {
    return peer;
  }

  /** Key for what we send (32 bytes, a copy). */
  public byte[] encryptionKey() {
    return encryptionKey.clone();
  }

  /** First nonce for what we send (24 bytes, a copy). */
  public byte[] encryptionNonce() {
    return encryptionNonce.clone();
  }

  /** Key for what we receive (32 bytes, a copy). */
  public byte[] decryptionKey() {
    return decryptionKey.clone();
  }

  /** First nonce for what we receive (24 bytes, a copy). */
  public byte[] decryptionNonce() {
    return decryptionNonce.clone();
  }

  @Override
  public String toString() {
    return "SessionKeys[peer=" + peer + "]";
  }
}
