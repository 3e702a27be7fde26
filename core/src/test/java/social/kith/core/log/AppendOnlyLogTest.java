package social.kith.core.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.core.log.LogTestData.FILE_HEADER;
import static social.kith.core.log.LogTestData.RECORD_HEADER;
import static social.kith.core.log.LogTestData.bytes;
import static social.kith.core.log.LogTestData.payload;
import static social.kith.core.log.LogTestData.payloads;
import static social.kith.core.log.LogTestData.write;
import static social.kith.core.log.LogTestData.writeLog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class AppendOnlyLogTest {
  @TempDir Path dir;

  private static void assertLogError(LogError expected, Executable call) {
    LogException e = assertThrows(LogException.class, call);
    assertEquals(expected, e.code(), e.getMessage());
  }

  @Test
  void appendsReadsAndIteratesInOrder() {
    Path file = dir.resolve("a.log");
    byte[] first = "hello".getBytes(UTF_8);
    byte[] empty = new byte[0];
    byte[] third = "world, again".getBytes(UTF_8);
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      assertTrue(log.recovery().created());
      assertEquals(0, log.append(first));
      assertEquals(RECORD_HEADER + 5, log.append(empty));
      assertEquals(2L * RECORD_HEADER + 5, log.append(third));
      assertEquals(3, log.recordCount());
      assertEquals(3L * RECORD_HEADER + 5 + 12, log.endOffset());
      assertEquals(FILE_HEADER + log.endOffset(), file.toFile().length());

      assertArrayEquals(third, log.read(2L * RECORD_HEADER + 5));
      assertArrayEquals(empty, log.read(RECORD_HEADER + 5));
      List<byte[]> seen = new ArrayList<>();
      List<Long> offsets = new ArrayList<>();
      for (LogEntry e : log) {
        seen.add(e.payload());
        offsets.add(e.offset());
      }
      assertEquals(List.of(0L, 13L, 21L), offsets);
      assertArrayEquals(first, seen.get(0));
      assertArrayEquals(empty, seen.get(1));
      assertArrayEquals(third, seen.get(2));
    }
  }

  @Test
  void reopenSeesEverythingAndContinuesAppending() {
    Path file = dir.resolve("a.log");
    List<byte[]> written = payloads(40, 300);
    List<Long> offsets = writeLog(file, written);
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      assertEquals(new RecoveryReport(40, 0, 0, false), log.recovery());
      assertEquals(40, log.recordCount());
      for (int i = 0; i < written.size(); i++) {
        assertArrayEquals(written.get(i), log.read(offsets.get(i)));
      }
      long next = log.append(payload(40, 300));
      assertEquals(log.endOffset() - RECORD_HEADER - payload(40, 300).length, next);
    }
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      assertEquals(41, log.recordCount());
      LogEntry last = null;
      for (LogEntry e : log) {
        last = e;
      }
      assertArrayEquals(payload(40, 300), last.payload());
      assertEquals(log.endOffset(), last.nextOffset());
    }
  }

  @Test
  void randomReadsByOffset() {
    Path file = dir.resolve("a.log");
    List<byte[]> written = payloads(200, 2000);
    List<Long> offsets = writeLog(file, written);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < written.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(7));
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      for (int i : order) {
        assertArrayEquals(written.get(i), log.read(offsets.get(i)), "record " + i);
      }
      LogCursor cursor = log.cursor(offsets.get(150));
      assertEquals(offsets.get(150), cursor.position());
      assertArrayEquals(written.get(150), cursor.next().payload());
      assertArrayEquals(written.get(151), cursor.next().payload());
    }
  }

  @Test
  void offsetsThatAreNotRecordStartsAreRefused() {
    Path file = dir.resolve("a.log");
    List<Long> offsets = writeLog(file, List.of(new byte[10], new byte[20]));
    byte[] before = bytes(file);
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      long end = log.endOffset();
      for (long bad : new long[] {-1, 1, 7, 8, offsets.get(1) - 1, offsets.get(1) + 1, end, end + 1,
          end + RECORD_HEADER, Long.MAX_VALUE, Long.MIN_VALUE}) {
        assertLogError(LogError.INVALID_OFFSET, () -> log.read(bad));
        if (bad != end) {
          assertLogError(LogError.INVALID_OFFSET, () -> log.cursor(bad));
          assertLogError(LogError.INVALID_OFFSET, () -> log.forEach(bad, e -> { }));
        }
      }
      assertFalse(log.cursor(end).hasNext(), "a cursor at the end is valid and empty");
      assertEquals(2, log.recordCount());
    }
    assertArrayEquals(before, bytes(file));
  }

  @Test
  void tooLargeRecordIsRefusedAndNothingIsWritten() {
    Path file = dir.resolve("a.log");
    LogOptions options = LogOptions.builder().maxRecordSize(100).build();
    try (AppendOnlyLog log = AppendOnlyLog.open(file, options)) {
      log.append(new byte[100]);
      long size = file.toFile().length();
      long end = log.endOffset();

      assertLogError(LogError.RECORD_TOO_LARGE, () -> log.append(new byte[101]));
      assertLogError(LogError.RECORD_TOO_LARGE, () -> log.append(ByteBuffer.allocate(5000)));
      assertLogError(LogError.RECORD_TOO_LARGE,
          () -> log.appendBatch(List.of(new byte[1], new byte[2], new byte[101], new byte[3])));

      assertEquals(size, file.toFile().length());
      assertEquals(end, log.endOffset());
      assertEquals(1, log.recordCount());
    }
    try (AppendOnlyLog log = AppendOnlyLog.open(file, options)) {
      assertEquals(1, log.recordCount());
      assertTrue(log.recovery().clean());
    }
  }

  @Test
  void recordWrittenUnderLargerLimitIsKeptButNotReadUnderSmallerOne() {
    Path file = dir.resolve("a.log");
    byte[] big = new byte[500];
    new Random(3).nextBytes(big);
    writeLog(file, List.of(big));
    try (AppendOnlyLog log = AppendOnlyLog.open(file, LogOptions.builder().maxRecordSize(100).build())) {
      assertEquals(1, log.recordCount(), "a smaller limit must never truncate valid records");
      assertTrue(log.recovery().clean());
      assertLogError(LogError.RECORD_TOO_LARGE, () -> log.read(0));
    }
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      assertArrayEquals(big, log.read(0));
    }
  }

  @Test
  void closedLogRefusesEverythingWithClosed() {
    Path file = dir.resolve("a.log");
    AppendOnlyLog log = AppendOnlyLog.open(file);
    log.append(new byte[] {1, 2, 3});
    LogCursor cursor = log.cursor(0);
    log.close();
    log.close(); // idempotent
    long size = file.toFile().length();

    assertFalse(log.isOpen());
    assertLogError(LogError.CLOSED, () -> log.append(new byte[] {4}));
    assertLogError(LogError.CLOSED, () -> log.append(ByteBuffer.wrap(new byte[] {4})));
    assertLogError(LogError.CLOSED, () -> log.appendBatch(List.of(new byte[] {4})));
    assertLogError(LogError.CLOSED, log::sync);
    assertLogError(LogError.CLOSED, () -> log.read(0));
    assertLogError(LogError.CLOSED, () -> log.cursor(0));
    assertLogError(LogError.CLOSED, cursor::hasNext);
    assertEquals(size, file.toFile().length());

    try (AppendOnlyLog reopened = AppendOnlyLog.open(file)) {
      assertEquals(1, reopened.recordCount(), "close released the file");
    }
  }

  @Test
  void secondOpenInTheSameJvmIsLockedAndLeavesTheFirstWorking() throws IOException {
    Path file = dir.resolve("a.log");
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      log.append(new byte[] {1});
      assertLogError(LogError.LOCKED, () -> AppendOnlyLog.open(file));
      assertLogError(LogError.LOCKED, () -> AppendOnlyLog.check(file));
      assertLogError(LogError.LOCKED, () -> AppendOnlyLog.repair(file));
      // The same file through another path (a symbolic link) is the same log.
      Path link = Files.createSymbolicLink(dir.resolve("link.log"), file);
      assertLogError(LogError.LOCKED, () -> AppendOnlyLog.open(link));
      log.append(new byte[] {2});
      assertEquals(2, log.recordCount());
    }
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      assertEquals(2, log.recordCount());
    }
  }

  @Test
  void fileThatIsNotALogIsRefusedUntouched() {
    Path text = dir.resolve("notes.txt");
    byte[] content = "These are somebody's notes, not a log file at all.".getBytes(UTF_8);
    write(text, content);
    assertLogError(LogError.NOT_A_LOG, () -> AppendOnlyLog.open(text));
    assertLogError(LogError.NOT_A_LOG, () -> AppendOnlyLog.check(text));
    assertArrayEquals(content, bytes(text));

    Path shortFile = dir.resolve("short");
    write(shortFile, new byte[] {'a', 'b', 'c'});
    assertLogError(LogError.NOT_A_LOG, () -> AppendOnlyLog.open(shortFile));
    assertArrayEquals(new byte[] {'a', 'b', 'c'}, bytes(shortFile));
    // Not locked afterwards: the refusal released the file.
    assertLogError(LogError.NOT_A_LOG, () -> AppendOnlyLog.open(shortFile));
  }

  @Test
  void headerProblemsAreTypedAndLeaveTheFileUntouched() {
    Path file = dir.resolve("a.log");
    writeLog(file, List.of(new byte[] {9, 9}));
    byte[] good = bytes(file);

    byte[] future = good.clone();
    future[9] = 2; // version 2, with a correct header checksum
    putHeaderCrc(future);
    write(file, future);
    assertLogError(LogError.UNSUPPORTED_VERSION, () -> AppendOnlyLog.open(file));
    assertArrayEquals(future, bytes(file));

    byte[] flags = good.clone();
    flags[11] = 1;
    putHeaderCrc(flags);
    write(file, flags);
    assertLogError(LogError.UNSUPPORTED_VERSION, () -> AppendOnlyLog.open(file));

    for (int i = 12; i < 16; i++) {
      byte[] badCrc = good.clone();
      badCrc[i] ^= 0x40;
      write(file, badCrc);
      assertLogError(LogError.CORRUPT_HEADER, () -> AppendOnlyLog.open(file));
      assertLogError(LogError.CORRUPT_HEADER, () -> AppendOnlyLog.check(file));
      assertArrayEquals(badCrc, bytes(file));
    }

    byte[] badMagic = good.clone();
    badMagic[0] = 'k';
    write(file, badMagic);
    assertLogError(LogError.NOT_A_LOG, () -> AppendOnlyLog.open(file));
    assertArrayEquals(badMagic, bytes(file));
  }

  @Test
  void tornHeaderOfANewFileIsReinitialised() {
    Path file = dir.resolve("a.log");
    writeLog(file, List.of());
    byte[] header = bytes(file);
    assertEquals(FILE_HEADER, header.length);
    try (LogTestData.RecordingLogHandler logged = new LogTestData.RecordingLogHandler()) {
      reinitialiseEveryTornHeader(file, header);
      assertEquals(FILE_HEADER - 1, logged.warnings().size(), "one warning per non-empty torn header");
      assertTrue(logged.warnings().get(0).contains("torn file header of 1 bytes"), logged.warnings().get(0));
    }
  }

  private static void reinitialiseEveryTornHeader(Path file, byte[] header) {
    for (int cut = 0; cut < FILE_HEADER; cut++) {
      write(file, java.util.Arrays.copyOf(header, cut));
      assertEquals(CheckReport.Status.TORN_TAIL, AppendOnlyLog.check(file).status());
      try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
        assertTrue(log.recovery().created());
        assertEquals(0, log.recordCount());
        assertEquals(0, log.append(new byte[] {(byte) cut}));
      }
      try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
        assertArrayEquals(new byte[] {(byte) cut}, log.read(0));
      }
    }
  }

  @Test
  void appendingAByteBufferTakesItsRemainingBytesWithoutMovingIt() {
    Path file = dir.resolve("a.log");
    ByteBuffer heap = ByteBuffer.wrap(new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
    heap.position(2).limit(6);
    ByteBuffer direct = ByteBuffer.allocateDirect(4).put(new byte[] {9, 8, 7, 6}).flip();
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      long a = log.append(heap);
      long b = log.append(direct);
      assertEquals(2, heap.position());
      assertEquals(6, heap.limit());
      assertEquals(0, direct.position());
      assertArrayEquals(new byte[] {2, 3, 4, 5}, log.read(a));
      assertArrayEquals(new byte[] {9, 8, 7, 6}, log.read(b));
    }
  }

  @Test
  void payloadChangedByTheCallerAfterAppendDoesNotCorruptTheRecord() {
    Path file = dir.resolve("a.log");
    byte[] payload = {1, 2, 3};
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      log.append(payload);
      payload[0] = 42;
      assertArrayEquals(new byte[] {1, 2, 3}, log.read(0));
    }
  }

  @Test
  void batchesReturnOffsetsInOrderAndAnEmptyBatchWritesNothing() {
    Path file = dir.resolve("a.log");
    try (AppendOnlyLog log = AppendOnlyLog.open(file, LogOptions.builder().durability(Durability.EVERY_BATCH).build())) {
      log.append(new byte[] {1});
      long size = file.toFile().length();
      assertEquals(0, log.appendBatch(List.of()).length);
      assertEquals(size, file.toFile().length());

      long[] offsets = log.appendBatch(List.of(new byte[] {2}, new byte[0], new byte[] {3, 3}));
      assertArrayEquals(new long[] {9, 18, 26}, offsets);
      assertEquals(4, log.recordCount());
      assertArrayEquals(new byte[] {3, 3}, log.read(26));
      log.sync();
    }
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      assertEquals(4, log.recordCount());
      assertTrue(log.recovery().clean());
    }
  }

  @Test
  void everyDurabilityPolicyKeepsRecordsAcrossClose() {
    for (Durability d : Durability.values()) {
      Path file = dir.resolve(d + ".log");
      LogOptions options = LogOptions.builder().durability(d).build();
      try (AppendOnlyLog log = AppendOnlyLog.open(file, options)) {
        log.append(new byte[] {1});
        log.appendBatch(List.of(new byte[] {2}, new byte[] {3}));
        log.append(new byte[] {4});
      }
      try (AppendOnlyLog log = AppendOnlyLog.open(file, options)) {
        assertEquals(4, log.recordCount(), d.toString());
      }
    }
  }

  @Test
  void eachDurabilityPolicyForcesExactlyWhereItsContractSays() {
    // {after append, after appendBatch, after a second append, after sync (nothing new), after close}
    assertSyncs(Durability.EVERY_RECORD, 1, 2, 3, 3, 3);
    assertSyncs(Durability.EVERY_BATCH, 0, 1, 1, 2, 2);
    assertSyncs(Durability.ON_CLOSE, 0, 0, 0, 1, 1);
    // Close forces whatever is outstanding.
    Path file = dir.resolve("close.log");
    AppendOnlyLog log = AppendOnlyLog.open(file, LogOptions.builder().durability(Durability.ON_CLOSE).build());
    log.append(new byte[] {1});
    assertEquals(0, log.syncCount());
    log.close();
    assertEquals(1, log.syncCount());
  }

  private void assertSyncs(Durability durability, long... expected) {
    Path file = dir.resolve(durability + "-syncs.log");
    AppendOnlyLog log = AppendOnlyLog.open(file, LogOptions.builder().durability(durability).build());
    log.append(new byte[] {1});
    long afterAppend = log.syncCount();
    log.appendBatch(List.of(new byte[] {2}, new byte[] {3}));
    long afterBatch = log.syncCount();
    log.append(new byte[] {4});
    long afterSecond = log.syncCount();
    log.sync();
    log.sync(); // nothing outstanding: no second fsync
    long afterSync = log.syncCount();
    log.close();
    assertArrayEquals(expected, new long[] {afterAppend, afterBatch, afterSecond, afterSync, log.syncCount()},
        durability.toString());
  }

  @Test
  void liveCursorSeesLaterAppendsAndForEachStopsAtItsSnapshot() {
    Path file = dir.resolve("a.log");
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      Iterator<LogEntry> cursor = log.iterator();
      assertFalse(cursor.hasNext());
      assertThrows(NoSuchElementException.class, cursor::next);
      log.append(new byte[] {1});
      assertTrue(cursor.hasNext());
      assertArrayEquals(new byte[] {1}, cursor.next().payload());
      assertFalse(cursor.hasNext());

      List<Long> visited = new ArrayList<>();
      log.forEach(0, e -> {
        visited.add(e.offset());
        if (visited.size() == 1) {
          log.append(new byte[] {2}); // appended during the walk: not visited
        }
      });
      assertEquals(List.of(0L), visited);
      assertEquals(2, log.recordCount());
    }
  }

  @Test
  void readDetectsDamageAfterOpen() throws IOException {
    Path file = dir.resolve("a.log");
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      log.append(new byte[] {1, 2, 3, 4});
      // Damage the payload behind the log's back (a disk error, another program).
      try (FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE)) {
        other.write(ByteBuffer.wrap(new byte[] {77}), FILE_HEADER + RECORD_HEADER + 1);
      }
      assertLogError(LogError.CORRUPT_RECORD, () -> log.read(0));
      assertLogError(LogError.CORRUPT_RECORD, () -> log.iterator().hasNext());
    }
  }

  @Test
  void interruptedReaderClosesTheLogWhichCanThenBeReopened() {
    Path file = dir.resolve("a.log");
    AppendOnlyLog log = AppendOnlyLog.open(file);
    log.append(new byte[] {1, 2});
    try (LogTestData.RecordingLogHandler logged = new LogTestData.RecordingLogHandler()) {
      Thread.currentThread().interrupt();
      try {
        assertLogError(LogError.CLOSED, () -> log.read(0));
      } finally {
        Thread.interrupted();
      }
      assertFalse(log.isOpen());
      assertLogError(LogError.CLOSED, () -> log.append(new byte[] {3}));
      assertEquals(1, logged.warnings().size());
      assertTrue(logged.warnings().get(0).contains("interrupt"), logged.warnings().get(0));
    }
    log.close();
    try (AppendOnlyLog reopened = AppendOnlyLog.open(file)) {
      assertArrayEquals(new byte[] {1, 2}, reopened.read(0), "the file was released and is intact");
    }
  }

  @Test
  void builderFailsFastOnNonsense() {
    assertThrows(IllegalArgumentException.class, () -> LogOptions.builder().maxRecordSize(0));
    assertThrows(IllegalArgumentException.class, () -> LogOptions.builder().maxRecordSize(-1));
    assertThrows(IllegalArgumentException.class,
        () -> LogOptions.builder().maxRecordSize(LogOptions.MAX_RECORD_SIZE_LIMIT + 1));
    assertThrows(NullPointerException.class, () -> LogOptions.builder().durability(null));
    assertThrows(NullPointerException.class, () -> LogOptions.builder().recoveryMode(null));

    LogOptions defaults = LogOptions.defaults();
    assertEquals(16 * 1024 * 1024, defaults.maxRecordSize());
    assertEquals(Durability.EVERY_RECORD, defaults.durability());
    assertEquals(RecoveryMode.STRICT, defaults.recoveryMode());
    LogOptions custom = defaults.toBuilder().maxRecordSize(5).durability(Durability.ON_CLOSE).build();
    assertEquals(custom, custom.toBuilder().build());
    assertEquals(5, custom.maxRecordSize());
    assertFalse(custom.equals(defaults));
  }

  @Test
  void nullArgumentsAreRefusedBeforeAnythingIsWritten() {
    Path file = dir.resolve("a.log");
    try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
      assertThrows(NullPointerException.class, () -> log.append((byte[]) null));
      assertThrows(NullPointerException.class, () -> log.append((ByteBuffer) null));
      List<byte[]> withNull = new ArrayList<>();
      withNull.add(new byte[] {1});
      withNull.add(null);
      assertThrows(NullPointerException.class, () -> log.appendBatch(withNull));
      assertEquals(0, log.recordCount());
      assertEquals(FILE_HEADER, file.toFile().length());
    }
  }

  @Test
  void entriesAndReportsHideNothingSecretAndCompareByValue() {
    LogEntry a = new LogEntry(0, 9, new byte[] {1});
    LogEntry b = new LogEntry(0, 9, new byte[] {1});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals("LogEntry[offset=0, size=1]", a.toString());
    byte[] copy = a.payload();
    copy[0] = 5;
    assertArrayEquals(new byte[] {1}, a.payload(), "payload() hands out a copy");
    assertThrows(IllegalArgumentException.class, () -> new RecoveryReport(-1, 0, 0, false));
  }

  @Test
  void concurrentReadersSeeOnlyWholeRecordsInOrderWhileAWriterAppends() throws Exception {
    Path file = dir.resolve("a.log");
    int total = 3000;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (AppendOnlyLog log = AppendOnlyLog.open(file, LogOptions.builder().durability(Durability.ON_CLOSE).build())) {
      ConcurrentLinkedQueue<Long> published = new ConcurrentLinkedQueue<>();
      Future<?> writer = pool.submit(() -> {
        for (int i = 0; i < total; i++) {
          if (i % 10 == 3) {
            long[] offs = log.appendBatch(List.of(payload(i, 500), payload(i + 1, 500)));
            published.add(offs[0]);
            published.add(offs[1]);
            i++;
          } else {
            published.add(log.append(payload(i, 500)));
          }
        }
        return null;
      });
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        readers.add(pool.submit(() -> {
          LogCursor cursor = log.cursor(0);
          int seen = 0;
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (seen < total) {
            if (System.nanoTime() > deadline) {
              throw new AssertionError("reader stalled at " + seen);
            }
            if (!cursor.hasNext()) {
              Thread.onSpinWait();
              continue;
            }
            LogEntry e = cursor.next();
            assertArrayEquals(payload(seen, 500), e.payload(), "record " + seen);
            // Every offset the writer published so far is readable, whatever the reader's position.
            Long any = published.peek();
            if (any != null) {
              log.read(any);
            }
            assertTrue(log.recordCount() >= seen + 1);
            seen++;
          }
          return null;
        }));
      }
      writer.get(60, TimeUnit.SECONDS);
      for (Future<?> f : readers) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertEquals(total, log.recordCount());
    } finally {
      pool.shutdownNow();
    }
  }

  private static void putHeaderCrc(byte[] file) {
    CRC32C crc = new CRC32C();
    crc.update(file, 0, 12);
    ByteBuffer.wrap(file).putInt(12, (int) crc.getValue());
  }
}
