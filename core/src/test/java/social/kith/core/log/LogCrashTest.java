package social.kith.core.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at arbitrary points and checks that every append it
 * acknowledged survives intact and that nothing partial is visible (security checklist item 62).
 */
class LogCrashTest {
  private static final String EOF = "<eof>";
  private static final long ROUND_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);

  @TempDir Path dir;

  /** Acknowledged records across all rounds: seq to offset. */
  private final Map<Long, Long> acknowledged = new TreeMap<>();

  @Test
  void everyAcknowledgedRecordSurvivesSigkill() throws Exception {
    Path file = dir.resolve("crash.log");
    int round = 0;
    for (int target : new int[] {150, 260, 370}) {
      killAfter(file, Durability.EVERY_RECORD, 1, target, round++);
    }
    killAfter(file, Durability.EVERY_BATCH, 8, 400, round);

    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      assertTrue(log.recovery().clean(), "each round already recovered: " + log.recovery());
      assertTrue(log.recordCount() >= acknowledged.size());
    }
    assertEquals(CheckReport.Status.CLEAN, AppendOnlyLog.check(file).status());
  }

  private void killAfter(Path file, Durability durability, int batch, int target, int round)
      throws Exception {
    long before = recordsIn(file);
    Path stderr = dir.resolve("child-" + round + ".err");
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            LogCrashWriter.class.getName(), file.toString(), durability.name(), Integer.toString(batch))
        .redirectError(stderr.toFile())
        .start();
    BlockingQueue<String> lines = pump(child);
    long deadline = System.nanoTime() + ROUND_DEADLINE_NANOS;
    int acks = 0;
    try {
      assertEquals("ready " + before, nextLine(lines, deadline, child, stderr),
          "the child sees exactly the records that survived the previous round");
      while (acks < target) {
        String line = nextLine(lines, deadline, child, stderr);
        record(line, child, stderr);
        acks++;
        if (acks == 1) {
          // While the child holds the log, neither an open nor a check may touch it.
          long size = Files.size(file);
          assertEquals(LogError.LOCKED, assertThrows(LogException.class, () -> AppendOnlyLog.open(file)).code());
          assertEquals(LogError.LOCKED, assertThrows(LogException.class, () -> AppendOnlyLog.check(file)).code());
          assertTrue(Files.size(file) >= size);
        }
      }
    } finally {
      // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the
      // child's stdout and lose acknowledgements still in the pipe.
      child.toHandle().destroyForcibly();
      assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child did not die");
    }
    assertFalse(child.isAlive());
    // Acknowledgements already in the pipe when the kill landed count too.
    for (String line = nextLine(lines, deadline, child, stderr); !line.equals(EOF);
        line = nextLine(lines, deadline, child, stderr)) {
      record(line, child, stderr);
    }

    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      assertTrue(log.recordCount() >= acknowledged.size(),
          "round " + round + ": " + log.recordCount() + " records, " + acknowledged.size() + " acknowledged");
      for (Map.Entry<Long, Long> ack : acknowledged.entrySet()) {
        assertArrayEquals(LogCrashWriter.payload(ack.getKey()), log.read(ack.getValue()),
            "acknowledged record " + ack.getKey());
      }
      long seq = 0;
      for (LogEntry e : log) {
        assertArrayEquals(LogCrashWriter.payload(seq), e.payload(), "record " + seq + " is whole and in order");
        seq++;
      }
      assertEquals(log.recordCount(), seq);
    }
  }

  private void record(String line, Process child, Path stderr) throws IOException {
    String[] parts = line.split(" ");
    if (parts.length != 4 || !parts[0].equals("ack")) {
      fail("unexpected child output '" + line + "'; stderr: " + Files.readString(stderr));
    }
    long seq = Long.parseLong(parts[1]);
    long offset = Long.parseLong(parts[2]);
    assertEquals(LogCrashWriter.crc(LogCrashWriter.payload(seq)), parts[3], "child and test agree on content");
    assertEquals(null, acknowledged.put(seq, offset), "sequence " + seq + " acknowledged twice");
  }

  private static long recordsIn(Path file) {
    if (!Files.exists(file)) {
      return 0;
    }
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      return log.recordCount();
    }
  }

  /**
   * Reads the child's stdout on a daemon thread, one complete line at a time; {@link #EOF} marks
   * the end. A fragment without its newline (the kill landed inside a print) is not an
   * acknowledgement and is dropped.
   */
  private static BlockingQueue<String> pump(Process child) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread t = new Thread(() -> {
      try (InputStream in = child.getInputStream()) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
          if (b == '\n') {
            lines.add(line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else {
            line.write(b);
          }
        }
      } catch (IOException e) {
        lines.add("pump failed: " + e);
      } finally {
        lines.add(EOF);
      }
    }, "crash-child-stdout");
    t.setDaemon(true);
    t.start();
    return lines;
  }

  private static String nextLine(BlockingQueue<String> lines, long deadline, Process child, Path stderr)
      throws InterruptedException, IOException {
    String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    if (line == null) {
      fail("no output from the child before the deadline (alive=" + child.isAlive() + "); stderr: "
          + Files.readString(stderr));
    }
    return line;
  }
}
