package social.kith.ssb.store;

import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import social.kith.core.log.Durability;
import social.kith.crypto.Ed25519;
import social.kith.ssb.MessageValidator;

/**
 * How an {@link SsbStore} is opened. Immutable; {@link #defaults()} validates main-network messages
 * with libsodium-exact Ed25519, forces every append to disk ({@link Durability#EVERY_RECORD}) and
 * imports in chunks of {@value #DEFAULT_BATCH_SIZE} messages, checking the signatures of a batch
 * of at least {@value #PARALLEL_MIN} messages in parallel on a shared pool of daemon threads, one per processor.
 */
public final class StoreOptions {
  /** Messages per {@code appendBatch} in {@link SsbStore#appendAll} by default. */
  public static final int DEFAULT_BATCH_SIZE = 1000;
  /** The largest chunk {@link Builder#batchSize} accepts. */
  public static final int MAX_BATCH_SIZE = 100_000;

  /** The smallest batch of {@link SsbStore#appendAll} whose signatures are checked on {@link #verifyExecutor()}. */
  public static final int PARALLEL_MIN = 16;

  private static final StoreOptions DEFAULTS = builder().build();

  private final MessageValidator validator;
  private final Durability durability;
  private final int batchSize;
  private final InstantSource clock;
  private final Executor verifyExecutor;

  private StoreOptions(Builder b) {
    this.verifyExecutor = b.verifyExecutor;
    this.validator = b.validator;
    this.durability = b.durability;
    this.batchSize = b.batchSize;
    this.clock = b.clock;
  }

  public static StoreOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks every message before it is stored (default: {@link MessageValidator#mainNet()}, whose
   * verdicts are {@link Ed25519#verify}'s, with each feed's decoded key cached).
   */
  public MessageValidator validator() {
    return validator;
  }

  /** When appends reach the disk (default {@link Durability#EVERY_RECORD}). */
  public Durability durability() {
    return durability;
  }

  /** Messages per atomic chunk of {@link SsbStore#appendAll}. */
  public int batchSize() {
    return batchSize;
  }

  /** The clock for receive times. */
  public InstantSource clock() {
    return clock;
  }

  /**
   * Where {@link SsbStore#appendAll} serialises, hashes and verifies the signatures of a batch
   * before it judges the messages in order. The default is one pool shared by every store, with a daemon
   * thread per processor (not the common fork-join pool, which has a single worker on two processors);
   * the store never shuts an executor down.
   */
  public Executor verifyExecutor() {
    return verifyExecutor;
  }

  @Override
  public String toString() {
    return "StoreOptions[durability=" + durability + ", batchSize=" + batchSize
        + ", hmac=" + validator.hmacKey().isPresent() + "]";
  }

  /** Collects options; setters refuse nonsense immediately. Not thread-safe. */
  public static final class Builder {
    private MessageValidator validator = MessageValidator.mainNet();
    private Durability durability = Durability.EVERY_RECORD;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private InstantSource clock = InstantSource.system();
    private Executor verifyExecutor = VerifyPool.POOL;

    private Builder() {}

    /** The validator, e.g. {@link MessageValidator#withHmacKey} for a test network. */
    public Builder validator(MessageValidator validator) {
      this.validator = Objects.requireNonNull(validator, "validator");
      return this;
    }

    /** See {@link Durability}; {@link Durability#EVERY_BATCH} suits bulk imports with {@link SsbStore#appendAll}. */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /** Messages per atomic chunk of {@link SsbStore#appendAll}, 1 to {@value #MAX_BATCH_SIZE}. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
        throw new IllegalArgumentException("batchSize must be in [1, " + MAX_BATCH_SIZE + "], was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** See {@link StoreOptions#verifyExecutor()}; {@code Runnable::run} checks batches on the calling thread. */
    public Builder verifyExecutor(Executor executor) {
      this.verifyExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public StoreOptions build() {
      return new StoreOptions(this);
    }
  }

  /** The default {@link #verifyExecutor()}, created when first used. */
  private static final class VerifyPool {
    static final ExecutorService POOL;

    static {
      AtomicInteger n = new AtomicInteger();
      POOL = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
        Thread t = new Thread(r, "kith-ssb-verify-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }

    private VerifyPool() { }
  }
}
