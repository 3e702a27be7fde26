package social.kith.bench.ssb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.FeedState;
import social.kith.ssb.MessageValidator;
import social.kith.ssb.ValidationResult;
import social.kith.ssb.json.JsonValue;

/**
 * Classic message validation throughput (messages/s, reported as ops/s) on one 20,000-message feed
 * signed with a fixed key: message by message, {@code validateFeed} on one thread, and
 * {@code validateFeed} on all cores. Anchor: {@code node bench/anchors/ssb-validate-bench.mjs}
 * (ssb-validate 4.1.4 on sodium-native over the same feed).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(1)
public class ValidationBenchmark {
  static final int MESSAGES = 20_000;

  List<JsonValue> feed;
  MessageValidator validator;
  ExecutorService allCores;

  @Setup(Level.Trial)
  public void setUp() {
    FeedPublisher publisher = BenchFeeds.publisher();
    feed = new ArrayList<>(MESSAGES);
    for (int i = 0; i < MESSAGES; i++) {
      feed.add(BenchFeeds.next(publisher, i).value());
    }
    validator = MessageValidator.mainNet();
    allCores = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    MessageValidator.FeedValidation check = validator.validateFeed(Optional.empty(), feed, allCores);
    if (check.validCount() != MESSAGES) {
      throw new IllegalStateException("the benchmark feed does not validate: " + check.validCount());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    allCores.shutdown();
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void oneByOne(Blackhole bh) {
    Optional<FeedState> state = Optional.empty();
    for (JsonValue m : feed) {
      ValidationResult r = validator.validate(state, m);
      state = Optional.of(((ValidationResult.Valid) r).state());
    }
    bh.consume(state);
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public MessageValidator.FeedValidation feedSingleThread() {
    return validator.validateFeed(Optional.empty(), feed, Runnable::run);
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public MessageValidator.FeedValidation feedAllCores() {
    return validator.validateFeed(Optional.empty(), feed, allCores);
  }
}
