package social.kith.bench.ssb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import social.kith.core.log.Durability;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.ssb.FeedId;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.peer.SsbPeer;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoreOptions;

/**
 * Kith replicating a 20,000-message feed from another Kith peer over loopback: secret handshake,
 * box-stream, muxrpc, {@code createHistoryStream}, validation (signatures included) and storage in
 * a fresh store, per operation. Messages per second = 20,000 / (seconds per operation).
 *
 * <pre>java -jar bench/target/benchmarks.jar ReplicationBenchmark -f 1 -wi 1 -i 3</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReplicationBenchmark {
  static final int MESSAGES = 20_000;

  static SsbKeyPair keys() {
    Ed25519PrivateKey k = Ed25519.generate();
    return SsbKeyPair.of(k.seed(), k.publicKey().bytes());
  }

  /** A serving Kith peer holding the benchmark feed, and an empty store per operation. */
  @State(Scope.Benchmark)
  public static class Peers {
    Path dir;
    SsbStore source;
    SsbPeer server;
    FeedId feed;
    String address;
    SsbStore target;
    SsbPeer client;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      dir = Files.createTempDirectory("kith-repl-bench");
      source = SsbStore.open(dir.resolve("source"), StoreOptions.builder().durability(Durability.EVERY_BATCH).build());
      FeedPublisher p = BenchFeeds.publisher();
      List<SsbMessage> all = new ArrayList<>(MESSAGES);
      for (int i = 0; i < MESSAGES; i++) {
        all.add(BenchFeeds.next(p, i));
      }
      source.appendAll(all);
      feed = p.feedId();
      server = SsbPeer.builder(keys(), source, BlobStore.open(dir.resolve("source-blobs"))).listen("127.0.0.1", 0)
          .autoReplicate(false).build().start();
      address = server.address().orElseThrow();
    }

    @Setup(Level.Invocation)
    public void freshTarget() throws IOException {
      Path t = Files.createTempDirectory(dir, "target");
      target = SsbStore.open(t.resolve("store"), StoreOptions.builder().durability(Durability.EVERY_BATCH).build());
      client = SsbPeer.builder(keys(), target, BlobStore.open(t.resolve("blobs"))).autoReplicate(false).build();
    }

    @TearDown(Level.Invocation)
    public void closeTarget() {
      client.close();
      target.close();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      server.close();
      source.close();
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Replicates the whole feed into an empty store; returns the latest stored sequence. */
  @Benchmark
  public long replicate20kLoopback(Peers p) {
    long latest = p.client.replicateOnce(p.address, List.of(p.feed), Duration.ofMinutes(5)).get(p.feed);
    if (latest != MESSAGES) {
      throw new IllegalStateException("replicated " + latest + " of " + MESSAGES);
    }
    return latest;
  }
}
