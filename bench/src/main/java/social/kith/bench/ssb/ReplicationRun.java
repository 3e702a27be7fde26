package social.kith.bench.ssb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import social.kith.ssb.FeedId;
import social.kith.ssb.FeedState;
import social.kith.ssb.MessageValidator;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.peer.ReplicationMode;
import social.kith.ssb.peer.SsbPeer;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoreOptions;

/**
 * Kith's side of the replication benchmark (bench/run-ssb-replication.sh), one run, everything
 * over 127.0.0.1 with the benchmark feed (the same messages, ids checked, that the JS anchor
 * replicates):
 *
 * <ul>
 *   <li>{@code validateAndStore}: {@link SsbStore#appendAll} of the whole feed into a fresh store;
 *   <li>{@code validateOneThread}, {@code validateAllCores}: {@link MessageValidator#validateFeed}
 *       alone, to tell validation from storage and transfer;
 *   <li>{@code kithFromKithEbt}, {@code kithFromKithLegacy}: a fresh Kith follower dials a Kith
 *       peer holding the feed ({@link Replicas#replicateOnce});
 *   <li>{@code kithFromSsbServerEbt}, {@code kithFromSsbServerLegacy}: the same from a real
 *       ssb-server 16.0.1 ({@link JsPeer}: EBT only, or without ssb-ebt);
 *   <li>memory: {@link ReplicationMemory} in a child JVM with {@code -Xmx256m} replicating a longer
 *       feed from a Kith peer in this JVM.
 * </ul>
 *
 * <p>Each case runs {@code warmups} untimed rounds, then {@code runs} timed ones, each into a fresh
 * store with default {@link StoreOptions}. Writes {@code kith.json} and {@code memory.json} to
 * {@code outDir}.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar social.kith.bench.ssb.ReplicationRun OUT_DIR
 * [messages=20000] [runs=3] [memoryMessages=100000] [warmups=2]} from the repository root.
 */
public final class ReplicationRun {
  private ReplicationRun() {}

  private static final Path ANCHOR = Path.of("bench", "anchors", "ssb-replication-bench.mjs");

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: ReplicationRun OUT_DIR [messages=20000] [runs=3] [memoryMessages=100000] [warmups=2]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int memoryMessages = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
    int warmups = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    if (!Files.isRegularFile(ANCHOR)) {
      throw new IllegalStateException("run from the repository root: " + ANCHOR + " not found");
    }
    Files.createDirectories(out);
    String loadBefore = loadAverage();
    Path tmp = Files.createTempDirectory("kith-repl-bench");
    try {
      List<SsbMessage> feed = Replicas.feed(messages);
      FeedId author = feed.get(0).author();
      String firstId = feed.get(0).id().toString();
      String lastId = feed.get(messages - 1).id().toString();

      ObjectNode results = JsPeer.JSON.createObjectNode();
      results.set("validateAndStore", measure("validate and store (appendAll)", messages, warmups, runs, () -> {
        Path d = Files.createTempDirectory(tmp, "import");
        try (SsbStore store = SsbStore.open(d, StoreOptions.defaults())) {
          long start = System.nanoTime();
          store.appendAll(feed);
          double seconds = (System.nanoTime() - start) / 1e9;
          return check(new Replicas.Result(seconds, store.feedState(author).orElseThrow().sequence(),
              store.feedState(author).orElseThrow().latest().toString()), messages, lastId);
        } finally {
          Replicas.delete(d);
        }
      }));

      // Validation alone (no store, no network), to tell where the time of the rows above goes.
      List<JsonValue> values = feed.stream().map(m -> (JsonValue) m.value()).toList();
      MessageValidator validator = MessageValidator.mainNet();
      ExecutorService allCores = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
      try {
        results.set("validateOneThread", measure("validate only, one thread", messages, warmups, runs,
            () -> validateOnly(validator, values, Runnable::run, lastId)));
        results.set("validateAllCores", measure("validate only, all cores", messages, warmups, runs,
            () -> validateOnly(validator, values, allCores, lastId)));
      } finally {
        allCores.shutdown();
      }

      try (SsbStore source = Replicas.sourceStore(tmp.resolve("kith-source"), messages)) {
        for (ReplicationMode mode : List.of(ReplicationMode.EBT, ReplicationMode.LEGACY)) {
          try (SsbPeer server = Replicas.sourcePeer(source, tmp.resolve("kith-source-blobs-" + mode), mode)) {
            String address = server.address().orElseThrow();
            results.set("kithFromKith" + title(mode), measure("Kith from Kith, " + mode, messages, warmups, runs,
                () -> check(Replicas.replicateOnce(tmp, address, author, messages, mode), messages, lastId)));
          }
        }
      }

      for (ReplicationMode mode : List.of(ReplicationMode.EBT, ReplicationMode.LEGACY)) {
        try (JsPeer js = JsPeer.source(ANCHOR, mode == ReplicationMode.EBT ? "ebt" : "legacy", messages)) {
          if (!js.id.equals(author.toString()) || !js.ready.get("lastId").asText().equals(lastId)
              || !js.ready.get("firstId").asText().equals(firstId)) {
            throw new IllegalStateException("the ssb-server source holds another feed: " + js.ready);
          }
          results.set("kithFromSsbServer" + title(mode), measure("Kith from ssb-server, " + mode, messages, warmups,
              runs, () -> check(Replicas.replicateOnce(tmp, js.address, author, messages, mode), messages, lastId)));
        }
      }

      ObjectNode meta = results.putObject("_meta");
      meta.put("messages", messages).put("runs", runs).put("warmups", warmups).put("firstId", firstId)
          .put("lastId", lastId).put("author", author.toString()).put("storeOptions", StoreOptions.defaults().toString())
          .put("jvm", System.getProperty("java.home")).put("vmVersion", System.getProperty("java.vm.version"))
          .put("cores", Runtime.getRuntime().availableProcessors()).put("loadAverageBefore", loadBefore)
          .put("loadAverageAfter", loadAverage());
      Files.writeString(out.resolve("kith.json"), JsPeer.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results)
          + "\n", StandardCharsets.UTF_8);

      if (memoryMessages > 0) {
        Files.writeString(out.resolve("memory.json"), memory(tmp, memoryMessages) + "\n", StandardCharsets.UTF_8);
      }
    } finally {
      Replicas.delete(tmp);
    }
  }

  /** The 1, 5 and 15 minute load averages of /proc/loadavg (how busy the shared machine was), or "unknown". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String title(ReplicationMode mode) {
    return mode == ReplicationMode.EBT ? "Ebt" : "Legacy";
  }

  /** One timed replication or import. */
  private interface Trial {
    Replicas.Result run() throws Exception;
  }

  private static Replicas.Result check(Replicas.Result r, int messages, String lastId) {
    if (r.sequence() != messages || !r.lastId().equals(lastId)) {
      throw new IllegalStateException("stored up to " + r.sequence() + " ending with " + r.lastId()
          + ", expected " + messages + " ending with " + lastId);
    }
    return r;
  }

  private static Replicas.Result validateOnly(MessageValidator validator, List<JsonValue> values, Executor executor,
      String lastId) {
    long start = System.nanoTime();
    MessageValidator.FeedValidation v = validator.validateFeed(Optional.empty(), values, executor);
    double seconds = (System.nanoTime() - start) / 1e9;
    FeedState state = v.state().orElseThrow();
    return check(new Replicas.Result(seconds, v.validCount(), state.latest().toString()), values.size(), lastId);
  }

  private static ObjectNode measure(String label, int messages, int warmups, int runs, Trial trial) throws Exception {
    for (int i = 0; i < warmups; i++) {
      Replicas.Result r = trial.run();
      System.err.printf("%s: warm-up %d/%d: %.0f messages/s%n", label, i + 1, warmups, r.rate(messages));
    }
    ObjectNode node = JsPeer.JSON.createObjectNode();
    ArrayNode rates = JsPeer.JSON.createArrayNode();
    ArrayNode seconds = JsPeer.JSON.createArrayNode();
    List<Double> sorted = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Replicas.Result r = trial.run();
      rates.add(Math.round(r.rate(messages)));
      seconds.add(Math.round(r.seconds() * 1000) / 1000.0);
      sorted.add(r.rate(messages));
      System.err.printf("%s: run %d/%d: %.0f messages/s%n", label, i + 1, runs, r.rate(messages));
    }
    sorted.sort(null);
    node.put("messagesPerSec", Math.round(sorted.get(sorted.size() / 2)));
    node.set("runs", rates);
    node.set("seconds", seconds);
    return node;
  }

  /**
   * Replicates {@code messages} of the benchmark feed from a Kith peer in this JVM into a child JVM
   * ({@code -Xmx256m}, {@link ReplicationMemory}) and returns the child's JSON line.
   */
  private static String memory(Path tmp, int messages) throws Exception {
    System.err.printf("memory: importing %,d messages into the source store%n", messages);
    try (SsbStore source = Replicas.sourceStore(tmp.resolve("memory-source"), messages);
        SsbPeer server = Replicas.sourcePeer(source, tmp.resolve("memory-source-blobs"), ReplicationMode.EBT)) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String classPath = Path.of(ReplicationRun.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", classPath, ReplicationMemory.class.getName(),
          server.address().orElseThrow(), Replicas.authorKeys().id().toString(), Integer.toString(messages), "EBT",
          tmp.toString());
      pb.redirectInput(new File("/dev/null"));
      pb.redirectError(ProcessBuilder.Redirect.INHERIT);
      Process p = pb.start();
      String line;
      try (var r = p.inputReader(StandardCharsets.UTF_8)) {
        line = r.readLine();
      }
      if (!p.waitFor(15, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("the memory run did not finish");
      }
      if (p.exitValue() != 0 || line == null) {
        throw new IllegalStateException("the memory run failed with exit code " + p.exitValue());
      }
      JsonNode parsed = JsPeer.JSON.readTree(line);
      System.err.println("memory: " + parsed);
      return line;
    }
  }
}
