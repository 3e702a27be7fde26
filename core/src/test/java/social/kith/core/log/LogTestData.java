package social.kith.core.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Deterministic payloads and small file helpers shared by the log tests. */
final class LogTestData {
  static final int FILE_HEADER = 16;
  static final int RECORD_HEADER = 8;

  private LogTestData() {}

  /** The payload for sequence number {@code seq}: its size and bytes depend only on {@code seq}. */
  static byte[] payload(long seq, int maxSize) {
    SplittableRandom r = new SplittableRandom(seq * 0x9E3779B97F4A7C15L + 17);
    int size = seq % 5 == 0 ? (int) (seq % 3) : r.nextInt(maxSize + 1);
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  /** A log file with the given payloads appended one by one, closed. Returns their offsets. */
  static List<Long> writeLog(Path file, List<byte[]> payloads) {
    List<Long> offsets = new ArrayList<>();
    try (AppendOnlyLog log = AppendOnlyLog.open(file, LogOptions.builder().durability(Durability.ON_CLOSE).build())) {
      for (byte[] p : payloads) {
        offsets.add(log.append(p));
      }
    }
    return offsets;
  }

  static List<byte[]> payloads(int count, int maxSize) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(payload(i, maxSize));
    }
    return out;
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static void write(Path file, byte[] content) {
    try {
      Files.write(file, content);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Captures what {@link AppendOnlyLog} logs through System.Logger (backed by java.util.logging). */
  static final class RecordingLogHandler extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger(AppendOnlyLog.class.getName());
    private final List<String> warnings = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    private final boolean parentHandlers = logger.getUseParentHandlers();

    /** Installs itself and keeps the expected warnings off the console while installed. */
    RecordingLogHandler() {
      logger.addHandler(this);
      logger.setUseParentHandlers(false);
    }

    @Override
    public synchronized void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        warnings.add(formatter.formatMessage(record));
      }
    }

    synchronized List<String> warnings() {
      return List.copyOf(warnings);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
      logger.setUseParentHandlers(parentHandlers);
    }
  }
}
