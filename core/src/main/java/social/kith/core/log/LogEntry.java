package social.kith.core.log;

import java.util.Arrays;

/**
 * One record read from a log: where it starts, where the next one starts, and its payload.
 * Immutable: the payload is copied in and out.
 */
public final class LogEntry {
  private final long offset;
  private final long nextOffset;
  private final byte[] payload;

  LogEntry(long offset, long nextOffset, byte[] payload) {
    this.offset = offset;
    this.nextOffset = nextOffset;
    this.payload = payload; // freshly read; never shared
  }

  /** The offset {@code append} returned for this record. */
  public long offset() {
    return offset;
  }

  /** The offset of the record after this one (or the log's end offset if this is the last). */
  public long nextOffset() {
    return nextOffset;
  }

  /** A copy of the payload. */
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload length in bytes. */
  public int size() {
    return payload.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogEntry other
        && offset == other.offset
        && nextOffset == other.nextOffset
        && Arrays.equals(payload, other.payload); // not secret: record payload
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(offset) + Arrays.hashCode(payload);
  }

  /** Offsets and size only: payloads may be private. */
  @Override
  public String toString() {
    return "LogEntry[offset=" + offset + ", size=" + payload.length + "]";
  }
}
