package social.kith.bench.ssb;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import social.kith.ssb.FeedId;
import social.kith.ssb.peer.ReplicationMode;

/**
 * Memory of a Kith follower replicating a long feed, meant for a JVM of its own started with
 * {@code -Xmx256m} (see {@link ReplicationRun}): after a GC, with the heap pools' peaks and the
 * kernel's VmHWM reset, it replicates the feed from {@code address} into a fresh store and prints
 * one JSON line: the peak heap in use after any GC during the run (the live set, from GC
 * notifications), the peak heap in use at any moment (garbage included, from the pools' peaks),
 * VmHWM and VmRSS from {@code /proc/self/status}, the GCs seen, and the rate.
 *
 * <p>Usage: {@code java -Xmx256m -cp bench/target/benchmarks.jar social.kith.bench.ssb.ReplicationMemory
 * ADDRESS FEED_ID MESSAGES EBT|LEGACY TMP_DIR}
 */
public final class ReplicationMemory {
  private ReplicationMemory() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: ReplicationMemory ADDRESS FEED_ID MESSAGES EBT|LEGACY TMP_DIR");
      System.exit(2);
    }
    String address = args[0];
    FeedId feed = FeedId.parse(args[1]);
    int messages = Integer.parseInt(args[2]);
    ReplicationMode mode = ReplicationMode.valueOf(args[3]);
    Path tmp = Path.of(args[4]);

    AtomicLong peakAfterGc = new AtomicLong();
    AtomicInteger gcs = new AtomicInteger();
    List<String> collectors = new ArrayList<>();
    System.gc();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      collectors.add(gc.getName());
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((n, handback) -> {
          if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
          }
          GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
          long used = 0;
          for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (isHeap(e.getKey())) {
              used += e.getValue().getUsed();
            }
          }
          gcs.incrementAndGet();
          peakAfterGc.accumulateAndGet(used, Math::max);
        }, null, null);
      }
    }
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    long heapBefore = heapUsed();
    boolean hwmReset = resetHighWaterMark();

    Replicas.Result r = Replicas.replicateOnce(tmp, address, feed, messages, mode);

    long peakHeap = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peakHeap += p.getPeakUsage().getUsed();
      }
    }
    long vmHwm = status("VmHWM");
    long vmRss = status("VmRSS");
    // GC notifications arrive on their own thread: let the last ones land.
    long deadline = System.nanoTime() + 2_000_000_000L;
    int seen = gcs.get();
    while (System.nanoTime() < deadline) {
      LockSupport.parkNanos(50_000_000L);
      if (gcs.get() != seen) {
        seen = gcs.get();
        deadline = System.nanoTime() + 500_000_000L;
      }
    }
    System.out.printf("{\"messages\": %d, \"stored\": %d, \"mode\": \"%s\", \"seconds\": %.2f, \"messagesPerSec\": %.0f, "
            + "\"peakHeapAfterGcMB\": %.1f, \"peakHeapUsedMB\": %.1f, \"heapBeforeMB\": %.1f, \"heapMaxMB\": %.0f, "
            + "\"gcs\": %d, \"collectors\": \"%s\", \"vmHwmMB\": %.1f, \"vmHwmResetBeforeReplication\": %b, "
            + "\"vmRssMB\": %.1f, \"cores\": %d}%n",
        messages, r.sequence(), mode, r.seconds(), r.rate(messages), peakAfterGc.get() / 1048576.0,
        peakHeap / 1048576.0, heapBefore / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0, gcs.get(),
        String.join(" + ", collectors), vmHwm / 1024.0, hwmReset, vmRss / 1024.0,
        Runtime.getRuntime().availableProcessors());
    if (r.sequence() != messages) {
      System.exit(1);
    }
  }

  private static boolean isHeap(String poolName) {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getName().equals(poolName)) {
        return p.getType() == MemoryType.HEAP;
      }
    }
    return false;
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
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
