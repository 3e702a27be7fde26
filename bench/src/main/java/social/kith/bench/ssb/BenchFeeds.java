package social.kith.bench.ssb;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Hashes;
import social.kith.ssb.Ed25519Signer;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.json.JsonObject;

/**
 * The benchmark feed: one author whose key is the seed {@code sha256("kith-bench-feed")}, posts
 * {@code "Benchmark message #i: ..."} with timestamps from 1.7e12 ms, the same feed
 * {@code bench/anchors/ssb-validate-bench.mjs} builds with ssb-keys.
 */
final class BenchFeeds {
  private BenchFeeds() {}

  static final String TEXT = ": the quick brown fox jumps over the lazy dog, while Kith validates a classic SSB feed.";

  static FeedPublisher publisher() {
    Ed25519Signer signer = Ed25519Signer.of(Ed25519.fromSeed(Hashes.sha256("kith-bench-feed".getBytes(StandardCharsets.UTF_8))));
    return FeedPublisher.builder().signer(signer)
        .clock(InstantSource.fixed(Instant.ofEpochMilli(1_700_000_000_000L))).build();
  }

  static SsbMessage next(FeedPublisher publisher, int i) {
    return publisher.publish(JsonObject.builder().put("type", "post").put("text", "Benchmark message #" + i + TEXT).build());
  }
}
