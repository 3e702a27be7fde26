package social.kith.core.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what a {@link System.Logger} logs (which goes to {@code java.util.logging} by default)
 * under one logger name. Use with try-with-resources so the handler is removed again.
 */
public final class RecordingLogHandler extends Handler implements AutoCloseable {
  private final Logger logger;
  private final Level previousLevel;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private RecordingLogHandler(String loggerName) {
    this.logger = Logger.getLogger(loggerName);
    this.previousLevel = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(this);
  }

  /** Starts recording the logger {@code loggerName} (and its children). */
  public static RecordingLogHandler attach(String loggerName) {
    return new RecordingLogHandler(loggerName);
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  /** Records at {@code level} or above. */
  public List<LogRecord> records(Level level) {
    return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue()).toList();
  }

  /** Every message text (formatted) and thrown exception text, for leak checks. */
  public String allText() {
    StringBuilder sb = new StringBuilder();
    for (LogRecord r : records) {
      sb.append(r.getMessage()).append('\n');
      if (r.getThrown() != null) {
        sb.append(r.getThrown()).append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previousLevel);
  }
}
