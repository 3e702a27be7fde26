package social.kith.bench.ssb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import social.kith.core.feed.FeedPage;
import social.kith.core.log.Durability;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.Hashes;
import social.kith.ssb.Ed25519Signer;
import social.kith.ssb.FeedState;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.store.PageRequest;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoreOptions;
import social.kith.ssb.store.StoredMessage;

/**
 * The SSB store: append with validation and indexing (bulk import under {@code EVERY_BATCH}, single
 * appends under {@code EVERY_RECORD}), read-back, and opening a 100k-message store (which rebuilds
 * every index from the log). Messages are pre-signed; each append verifies its Ed25519 signature.
 * Throughput figures are messages per second.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar StoreBenchmark -f 1 -wi 1 -i 3 -w 1s -r 1s}
 */
public class StoreBenchmark {
  /** Messages in the pre-signed feed. */
  public static final int FEED = 20_000;
  /** Single appends per invocation (each one an fsync). */
  public static final int SINGLE = 1_000;
  /** Messages in the store that {@link #open100k} opens: five feeds of {@link #FEED}. */
  public static final int OPEN_FEEDS = 5;

  static List<SsbMessage> feed(String name, int n) {
    Ed25519PrivateKey key = Ed25519.fromSeed(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8)));
    byte[] pub = key.publicKey().bytes();
    Ed25519Signer signer = new Ed25519Signer() {
      @Override
      public byte[] publicKey() {
        return pub.clone();
      }

      @Override
      public byte[] sign(byte[] message) {
        return key.sign(message);
      }
    };
    List<SsbMessage> out = new ArrayList<>(n);
    Optional<FeedState> state = Optional.empty();
    for (int i = 0; i < n; i++) {
      JsonObject content = JsonObject.builder().put("type", i % 10 == 0 ? "vote" : "post")
          .put("text", "message " + i + " of a benchmark feed, long enough to look like a short post").build();
      SsbMessage m = SsbMessage.create(state, signer, Optional.empty(), content, 1_700_000_000_000.0 + i);
      state = Optional.of(new FeedState(m.id(), m.sequence(), m.timestamp()));
      out.add(m);
    }
    return out;
  }

  static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pre-signed feed. */
  @State(Scope.Benchmark)
  public static class Messages {
    List<SsbMessage> feed;

    @Setup(Level.Trial)
    public void sign() {
      feed = feed("bench-feed", FEED);
    }
  }

  /** A fresh, empty store per invocation. */
  @State(Scope.Thread)
  public static class Fresh {
    Path dir;

    @Setup(Level.Invocation)
    public void create() throws IOException {
      dir = Files.createTempDirectory("kith-store-bench");
    }

    @TearDown(Level.Invocation)
    public void remove() {
      delete(dir);
    }
  }

  /** A store holding the pre-signed feed, for read-back. */
  @State(Scope.Benchmark)
  public static class Filled {
    Path dir;
    SsbStore store;
    social.kith.ssb.FeedId author;

    @Setup(Level.Trial)
    public void fill(Messages m) throws IOException {
      dir = Files.createTempDirectory("kith-store-bench-read");
      store = SsbStore.open(dir, StoreOptions.builder().durability(Durability.EVERY_BATCH).build());
      store.appendAll(m.feed);
      author = m.feed.get(0).author();
    }

    @TearDown(Level.Trial)
    public void remove() {
      store.close();
      delete(dir);
    }
  }

  /** A closed store of 100k messages (five feeds). */
  @State(Scope.Benchmark)
  public static class Large {
    Path dir;

    @Setup(Level.Trial)
    public void fill() throws IOException {
      dir = Files.createTempDirectory("kith-store-bench-open");
      try (SsbStore store = SsbStore.open(dir, StoreOptions.builder().durability(Durability.EVERY_BATCH).build())) {
        for (int f = 0; f < OPEN_FEEDS; f++) {
          store.appendAll(feed("bench-open-" + f, FEED));
        }
      }
    }

    @TearDown(Level.Trial)
    public void remove() {
      delete(dir);
    }
  }

  /** Bulk import of the 20k feed into a fresh store: validate, one appendBatch per 1000, index. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(FEED)
  public Object importEveryBatch(Messages m, Fresh fresh) {
    try (SsbStore store = SsbStore.open(fresh.dir, StoreOptions.builder().durability(Durability.EVERY_BATCH).build())) {
      return store.appendAll(m.feed);
    }
  }

  /** One append (validate, write, fsync, index) per message, for the first {@value #SINGLE} messages. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(SINGLE)
  public void appendEveryRecord(Messages m, Fresh fresh, Blackhole bh) {
    try (SsbStore store = SsbStore.open(fresh.dir, StoreOptions.builder().durability(Durability.EVERY_RECORD).build())) {
      for (int i = 0; i < SINGLE; i++) {
        bh.consume(store.append(m.feed.get(i)));
      }
    }
  }

  /** Reads the whole 20k feed back, oldest first, in pages of 1000. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(FEED)
  public void readBack(Filled filled, Blackhole bh) {
    PageRequest page = PageRequest.oldestFirst().limit(PageRequest.MAX_LIMIT);
    while (true) {
      FeedPage<StoredMessage> p = filled.store.byFeed(filled.author, page);
      for (StoredMessage s : p.items()) {
        bh.consume(s);
      }
      if (p.next().isEmpty()) {
        return;
      }
      page = page.after(p.next().get());
    }
  }

  /** Opens (rebuilding every index from the log) and closes a 100k-message store. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long open100k(Large large) {
    try (SsbStore store = SsbStore.open(large.dir, StoreOptions.defaults())) {
      return store.latestSequences().size();
    }
  }
}
