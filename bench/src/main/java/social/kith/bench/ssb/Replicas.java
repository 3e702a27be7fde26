package social.kith.bench.ssb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.Hashes;
import social.kith.ssb.FeedId;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.FeedState;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.peer.ReplicationMode;
import social.kith.ssb.peer.SsbPeer;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoreOptions;

/**
 * The pieces of the replication benchmark shared by {@link ReplicationRun} and
 * {@link ReplicationMemory}: the benchmark feed, a Kith source peer, and one timed replication into
 * a fresh follower (new keys, empty store and blob store, default {@link StoreOptions}).
 */
final class Replicas {
  private Replicas() {}

  /** How long one replication may take before the run fails. */
  static final Duration TIMEOUT = Duration.ofMinutes(10);

  /** The key pair of the benchmark feed's author (seed {@code sha256("kith-bench-feed")}, as in {@link BenchFeeds}). */
  static SsbKeyPair authorKeys() {
    byte[] seed = Hashes.sha256("kith-bench-feed".getBytes(StandardCharsets.UTF_8));
    return SsbKeyPair.of(seed, Ed25519.fromSeed(seed).publicKey().bytes());
  }

  static SsbKeyPair freshKeys() {
    Ed25519PrivateKey k = Ed25519.generate();
    return SsbKeyPair.of(k.seed(), k.publicKey().bytes());
  }

  /** The first {@code count} messages of the benchmark feed. */
  static List<SsbMessage> feed(int count) {
    FeedPublisher p = BenchFeeds.publisher();
    List<SsbMessage> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      all.add(BenchFeeds.next(p, i));
    }
    return all;
  }

  /** A store holding the first {@code count} messages of the benchmark feed, imported in chunks. */
  static SsbStore sourceStore(Path dir, int count) {
    SsbStore store = SsbStore.open(dir, StoreOptions.defaults());
    FeedPublisher p = BenchFeeds.publisher();
    int chunk = 10_000;
    for (int from = 0; from < count; from += chunk) {
      List<SsbMessage> part = new ArrayList<>(chunk);
      for (int i = from; i < Math.min(count, from + chunk); i++) {
        part.add(BenchFeeds.next(p, i));
      }
      store.appendAll(part);
    }
    return store;
  }

  /** A Kith peer serving {@code store} as the author of the benchmark feed, listening on 127.0.0.1. */
  static SsbPeer sourcePeer(SsbStore store, Path blobs, ReplicationMode mode) {
    return SsbPeer.builder(authorKeys(), store, BlobStore.open(blobs)).listen("127.0.0.1", 0).hops(0)
        .replication(mode).build().start();
  }

  /** What one replication into a fresh follower took, and what it stored. */
  record Result(double seconds, long sequence, String lastId) {
    double rate(int messages) {
      return messages / seconds;
    }
  }

  /**
   * Replicates {@code feed} up to {@code sequence} from the peer at {@code address} into a fresh
   * follower under {@code dir} (removed afterwards): the clock runs from the dial to the follower
   * having stored {@code sequence}; opening the empty store and closing it afterwards are not timed.
   */
  static Result replicateOnce(Path dir, String address, FeedId feed, long sequence, ReplicationMode mode)
      throws IOException {
    Path d = Files.createTempDirectory(dir, "follower");
    try {
      try (SsbStore store = SsbStore.open(d.resolve("store"), StoreOptions.defaults())) {
        double seconds;
        try (SsbPeer peer = SsbPeer.builder(freshKeys(), store, BlobStore.open(d.resolve("blobs"))).follow(feed)
            .hops(0).replication(mode).build().start()) {
          long start = System.nanoTime();
          peer.connect(address);
          if (!peer.awaitSequence(feed, sequence, TIMEOUT)) {
            throw new IllegalStateException("sequence " + sequence + " of " + feed + " not stored within " + TIMEOUT
                + "; have " + store.feedState(feed).map(FeedState::sequence).orElse(0));
          }
          seconds = (System.nanoTime() - start) / 1e9;
        }
        FeedState state = store.feedState(feed).orElseThrow();
        return new Result(seconds, state.sequence(), state.latest().toString());
      }
    } finally {
      delete(d);
    }
  }

  static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
