package social.kith.core.log;

import java.util.Objects;

/**
 * How an {@link AppendOnlyLog} is opened. Immutable; build with {@link #builder()}, or take
 * {@link #defaults()}: 16 MiB records, {@link Durability#EVERY_RECORD}, {@link RecoveryMode#STRICT}.
 */
public final class LogOptions {
  /** The default cap on one record's payload: 16 MiB. */
  public static final int DEFAULT_MAX_RECORD_SIZE = 16 * 1024 * 1024;
  /** The largest payload the on-disk format allows: 1 GiB. */
  public static final int MAX_RECORD_SIZE_LIMIT = LogFormat.MAX_PAYLOAD;

  private static final LogOptions DEFAULTS = builder().build();

  private final int maxRecordSize;
  private final Durability durability;
  private final RecoveryMode recoveryMode;

  private LogOptions(Builder b) {
    this.maxRecordSize = b.maxRecordSize;
    this.durability = b.durability;
    this.recoveryMode = b.recoveryMode;
  }

  /** The defaults: 16 MiB records, fsync on every append, refuse mid-file corruption. */
  public static LogOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder().maxRecordSize(maxRecordSize).durability(durability).recoveryMode(recoveryMode);
  }

  /**
   * The largest payload {@code append} accepts and {@code read} returns, in bytes. Recovery does
   * not use it: a record written under a larger limit is still recognised as valid, so lowering
   * the limit never truncates data; reading such a record fails with
   * {@link LogError#RECORD_TOO_LARGE}.
   */
  public int maxRecordSize() {
    return maxRecordSize;
  }

  public Durability durability() {
    return durability;
  }

  public RecoveryMode recoveryMode() {
    return recoveryMode;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogOptions other
        && maxRecordSize == other.maxRecordSize
        && durability == other.durability
        && recoveryMode == other.recoveryMode;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxRecordSize, durability, recoveryMode);
  }

  @Override
  public String toString() {
    return "LogOptions[maxRecordSize=" + maxRecordSize + ", durability=" + durability
        + ", recoveryMode=" + recoveryMode + "]";
  }

  /** Collects options; every setter rejects nonsense immediately. */
  public static final class Builder {
    private int maxRecordSize = DEFAULT_MAX_RECORD_SIZE;
    private Durability durability = Durability.EVERY_RECORD;
    private RecoveryMode recoveryMode = RecoveryMode.STRICT;

    private Builder() {}

    /**
     * The payload cap in bytes, from 1 to {@link #MAX_RECORD_SIZE_LIMIT}.
     *
     * @throws IllegalArgumentException outside that range
     */
    public Builder maxRecordSize(int bytes) {
      if (bytes < 1 || bytes > MAX_RECORD_SIZE_LIMIT) {
        throw new IllegalArgumentException(
            "maxRecordSize must be in [1, " + MAX_RECORD_SIZE_LIMIT + "], was " + bytes);
      }
      this.maxRecordSize = bytes;
      return this;
    }

    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /** See {@link RecoveryMode}; anything but {@code STRICT} can discard valid records. */
    public Builder recoveryMode(RecoveryMode recoveryMode) {
      this.recoveryMode = Objects.requireNonNull(recoveryMode, "recoveryMode");
      return this;
    }

    public LogOptions build() {
      return new LogOptions(this);
    }
  }
}
