package social.kith.core.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random record sizes, batch groupings and cut points against a plain list as the model. */
class AppendOnlyLogProperties {
  private static final LogOptions FAST = LogOptions.builder().durability(Durability.ON_CLOSE).build();

  @Property(tries = 150)
  void randomRecordsRoundTripThroughAppendReopenAndRead(
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 4000) Integer> sizes,
      @ForAll @IntRange(min = 1, max = 6) int batchSize,
      @ForAll long seed) throws IOException {
    withTempFile(file -> {
      List<byte[]> model = payloads(sizes, seed);
      List<Long> offsets = new ArrayList<>();
      try (AppendOnlyLog log = AppendOnlyLog.open(file, FAST)) {
        for (int i = 0; i < model.size(); i += batchSize) {
          List<byte[]> group = model.subList(i, Math.min(model.size(), i + batchSize));
          if (group.size() == 1) {
            offsets.add(log.append(group.get(0)));
          } else {
            for (long o : log.appendBatch(group)) {
              offsets.add(o);
            }
          }
        }
      }
      try (AppendOnlyLog log = AppendOnlyLog.open(file)) {
        assertTrue(log.recovery().clean());
        assertEquals(model.size(), log.recordCount());
        long expectedEnd = model.stream().mapToLong(p -> LogTestData.RECORD_HEADER + p.length).sum();
        assertEquals(expectedEnd, log.endOffset());
        for (int i = model.size() - 1; i >= 0; i--) {
          assertArrayEquals(model.get(i), log.read(offsets.get(i)));
        }
        int i = 0;
        for (LogEntry e : log) {
          assertEquals(offsets.get(i), e.offset());
          assertArrayEquals(model.get(i), e.payload());
          i++;
        }
        assertEquals(model.size(), i);
      }
      assertEquals(CheckReport.Status.CLEAN, AppendOnlyLog.check(file).status());
    });
  }

  @Property(tries = 150)
  void aCutAnywhereKeepsExactlyTheWholeRecordsBeforeIt(
      @ForAll @Size(min = 1, max = 25) List<@IntRange(min = 0, max = 3000) Integer> sizes,
      @ForAll @IntRange(min = 0, max = 1_000_000) int cutPerMillion,
      @ForAll long seed) throws IOException {
    withTempFile(file -> {
      List<byte[]> model = payloads(sizes, seed);
      LogTestData.writeLog(file, model);
      byte[] full = LogTestData.bytes(file);
      int dataBytes = full.length - LogTestData.FILE_HEADER;
      int cut = LogTestData.FILE_HEADER + (int) ((long) dataBytes * cutPerMillion / 1_000_000);
      LogTestData.write(file, Arrays.copyOf(full, cut));

      int whole = 0;
      long end = 0;
      while (whole < model.size()
          && LogTestData.FILE_HEADER + end + LogTestData.RECORD_HEADER + model.get(whole).length <= cut) {
        end += LogTestData.RECORD_HEADER + model.get(whole).length;
        whole++;
      }
      long dropped = cut - LogTestData.FILE_HEADER - end;
      try (LogTestData.RecordingLogHandler logged = new LogTestData.RecordingLogHandler();
          AppendOnlyLog log = AppendOnlyLog.open(file)) {
        assertEquals(new RecoveryReport(whole, dropped, 0, false), log.recovery());
        assertEquals(dropped == 0 ? List.of() : List.of("Log " + file + ": truncated " + dropped + " bytes"),
            logged.warnings().stream().map(w -> w.substring(0, w.indexOf(" bytes") + 6)).toList());
        int i = 0;
        for (LogEntry e : log) {
          assertArrayEquals(model.get(i++), e.payload());
        }
        assertEquals(whole, i);
        long offset = log.append(new byte[] {42});
        assertEquals(end, offset);
        assertArrayEquals(new byte[] {42}, log.read(offset));
      }
    });
  }

  private static List<byte[]> payloads(List<Integer> sizes, long seed) {
    Random random = new Random(seed);
    List<byte[]> out = new ArrayList<>();
    for (int size : sizes) {
      byte[] p = new byte[size];
      random.nextBytes(p);
      out.add(p);
    }
    return out;
  }

  private interface FileBody {
    void run(Path file) throws IOException;
  }

  /** jqwik has no {@code @TempDir}: one directory per try, removed afterwards. */
  private static void withTempFile(FileBody body) throws IOException {
    Path dir = Files.createTempDirectory("kith-log-prop");
    try {
      body.run(dir.resolve("p.log"));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.delete(p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
  }
}
