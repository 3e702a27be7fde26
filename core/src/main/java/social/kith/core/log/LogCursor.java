package social.kith.core.log;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Sequential reading from an {@link AppendOnlyLog}, one verified record at a time. Live: a cursor
 * that reached the end sees records appended afterwards. Not thread-safe (give each reader its
 * own); many cursors may read one log concurrently.
 */
public final class LogCursor implements Iterator<LogEntry> {
  private final AppendOnlyLog log;
  private int index;
  private LogEntry next;

  LogCursor(AppendOnlyLog log, int index) {
    this.log = log;
    this.index = index;
  }

  /**
   * Whether a record is available now.
   *
   * @throws LogException {@link LogError#CLOSED}, or as {@link AppendOnlyLog#read(long)}
   */
  @Override
  public boolean hasNext() {
    if (next == null) {
      next = log.entryOrNull(index);
    }
    return next != null;
  }

  /**
   * The next record.
   *
   * @throws NoSuchElementException if none is available now
   */
  @Override
  public LogEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no record after index " + index + " yet");
    }
    LogEntry e = next;
    next = null;
    index++;
    return e;
  }

  /** The offset of the next record to return (the log's end offset if none is available yet). */
  public long position() {
    return hasNext() ? next.offset() : log.endOffset();
  }
}
