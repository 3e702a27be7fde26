package social.kith.ssb.shs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import social.kith.crypto.Ed25519PublicKey;
import social.kith.ssb.FeedId;

/**
 * Long-term public keys of recent peers, decoded once. A handshake needs the peer's Ed25519 point
 * (to verify its signature) and its X25519 form (for a Diffie-Hellman), and libsodium's conversion
 * includes a prime-subgroup check that costs a full scalar multiplication; SSB peers reconnect to the
 * same pubs and friends all day, so a reconnecting peer skips both. Public data only, bounded, and a
 * key is remembered only after its owner completed a handshake, so strangers cannot churn the cache.
 */
final class PeerKeys {
  private PeerKeys() {}

  /** Enough for a busy pub's regular peers; each entry holds a few kilobytes of tables at most. */
  static final int CAPACITY = 2048;

  private static final Cache<FeedId, Ed25519PublicKey> KEYS =
      Caffeine.newBuilder().maximumSize(CAPACITY).build();

  /** The key object for {@code peer}: the one from an earlier handshake, or a fresh one. */
  static Ed25519PublicKey of(FeedId peer) {
    Ed25519PublicKey known = KEYS.getIfPresent(peer);
    return known != null ? known : Ed25519PublicKey.of(peer.bytes());
  }

  /** Keeps {@code key} for the next handshake with {@code peer}, who has just proved it holds it. */
  static void remember(FeedId peer, Ed25519PublicKey key) {
    KEYS.put(peer, key);
  }
}
