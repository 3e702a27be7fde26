package social.kith.core.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.testkit.ChildJvm;

/**
 * Kills a writing child JVM with SIGKILL at arbitrary points and checks that every append it
 * acknowledged survives intact and that nothing partial is visible (security checklist item 62).
 */
class LogCrashTest {
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
    ChildJvm child = ChildJvm.start(LogCrashWriter.class, dir.resolve("child-" + round + ".err"),
        Duration.ofNanos(ROUND_DEADLINE_NANOS), file.toString(), durability.name(), Integer.toString(batch));
    int acks = 0;
    try {
      assertEquals("ready " + before, child.nextLine(),
          "the child sees exactly the records that survived the previous round");
      while (acks < target) {
        record(child.nextLine(), child);
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
      child.kill();
    }
    assertFalse(child.isAlive());
    // Acknowledgements already in the pipe when the kill landed count too.
    for (String line = child.nextLine(); !line.equals(ChildJvm.EOF); line = child.nextLine()) {
      record(line, child);
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

  private void record(String line, ChildJvm child) {
    String[] parts = line.split(" ");
    if (parts.length != 4 || !parts[0].equals("ack")) {
      fail("unexpected child output '" + line + "'; stderr: " + child.stderrText());
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
}
