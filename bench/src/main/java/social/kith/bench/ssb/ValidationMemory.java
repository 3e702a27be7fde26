package social.kith.bench.ssb;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.FeedState;
import social.kith.ssb.MessageValidator;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;

/**
 * Memory while validating a long feed: writes a {@code messages}-long feed as JSON lines to a temp
 * file, then (after a GC, with the heap pools' peaks and the kernel's VmHWM reset) reads, parses and
 * validates it in batches of {@code batch} on all cores, and prints one JSON line with the peak heap
 * used, VmHWM/VmRSS from {@code /proc/self/status}, and the rate.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar social.kith.bench.ssb.ValidationMemory [messages=100000] [batch=10000]}
 */
public final class ValidationMemory {
  private ValidationMemory() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path file = Files.createTempFile("kith-validation-memory", ".jsonl");
    try {
      FeedPublisher publisher = BenchFeeds.publisher();
      String firstId = null;
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (int i = 0; i < messages; i++) {
          social.kith.ssb.SsbMessage m = BenchFeeds.next(publisher, i);
          if (i == 0) {
            firstId = m.id().toString();
          }
          w.write(V8Json.stringifyCompact(m.value()));
          w.write('\n');
        }
      }
      System.gc();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        pool.resetPeakUsage();
      }
      boolean hwmReset = resetHighWaterMark();
      MessageValidator validator = MessageValidator.mainNet();
      ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
      long start = System.nanoTime();
      int valid = 0;
      Optional<FeedState> state = Optional.empty();
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        List<JsonValue> chunk = new ArrayList<>(batch);
        String line;
        while (true) {
          line = r.readLine();
          if (line != null) {
            chunk.add(JsonParser.DEFAULT.parse(line));
          }
          if (chunk.size() == batch || (line == null && !chunk.isEmpty())) {
            MessageValidator.FeedValidation v = validator.validateFeed(state, chunk, pool);
            valid += v.validCount();
            state = v.state();
            chunk = new ArrayList<>(batch);
          }
          if (line == null) {
            break;
          }
        }
      } finally {
        pool.shutdown();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long peakHeap = 0;
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          peakHeap += p.getPeakUsage().getUsed();
        }
      }
      System.out.printf("{\"messages\": %d, \"valid\": %d, \"batch\": %d, \"seconds\": %.2f, \"messagesPerSec\": %.0f, "
              + "\"peakHeapUsedMB\": %.1f, \"heapMaxMB\": %.0f, \"vmHwmMB\": %.1f, \"vmHwmResetBeforeValidation\": %b, "
              + "\"vmRssMB\": %.1f, \"cores\": %d, \"firstId\": \"%s\"}%n",
          messages, valid, batch, seconds, messages / seconds, peakHeap / 1048576.0,
          Runtime.getRuntime().maxMemory() / 1048576.0, status("VmHWM") / 1024.0, hwmReset, status("VmRSS") / 1024.0,
          Runtime.getRuntime().availableProcessors(), firstId);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Resets VmHWM to the current RSS (Linux: write 5 to /proc/self/clear_refs); false if not possible. */
  private static boolean resetHighWaterMark() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /** A /proc/self/status field in kB, or -1. */
  private static long status(String field) throws IOException {
    Path p = Path.of("/proc/self/status");
    if (!Files.exists(p)) {
      return -1;
    }
    for (String line : Files.readAllLines(p)) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
      }
    }
    return -1;
  }
}
