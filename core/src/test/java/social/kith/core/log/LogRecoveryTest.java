package social.kith.core.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.core.log.LogTestData.FILE_HEADER;
import static social.kith.core.log.LogTestData.RECORD_HEADER;
import static social.kith.core.log.LogTestData.bytes;
import static social.kith.core.log.LogTestData.payloads;
import static social.kith.core.log.LogTestData.write;
import static social.kith.core.log.LogTestData.writeLog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash and corruption recovery (security checklist item 62): a log cut or damaged at every byte
 * of its tail recovers to exactly its whole records, and damage in the middle is refused until an
 * explicit repair.
 */
class LogRecoveryTest {
  private static final byte[] MARKER = {'a', 'f', 't', 'e', 'r'};

  @TempDir Path dir;
  private Path file;
  private List<byte[]> written;
  private List<Long> offsets;
  private byte[] full;

  @BeforeEach
  void writeTwelveRecords() {
    file = dir.resolve("a.log");
    written = new ArrayList<>(payloads(11, 200));
    byte[] last = new byte[150];
    new Random(11).nextBytes(last);
    written.add(last);
    offsets = writeLog(file, written);
    full = bytes(file);
  }

  /** The logical end offset of record {@code i}. */
  private long end(int i) {
    return offsets.get(i) + RECORD_HEADER + written.get(i).length;
  }

  private int lastIndex() {
    return written.size() - 1;
  }

  @Test
  void truncationAtEveryByteRecoversExactlyTheWholeRecordsBeforeIt() {
    long lastStart = FILE_HEADER + offsets.get(lastIndex());
    try (LogTestData.RecordingLogHandler logged = new LogTestData.RecordingLogHandler()) {
      for (int cut = FILE_HEADER; cut < full.length; cut++) {
        write(file, Arrays.copyOf(full, cut));
        int whole = 0;
        while (whole < written.size() && FILE_HEADER + end(whole) <= cut) {
          whole++;
        }
        long validEnd = whole == 0 ? 0 : end(whole - 1);
        long dropped = cut - FILE_HEADER - validEnd;
        int warningsBefore = logged.warnings().size();
        try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
          assertEquals(new RecoveryReport(whole, dropped, 0, false), log.recovery(), "cut at " + cut);
          assertEquals(validEnd, log.endOffset());
          assertPrefix(log, whole);
          if (cut >= lastStart) {
            assertAppendWorksAfterRecovery(log, whole);
          }
        }
        assertEquals(FILE_HEADER + validEnd + (cut >= lastStart ? RECORD_HEADER + MARKER.length : 0),
            file.toFile().length(), "the torn tail is gone from the file itself");
        if (cut >= lastStart) {
          try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
            assertEquals(whole + 1, log.recordCount());
            assertArrayEquals(MARKER, log.read(validEnd), "the record appended after recovery persists");
          }
        }
        if (dropped == 0) {
          assertEquals(warningsBefore, logged.warnings().size(), "a clean cut logs nothing");
        } else {
          assertEquals(warningsBefore + 1, logged.warnings().size());
          String warning = logged.warnings().get(warningsBefore);
          assertTrue(warning.contains("truncated " + dropped + " bytes"), warning);
        }
      }
    }
  }

  @Test
  void flippedByteAnywhereInTheLastRecordRecoversToTheRecordsBeforeIt() {
    int last = lastIndex();
    long lastStart = FILE_HEADER + offsets.get(last);
    try (LogTestData.RecordingLogHandler logged = new LogTestData.RecordingLogHandler()) {
      for (long pos = lastStart; pos < full.length; pos++) {
        for (int mask : new int[] {0x01, 0x80, 0xFF}) {
          byte[] damaged = full.clone();
          damaged[(int) pos] ^= (byte) mask;
          write(file, damaged);

          CheckReport report = AppendOnlyLog.check(file);
          assertEquals(CheckReport.Status.TORN_TAIL, report.status(), "flip at " + pos);
          assertEquals(OptionalLong.of(offsets.get(last)), report.firstBadOffset());
          assertArrayEquals(damaged, bytes(file), "check is read-only");

          try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
            assertEquals(new RecoveryReport(last, full.length - lastStart, 0, false), log.recovery(),
                "flip at " + pos + " mask " + mask);
            assertPrefix(log, last);
            assertAppendWorksAfterRecovery(log, last);
          }
        }
      }
      assertFalse(logged.warnings().isEmpty());
    }
  }

  @Test
  void flippedByteInAMiddleRecordIsRefusedUntouchedThenRepairedOnRequest() {
    int k = 5;
    while (written.get(k).length < 20) {
      k++;
    }
    long start = FILE_HEADER + offsets.get(k);
    long frameEnd = FILE_HEADER + end(k);
    try (LogTestData.RecordingLogHandler logged = new LogTestData.RecordingLogHandler()) {
      for (long pos = start; pos < frameEnd; pos++) {
        byte[] damaged = full.clone();
        damaged[(int) pos] ^= (byte) 0x01;
        write(file, damaged);

        LogException refused = assertThrows(LogException.class, () -> AppendOnlyLog.open(file));
        assertEquals(LogError.CORRUPT_RECORD, refused.code());
        assertArrayEquals(damaged, bytes(file), "a refused open changes nothing");

        CheckReport report = AppendOnlyLog.check(file);
        String at = "flip at " + pos + ": " + report;
        assertEquals(CheckReport.Status.CORRUPT, report.status(), at);
        assertEquals(k, report.validRecords(), at);
        assertEquals(offsets.get(k), report.validEndOffset(), at);
        assertEquals(full.length - FILE_HEADER, report.dataBytes(), at);
        assertEquals(OptionalLong.of(offsets.get(k)), report.firstBadOffset(), at);
        assertEquals(OptionalLong.of(offsets.get(k + 1)), report.nextValidOffset(), at);
        assertTrue(report.problem().equals("checksum mismatch") || report.problem().startsWith("partial payload"), at);
        assertArrayEquals(damaged, bytes(file), "check is read-only");

        int warningsBefore = logged.warnings().size();
        RecoveryReport repaired = AppendOnlyLog.repair(file);
        assertEquals(new RecoveryReport(k, full.length - start, written.size() - k - 1, false), repaired);
        assertTrue(logged.warnings().get(warningsBefore).contains(
            "discarding at least " + (written.size() - k - 1) + " valid"), logged.warnings().get(warningsBefore));
        try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
          assertTrue(log.recovery().clean());
          assertPrefix(log, k);
          assertAppendWorksAfterRecovery(log, k);
        }
      }
    }
  }

  @Test
  void truncateAtFirstCorruptionModeRepairsWhileOpening() {
    byte[] damaged = full.clone();
    damaged[(int) (FILE_HEADER + offsets.get(2) + 5)] ^= 0x10;
    write(file, damaged);
    LogOptions repairing = LogOptions.builder().recoveryMode(RecoveryMode.TRUNCATE_AT_FIRST_CORRUPTION).build();
    try (LogTestData.RecordingLogHandler logged = new LogTestData.RecordingLogHandler();
        AppendOnlyLog log = AppendOnlyLog.open(file, repairing)) {
      assertEquals(2, log.recordCount());
      assertEquals(written.size() - 3, log.recovery().recordsDiscarded());
      assertEquals(1, logged.warnings().size());
    }
  }

  @Test
  void batchIsAllOrNothingAtEveryCut() {
    Path batchFile = dir.resolve("batch.log");
    List<byte[]> batch = payloads(4, 120).subList(0, 4);
    long batchStart;
    long[] batchOffsets;
    try (AppendOnlyLog log = AppendOnlyLog.open(batchFile)) {
      log.append(new byte[] {1});
      log.append(new byte[] {2, 2});
      batchStart = log.endOffset();
      batchOffsets = log.appendBatch(batch);
    }
    byte[] whole = bytes(batchFile);
    try (LogTestData.RecordingLogHandler logged = new LogTestData.RecordingLogHandler()) {
      for (long cut = FILE_HEADER + batchStart; cut < whole.length; cut++) {
        write(batchFile, Arrays.copyOf(whole, (int) cut));
        try (AppendOnlyLog log = AppendOnlyLog.open(batchFile)) {
          assertEquals(2, log.recordCount(), "cut at " + cut + ": none of the batch survives");
          assertEquals(batchStart, log.endOffset());
        }
      }
      // A damaged final record of the batch also takes the batch's intact first records with it.
      byte[] damaged = whole.clone();
      damaged[whole.length - 1] ^= 0x01;
      write(batchFile, damaged);
      try (AppendOnlyLog log = AppendOnlyLog.open(batchFile)) {
        assertEquals(2, log.recordCount());
        assertEquals(whole.length - FILE_HEADER - batchStart, log.recovery().bytesTruncated());
      }
      assertFalse(logged.warnings().isEmpty());
      assertTrue(logged.warnings().stream().anyMatch(w -> w.contains("batch of 3 record(s)")),
          "a batch cut exactly after a record is reported as an incomplete batch");
    }
    write(batchFile, whole);
    try (AppendOnlyLog log = AppendOnlyLog.open(batchFile)) {
      assertEquals(6, log.recordCount());
      for (int i = 0; i < batch.size(); i++) {
        assertArrayEquals(batch.get(i), log.read(batchOffsets[i]));
      }
    }
  }

  @Test
  void zeroFilledAndRandomTailsAreTruncated() {
    byte[] zeros = Arrays.copyOf(full, full.length + 4096);
    byte[] noise = Arrays.copyOf(full, full.length + 3000);
    byte[] random = new byte[3000];
    new Random(99).nextBytes(random);
    System.arraycopy(random, 0, noise, full.length, random.length);
    try (LogTestData.RecordingLogHandler logged = new LogTestData.RecordingLogHandler()) {
      for (byte[] content : List.of(zeros, noise)) {
        write(file, content);
        assertEquals(CheckReport.Status.TORN_TAIL, AppendOnlyLog.check(file).status());
        try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
          assertEquals(new RecoveryReport(written.size(), content.length - full.length, 0, false), log.recovery());
          assertPrefix(log, written.size());
        }
        assertArrayEquals(full, bytes(file));
        assertEquals(CheckReport.Status.CLEAN, AppendOnlyLog.check(file).status());
      }
      assertEquals(2, logged.warnings().size());
    }
  }

  @Test
  void checkOfACleanLogReportsEveryRecord() {
    CheckReport report = AppendOnlyLog.check(file);
    assertEquals(new CheckReport(CheckReport.Status.CLEAN, written.size(), end(lastIndex()),
        end(lastIndex()), OptionalLong.empty(), OptionalLong.empty(), ""), report);
    assertEquals(LogError.IO_FAILURE,
        assertThrows(LogException.class, () -> AppendOnlyLog.check(dir.resolve("missing.log"))).code());
    assertEquals(new RecoveryReport(written.size(), 0, 0, false), AppendOnlyLog.repair(file));
    assertArrayEquals(full, bytes(file), "repair of a healthy log changes nothing");
  }

  private void assertPrefix(AppendOnlyLog log, int count) {
    assertEquals(count, log.recordCount());
    int i = 0;
    for (LogEntry e : log) {
      assertEquals(offsets.get(i), e.offset());
      assertArrayEquals(written.get(i), e.payload(), "record " + i);
      i++;
    }
    assertEquals(count, i);
  }

  private static void assertAppendWorksAfterRecovery(AppendOnlyLog log, int count) {
    long offset = log.append(MARKER);
    assertEquals(count + 1, log.recordCount());
    assertArrayEquals(MARKER, log.read(offset));
  }
}
