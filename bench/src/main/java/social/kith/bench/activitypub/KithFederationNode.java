package social.kith.bench.activitypub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import social.kith.activitypub.adapter.ApAdapter;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.core.event.Event;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.PostDraft;
import social.kith.core.spi.AdapterContext;

/**
 * The Kith side of {@code bench/run-ap-federation.sh}, run as its own JVM so that its memory is
 * measured alone: one {@link ApAdapter} (embedded server, inbox pipeline, durable delivery queue on
 * disk) with one actor, {@code bench}, in a fresh data directory, driven by {@link FederationBench}
 * over stdin/stdout. Plain http and loopback peers are allowed ({@code insecureAllowLoopbackForTesting}):
 * a benchmark on 127.0.0.1, never a deployment.
 *
 * <p>"Stored" is what the adapter does with a received post: the inbox verifies and checks it, and
 * the {@code PostReceived} event puts it in the adapter's post store (the feeds); this process counts
 * those events. GC notifications give the largest heap in use right after a collection while the
 * process runs (the peak of the live set, as far as the collector's timing shows it).
 *
 * <p>Prints {@code ready <actor url> <inbox url>}, then answers each command line with one line:
 * <ul>
 *   <li>{@code stored} - {@code stored <posts received> <CPU nanoseconds used by this process>};
 *   <li>{@code publish <n>} - publishes a public post through core's API and answers
 *       {@code published <post id>} once it is queued (the delivery worker then sends it);
 *   <li>{@code pending} - {@code pending <jobs in the delivery queue>};
 *   <li>{@code mem} - one JSON object (heap after GC now and its peak, VmHWM, VmRSS);
 *   <li>{@code quit} - closes the adapter and exits.
 * </ul>
 * Usage: {@code KithFederationNode <dataDir> <followersBase> <followers>} (followers
 * {@code <followersBase>/f0 ... f<n-1>}, each its own actor with its own inbox, are written into the
 * follow store before the adapter opens, as accepted followers).
 */
public final class KithFederationNode {
  private KithFederationNode() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String followersBase = args[1];
    int followers = Integer.parseInt(args[2]);
    writeFollowers(dir, followersBase, followers);
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    AtomicLong received = new AtomicLong();
    HeapSampler sampler = new HeapSampler();
    sampler.start();
    ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "bench-adapter");
      t.setDaemon(true);
      return t;
    });
    ApAdapter adapter = ApAdapter.builder().dataDir(dir).actorName("bench").bind("127.0.0.1", 0)
        .fetchPolicy(FetchPolicy.builder().insecureAllowLoopbackForTesting().build()).build();
    adapter.onEvent(e -> {
      if (e instanceof Event.PostReceived) {
        received.incrementAndGet();
      }
    });
    adapter.start(new AdapterContext(e -> { }, Clock.systemUTC(), pool, "social.kith.bench", Duration.ofSeconds(60)));
    LocalIdentity me = adapter.localIdentity("bench");
    URI actor = adapter.actorUrl("bench");
    out.println("ready " + actor + " " + actor + "/inbox");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] cmd = line.strip().split(" ", 2);
      switch (cmd[0]) {
        case "stored" -> out.println("stored " + received.get() + " " + cpuNanos());
        case "publish" -> out.println("published " + adapter.publish(me,
            PostDraft.ofText("hello, " + followers + " followers (" + cmd[1] + ")")).id().value());
        case "pending" -> out.println("pending " + adapter.deliveryQueue().pendingCount());
        case "mem" -> out.println(sampler.report());
        case "quit" -> {
          adapter.close();
          pool.shutdownNow();
          out.println("bye");
          return;
        }
        default -> out.println("error unknown command " + cmd[0]);
      }
    }
    adapter.close();
    pool.shutdownNow();
  }

  /** CPU time this process used so far (all threads, GC and JIT included). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** The follow store's file for {@code bench} with {@code n} accepted followers. */
  private static void writeFollowers(Path dir, String base, int n) throws IOException {
    Path follows = dir.resolve("follows");
    Files.createDirectories(follows);
    StringBuilder sb = new StringBuilder("{\"version\":1,\"following\":[],\"followers\":[");
    String since = Instant.now().toString();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"remote\":\"").append(base).append("/f").append(i)
          .append("\",\"state\":\"ACCEPTED\",\"since\":\"").append(since).append("\"}");
    }
    Files.writeString(follows.resolve("bench.follows.json"), sb.append("]}").toString());
  }

  /**
   * Tracks the heap in use right after each collection (the sum over the heap pools of the usage
   * the collector reports after it ran, from the JDK's GC notifications), and its peak.
   */
  static final class HeapSampler {
    private final java.util.concurrent.atomic.AtomicLong peakAfterGc = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong collections = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.Set<String> heapPools = new java.util.HashSet<>();

    void start() {
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          heapPools.add(p.getName());
        }
      }
      for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((javax.management.NotificationEmitter) gc).addNotificationListener((n, hb) -> {
          if (!n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
          }
          var info = com.sun.management.GarbageCollectionNotificationInfo.from(
              (javax.management.openmbean.CompositeData) n.getUserData());
          long sum = 0;
          for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
              sum += e.getValue().getUsed();
            }
          }
          collections.incrementAndGet();
          peakAfterGc.accumulateAndGet(sum, Math::max);
        }, null, null);
      }
    }

    private static long heapUsed() {
      return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    String report() {
      long peak = peakAfterGc.get();
      long gcs = collections.get();
      System.gc();
      long now = heapUsed();
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      return String.format(Locale.ROOT, "{\"peakHeapAfterGcMB\":%.1f,\"collections\":%d,\"heapAfterFullGcMB\":%.1f,"
          + "\"heapCommittedMB\":%.0f,\"heapMaxMB\":%.0f,\"vmHwmMB\":%.1f,\"vmRssMB\":%.1f,\"threads\":%d}",
          peak / 1048576.0, gcs, now / 1048576.0, heap.getCommitted() / 1048576.0, heap.getMax() / 1048576.0,
          status("VmHWM"), status("VmRSS"), Thread.activeCount());
    }

    private static double status(String field) {
      try {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (l.startsWith(field + ":")) {
            return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
          }
        }
      } catch (IOException | RuntimeException e) {
        return -1;
      }
      return -1;
    }
  }
}
