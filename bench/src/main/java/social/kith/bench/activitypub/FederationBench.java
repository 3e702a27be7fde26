package social.kith.bench.activitypub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import social.kith.activitypub.signature.Headers;
import social.kith.activitypub.signature.HttpMessage;
import social.kith.activitypub.signature.HttpSigner;
import social.kith.activitypub.signature.SignatureGeneration;
import social.kith.activitypub.signature.SigningCredential;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaKeys;
import social.kith.crypto.RsaPrivateKey;

/**
 * Kith's embedded actor server and durable delivery beside a Fedify 2.3.6 server, in one run on
 * loopback (see the ActivityPub federation section of {@code BENCHMARKS.md}). This JVM is the
 * driver and the load generator, the same for both servers:
 * <ul>
 *   <li><b>Remote side.</b> JDK HTTP servers on {@code 127.0.1.1 ... 127.0.1.H} serve the sender
 *       actors (RSA-2048 keys) whose keys both servers fetch once and cache; spreading the senders over
 *       H hosts is what a busy inbox sees, and keeps Kith's per-server inbox rate limit (600 a minute
 *       per host by default) out of the measurement. A sink server on {@code 127.0.0.1} serves 500
 *       follower actors, each with its own inbox URL (no shared inbox), and records every delivery
 *       that arrives.
 *   <li><b>Inbox throughput.</b> Distinct {@code Create{Note}} activities (one per request, ~2 KiB,
 *       draft-cavage-12 signatures with {@code Digest}), all signed before the clock starts, POSTed
 *       over keep-alive HTTP/1.1 connections with a fixed concurrency by a minimal socket client, to
 *       Kith ({@link KithFederationNode}, its own JVM) and to Fedify ({@code ap-federation-fedify.mjs});
 *       only 2xx answers count. One corrupted signature is sent to each first and must be refused with
 *       401, and after the rounds each server must hold exactly as many stored posts as it accepted.
 *   <li><b>Fan-out.</b> One public post to 500 followers: from the command to the moment the 500th
 *       distinct inbox received it (Kith: {@code publish} through core's API, durable queue,
 *       delivery worker; Fedify: {@code sendActivity} to "followers", queued and immediate).
 *   <li><b>Memory</b> of the Kith JVM under that load, and <b>RSA-2048 signing</b> in this JVM (the
 *       bound of fan-out without shared inboxes).
 * </ul>
 * Writes {@code kith.json} (JMH's result format, so {@code bench/report.mjs} reads it),
 * {@code anchor.json}, {@code memory.json}, {@code checks.json} into the output directory.
 *
 * <p>Usage: {@code java -cp benchmarks.jar social.kith.bench.activitypub.FederationBench <outDir>
 * <repoRoot> [kithPerRound=4000] [fedifyPerRound=400] [rounds=3] [concurrency=16] [followers=500]
 * [fanOutRounds=5]}
 */
public final class FederationBench {
  private static final String PREFIX = "social.kith.bench.activitypub.FederationBench.";

  private final Path out;
  private final Path root;
  private final int kithPerRound;
  private final int fedifyPerRound;
  private final int rounds;
  private final int concurrency;
  private final int followers;
  private final int fanOutRounds;
  private final PrintWriter log;
  private final List<HttpServer> servers = new ArrayList<>();
  private final ExecutorService serverPool = Executors.newFixedThreadPool(8, daemon("remote-http"));
  private final List<Sender> senders = new ArrayList<>();
  private final Map<String, byte[]> actorDocs = new ConcurrentHashMap<>();
  private final Sink sink = new Sink();
  private String kithSinkBase;
  private String fedifySinkBase;

  private FederationBench(String[] a) throws IOException {
    out = Path.of(a[0]);
    root = Path.of(a[1]);
    kithPerRound = a.length > 2 ? Integer.parseInt(a[2]) : 4000;
    fedifyPerRound = a.length > 3 ? Integer.parseInt(a[3]) : 400;
    rounds = a.length > 4 ? Integer.parseInt(a[4]) : 3;
    concurrency = a.length > 5 ? Integer.parseInt(a[5]) : 16;
    followers = a.length > 6 ? Integer.parseInt(a[6]) : 500;
    fanOutRounds = a.length > 7 ? Integer.parseInt(a[7]) : 5;
    Files.createDirectories(out);
    log = new PrintWriter(Files.newBufferedWriter(out.resolve("run.txt"), StandardCharsets.UTF_8), true);
  }

  public static void main(String[] args) throws Exception {
    // The JDK server otherwise answers with Nagle's algorithm on: a response written in two parts
    // (headers, then the body) waits for the client's delayed ACK, ~40 ms per answer on Linux.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // ... and it closes a connection as soon as it turns idle once 200 others are idle: Fedify's
    // immediate fan-out opens 500 at once. Let the sinks keep every keep-alive connection open.
    System.setProperty("sun.net.httpserver.maxIdleConnections", "4000");
    new FederationBench(args).run();
    System.exit(0); // the children are gone; do not wait for pool threads
  }

  private void say(String s) {
    System.err.println(s);
    log.println(s);
  }

  // ------------------------------------------------------------------ the run

  private void run() throws Exception {
    int kithTotal = kithPerRound * (rounds + 2);
    int hosts = Math.max(8, (kithTotal + 399) / 400);
    say("FederationBench: kith " + kithPerRound + "/round, fedify " + fedifyPerRound + "/round, " + rounds
        + " rounds after a double-length warm-up, concurrency " + concurrency + ", " + followers + " followers, " + fanOutRounds
        + " fan-out rounds, " + hosts + " sender hosts, " + Runtime.getRuntime().availableProcessors() + " cores");
    Map<String, double[]> kith = new LinkedHashMap<>();
    Map<String, Object> anchor = new LinkedHashMap<>();
    Map<String, Object> checks = new LinkedHashMap<>();

    double[] rsa1 = rsaSignRate(1);
    double[] rsaAll = rsaSignRate(Runtime.getRuntime().availableProcessors());
    say("RSA-2048 sign, 1 thread: " + fmt(rsa1) + "; all cores: " + fmt(rsaAll));
    kith.put("jdkRsa2048SignOneCore", rsa1);
    kith.put("jdkRsa2048SignAllCores", rsaAll);

    startRemoteSide(hosts);
    Path tmp = Files.createTempDirectory("kith-ap-federation");
    Child kithNode = startKith(tmp);
    Child fedify = startFedify();
    boolean ok = false;
    try {
      String[] ready = kithNode.readLine().split(" ");
      while (!ready[0].equals("ready")) { // JVM notices (e.g. a JFR recording starting) come first
        ready = kithNode.readLine().split(" ");
      }
      URI kithInbox = URI.create(ready[2]);
      String fedifyHello = fedify.readLine();
      URI fedifyInbox = URI.create(jsonString(fedifyHello, "inbox"));
      fedify.call("{\"cmd\":\"followers\",\"base\":\"" + fedifySinkBase + "\",\"count\":" + followers + "}");
      say("Kith inbox " + kithInbox + ", Fedify inbox " + fedifyInbox);

      // ---- inbox throughput
      long t0 = System.nanoTime();
      // The warm-up round is twice as long as a measured one: both runtimes compile their hot paths.
      List<byte[]> kithReqs = signAll(kithInbox, "k", kithPerRound * (rounds + 2));
      List<byte[]> fedifyReqs = signAll(fedifyInbox, "f", fedifyPerRound * (rounds + 2));
      say(String.format(Locale.ROOT, "signed %d + %d requests in %.1f s (before any clock starts)",
          kithReqs.size(), fedifyReqs.size(), (System.nanoTime() - t0) / 1e9));
      checks.put("kithCorruptedSignature", corrupted(kithInbox, kithNode, false));
      checks.put("fedifyCorruptedSignature", corrupted(fedifyInbox, fedify, true));
      fedifyCpuBefore = fedifyCpu(fedify);

      double[] kithRates = new double[rounds];
      double[] fedifyRates = new double[rounds];
      double[] kithPerCpu = new double[rounds];
      double[] fedifyPerCpu = new double[rounds];
      long kithAccepted = 0;
      long fedifyAccepted = 0;
      Map<Integer, Integer> statuses = new TreeMap<>();
      for (int r = 0; r <= rounds; r++) {
        double c0 = kithCpu(kithNode);
        Round k = blast(kithInbox, kithReqs.subList(r == 0 ? 0 : (r + 1) * kithPerRound, (r + 2) * kithPerRound));
        double c1 = kithCpu(kithNode);
        Round f = blast(fedifyInbox, fedifyReqs.subList(r == 0 ? 0 : (r + 1) * fedifyPerRound, (r + 2) * fedifyPerRound));
        double c2 = fedifyCpu(fedify);
        kithAccepted += k.accepted;
        fedifyAccepted += f.accepted;
        say(String.format(Locale.ROOT, "inbox round %s: Kith %d/%d accepted in %.2f s = %.0f/s %s, %.0f us CPU each;"
            + " Fedify %d/%d in %.2f s = %.1f/s %s, %.0f us CPU each",
            r == 0 ? "warm-up" : Integer.toString(r), k.accepted, k.sent, k.seconds, k.rate(), k.statuses,
            (c1 - c0) * 1e6 / k.accepted, f.accepted, f.sent, f.seconds, f.rate(), f.statuses,
            (c2 - fedifyCpuBefore) * 1e6 / f.accepted));
        if (r > 0) {
          kithRates[r - 1] = k.rate();
          fedifyRates[r - 1] = f.rate();
          kithPerCpu[r - 1] = k.accepted / (c1 - c0);
          fedifyPerCpu[r - 1] = f.accepted / (c2 - fedifyCpuBefore);
          k.statuses.forEach((s, n) -> statuses.merge(s, n, Integer::sum));
        }
        fedifyCpuBefore = fedifyCpu(fedify);
      }
      kith.put("inboxAcceptedPerCpuSecond", kithPerCpu);
      anchor.put("fedifyInboxAcceptedPerCpuSecond", rates(fedifyPerCpu));
      long kithStored = Long.parseLong(kithNode.call("stored").split(" ")[1]);
      long fedifyStored = Long.parseLong(jsonNumber(fedify.call("{\"cmd\":\"stored\"}"), "stored"));
      say("stored: Kith " + kithStored + " of " + kithAccepted + " accepted; Fedify " + fedifyStored + " of " + fedifyAccepted);
      checks.put("kithAcceptedEqualsStored", kithStored == kithAccepted);
      checks.put("fedifyAcceptedEqualsStored", fedifyStored == fedifyAccepted);
      checks.put("kithInboxStatuses", statuses.toString());
      if (kithStored != kithAccepted || fedifyStored != fedifyAccepted) {
        throw new IllegalStateException("a server answered 2xx for a post it did not store");
      }
      kith.put("inboxAccepted", kithRates);
      anchor.put("fedifyInboxAccepted", rates(fedifyRates));
      String kithMemInbox = kithNode.call("mem");
      say("Kith memory after the inbox load: " + kithMemInbox);

      // ---- fan-out
      double[] kithFan = new double[fanOutRounds];
      double[] fedQueued = new double[fanOutRounds];
      double[] fedImmediate = new double[fanOutRounds];
      double[] kithFanCpu = new double[fanOutRounds];
      double[] fedQueuedCpu = new double[fanOutRounds];
      for (int r = 0; r <= fanOutRounds; r++) {
        String n = Integer.toString(r);
        double c0 = kithCpu(kithNode);
        double k = fanOut("K" + n, () -> kithNode.call("publish K" + n));
        double c1 = kithCpu(kithNode);
        double c2 = fedifyCpu(fedify);
        double q = fanOut("Q" + n, () -> fedify.call("{\"cmd\":\"fanout\",\"mode\":\"queued\",\"n\":\"Q" + n + "\"}"));
        double c3 = fedifyCpu(fedify);
        double i = fanOut("I" + n, () -> fedify.call("{\"cmd\":\"fanout\",\"mode\":\"immediate\",\"n\":\"I" + n + "\"}"));
        say(String.format(Locale.ROOT, "fan-out round %s to %d inboxes: Kith %.3f s (%.3f s CPU), Fedify queued %.3f s (%.3f s CPU),"
            + " Fedify immediate %.3f s", r == 0 ? "warm-up" : Integer.toString(r), followers, k, c1 - c0, q, c3 - c2, i));
        if (r > 0) {
          kithFan[r - 1] = followers / k;
          fedQueued[r - 1] = followers / q;
          fedImmediate[r - 1] = followers / i;
          kithFanCpu[r - 1] = followers / (c1 - c0);
          fedQueuedCpu[r - 1] = followers / (c3 - c2);
        }
      }
      kith.put("fanOutDeliveriesPerCpuSecond", kithFanCpu);
      anchor.put("fedifyFanOutQueuedPerCpuSecond", rates(fedQueuedCpu));
      kith.put("fanOutDeliveries", kithFan);
      anchor.put("fedifyFanOutQueued", rates(fedQueued));
      anchor.put("fedifyFanOutImmediate", rates(fedImmediate));
      checks.put("deliveriesWithoutSignature", sink.unsigned.get());
      checks.put("strayDeliveries", sink.stray.get());
      if (sink.unsigned.get() != 0) {
        throw new IllegalStateException(sink.unsigned.get() + " deliveries arrived without a signature");
      }

      // ---- memory
      String kithMem = kithNode.call("mem");
      String fedifyMem = fedify.call("{\"cmd\":\"mem\"}");
      say("Kith memory at the end: " + kithMem + "; Fedify: " + fedifyMem);
      Map<String, Object> memory = new LinkedHashMap<>();
      memory.put("kithJvm", "-Xmx" + KITH_HEAP);
      memory.put("kithAfterInboxLoad", new Raw(kithMemInbox));
      memory.put("kithAtEnd", new Raw(kithMem));
      memory.put("fedifyAtEnd", new Raw(fedifyMem.replace("\"reply\":\"mem\",", "")));
      Files.writeString(out.resolve("memory.json"), toJson(memory) + "\n");

      double kithInboxMedian = median(kithRates);
      double fedInboxMedian = median(fedifyRates);
      double fanMedian = median(kithFan);
      Map<String, Object> goals = new LinkedHashMap<>();
      goals.put("inboxKithPerFedify", round2(kithInboxMedian / fedInboxMedian));
      goals.put("inboxGoal", "20x " + (kithInboxMedian / fedInboxMedian >= 20 ? "met" : "missed"));
      goals.put("fanOutKithPerFedifyQueued", round2(fanMedian / median(fedQueued)));
      goals.put("fanOutKithPerFedifyImmediate", round2(fanMedian / median(fedImmediate)));
      double best = Math.max(median(fedQueued), median(fedImmediate));
      goals.put("fanOutGoal", "2x the faster Fedify mode " + (fanMedian / best >= 2 ? "met" : "missed"));
      goals.put("kithFanOutSeconds", round3(followers / fanMedian));
      goals.put("fedifyFanOutSecondsQueued", round3(followers / median(fedQueued)));
      goals.put("fedifyFanOutSecondsImmediate", round3(followers / median(fedImmediate)));
      // the best round: a bound, which a busy machine's slow rounds would only understate
      goals.put("fanOutRsaBoundSecondsOneCore", round3(followers / java.util.Arrays.stream(rsa1).max().orElseThrow()));
      checks.putAll(goals);
      Files.writeString(out.resolve("checks.json"), toJson(checks) + "\n");

      anchor.put("_meta", new Raw(toJson(meta(fedify))));
      Files.writeString(out.resolve("anchor.json"), toJson(anchor) + "\n");
      Files.writeString(out.resolve("kith.json"), jmhJson(kith) + "\n");
      say("goals: " + toJson(goals));
      ok = true;
    } finally {
      kithNode.close("quit");
      fedify.close("{\"cmd\":\"stop\"}");
      servers.forEach(s -> s.stop(0));
      if (ok) {
        deleteTree(tmp);
      } else {
        say("Kith's data directory is kept for inspection: " + tmp);
      }
      log.close();
    }
  }

  // ------------------------------------------------------------------ RSA signing bound

  private static double[] rsaSignRate(int threads) throws Exception {
    RsaPrivateKey key = RsaKeys.generate(2048);
    byte[] msg = "(request-target): post /users/bench/inbox\nhost: 127.0.0.1\ndate: x\ndigest: SHA-256=y"
        .getBytes(StandardCharsets.UTF_8);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    double[] rates = new double[3];
    try {
      for (int r = -1; r < rates.length; r++) {
        long end = System.nanoTime() + 1_000_000_000L;
        List<Future<Long>> fs = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
          fs.add(pool.submit(() -> {
            long n = 0;
            while (System.nanoTime() < end) {
              key.signPkcs1Sha256(msg);
              n++;
            }
            return n;
          }));
        }
        long n = 0;
        for (Future<Long> f : fs) {
          n += f.get();
        }
        double rate = n / ((System.nanoTime() - start) / 1e9);
        if (r >= 0) {
          rates[r] = rate / threads; // per core
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return rates;
  }

  // ------------------------------------------------------------------ the remote side

  private record Sender(String actor, SigningCredential credential) {}

  private void startRemoteSide(int hosts) throws IOException {
    for (int h = 1; h <= hosts; h++) {
      HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.1." + h), 0), 200);
      s.setExecutor(serverPool);
      s.createContext("/", ex -> serveDoc(ex));
      s.start();
      servers.add(s);
      String actor = "http://127.0.1." + h + ":" + s.getAddress().getPort() + "/users/s" + h;
      RsaPrivateKey key = RsaKeys.generate(2048);
      senders.add(new Sender(actor, SigningCredential.of(actor + "#main-key", key)));
      actorDocs.put(URI.create(actor).getRawPath() + "@" + h, actorDoc(actor, actor + "/inbox", Pem.writeSpki(key.verifyingKey())));
    }
    kithSinkBase = startSink();
    fedifySinkBase = startSink();
  }

  /** One sink server (Kith and Fedify each get their own, so neither's connections crowd the other's). */
  private String startSink() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1000);
    s.setExecutor(serverPool);
    s.createContext("/", sink::handle);
    s.start();
    servers.add(s);
    String base = "http://127.0.0.1:" + s.getAddress().getPort() + "/followers";
    RsaPrivateKey followerKey = RsaKeys.generate(2048);
    String pem = Pem.writeSpki(followerKey.verifyingKey());
    for (int i = 0; i < followers; i++) {
      String a = base + "/f" + i;
      actorDocs.put(URI.create(a).getRawPath() + "@" + s.getAddress().getPort(), actorDoc(a, a + "/inbox", pem));
    }
    return base;
  }

  private void serveDoc(HttpExchange ex) throws IOException {
    String host = ex.getLocalAddress().getAddress().getHostAddress();
    byte[] doc = actorDocs.get(ex.getRequestURI().getRawPath() + "@" + host.substring(host.lastIndexOf('.') + 1));
    answerDoc(ex, doc);
  }

  private static void answerDoc(HttpExchange ex, byte[] doc) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      in.readAllBytes();
    }
    if (doc == null || !ex.getRequestMethod().equals("GET")) {
      ex.sendResponseHeaders(404, -1);
    } else {
      ex.getResponseHeaders().set("Content-Type", "application/activity+json");
      ex.sendResponseHeaders(200, doc.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(doc);
      }
    }
    ex.close();
  }

  private static byte[] actorDoc(String id, String inbox, String pem) {
    String name = id.substring(id.lastIndexOf('/') + 1);
    return ("{\"@context\":[\"https://www.w3.org/ns/activitystreams\",\"https://w3id.org/security/v1\"],"
        + "\"id\":\"" + id + "\",\"type\":\"Person\",\"preferredUsername\":\"" + name + "\",\"name\":\"" + name + "\","
        + "\"inbox\":\"" + inbox + "\",\"outbox\":\"" + id + "/outbox\",\"followers\":\"" + id + "/followers\","
        + "\"publicKey\":{\"id\":\"" + id + "#main-key\",\"owner\":\"" + id + "\",\"publicKeyPem\":\""
        + pem.replace("\n", "\\n") + "\"}}").getBytes(StandardCharsets.UTF_8);
  }

  /** Serves the follower actors and records every delivery to their inboxes. */
  private final class Sink {
    final AtomicLong unsigned = new AtomicLong();
    final AtomicLong stray = new AtomicLong();
    volatile String marker;
    volatile Set<String> arrived = ConcurrentHashMap.newKeySet();
    volatile CountDownLatch done = new CountDownLatch(1);
    volatile long lastArrival;

    void expect(String m) {
      arrived = ConcurrentHashMap.newKeySet();
      done = new CountDownLatch(1);
      marker = m;
    }

    void handle(HttpExchange ex) throws IOException {
      if (!ex.getRequestMethod().equals("POST")) {
        answerDoc(ex, actorDocs.get(ex.getRequestURI().getRawPath() + "@" + ex.getLocalAddress().getPort()));
        return;
      }
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      long now = System.nanoTime();
      if (!ex.getRequestHeaders().containsKey("Signature")) {
        unsigned.incrementAndGet();
      }
      String m = marker;
      String text = new String(body, StandardCharsets.UTF_8);
      if (m != null && text.contains(m) && ex.getRequestURI().getRawPath().endsWith("/inbox")) {
        Set<String> a = arrived;
        if (a.add(ex.getRequestURI().getRawPath()) && a.size() == followers) {
          lastArrival = now;
          done.countDown();
        }
      } else if (stray.incrementAndGet() == 1) {
        say("first stray delivery to " + ex.getRequestURI() + ": "
            + text.substring(0, Math.min(600, text.length())));
      }
      ex.sendResponseHeaders(202, -1);
      ex.close();
    }
  }

  private interface Call {
    String run() throws IOException;
  }

  /** Seconds from the command to the last of {@code followers} distinct inboxes receiving the post. */
  private double fanOut(String label, Call command) throws Exception {
    String marker = "followers (" + label + ")";
    sink.expect(marker);
    long start = System.nanoTime();
    String reply = command.run();
    if (reply.startsWith("error") || reply.contains("\"error\"")) {
      throw new IllegalStateException(label + ": " + reply);
    }
    if (!sink.done.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException(label + ": only " + sink.arrived.size() + " (stray " + sink.stray.get() + ")" + " of " + followers + " inboxes reached");
    }
    return (sink.lastArrival - start) / 1e9;
  }

  // ------------------------------------------------------------------ inbox load

  private static final String TEXT = "A fairly ordinary toot with a mention, a hashtag and a link. ";

  /** {@code n} signed requests to {@code inbox}, each a distinct Create{Note} of one of the senders. */
  private List<byte[]> signAll(URI inbox, String tag, int n) throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<byte[]>> fs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int idx = i;
        fs.add(pool.submit(() -> request(inbox, senders.get(idx % senders.size()), tag + idx, false)));
      }
      List<byte[]> out = new ArrayList<>(n);
      for (Future<byte[]> f : fs) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] request(URI inbox, Sender s, String id, boolean corrupt) {
    String a = s.actor();
    String note = a + "/statuses/" + id;
    String body = "{\"@context\":[\"https://www.w3.org/ns/activitystreams\",{\"sensitive\":\"as:sensitive\",\"Hashtag\":\"as:Hashtag\"}],"
        + "\"id\":\"" + note + "/activity\",\"type\":\"Create\",\"actor\":\"" + a + "\",\"published\":\"2026-11-26T12:00:00Z\","
        + "\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"],\"cc\":[\"" + a + "/followers\"],"
        + "\"object\":{\"id\":\"" + note + "\",\"type\":\"Note\",\"attributedTo\":\"" + a + "\",\"published\":\"2026-11-26T12:00:00Z\","
        + "\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"],\"cc\":[\"" + a + "/followers\"],\"sensitive\":false,"
        + "\"content\":\"<p>" + id + ": " + TEXT.repeat(14) + "<a href=\\\"https://remote.example/tags/kith\\\">#kith</a></p>\","
        + "\"tag\":[{\"type\":\"Hashtag\",\"href\":\"https://remote.example/tags/kith\",\"name\":\"#kith\"}],"
        + "\"attachment\":[],\"replies\":{\"id\":\"" + note + "/replies\",\"type\":\"Collection\",\"totalItems\":0}}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpMessage.Request req = HttpMessage.Request.of("POST", inbox,
        Headers.of("Content-Type", "application/activity+json"), bytes);
    Headers sig = HttpSigner.builder().credential(s.credential()).build().sign(req, SignatureGeneration.CAVAGE_12);
    StringBuilder h = new StringBuilder("POST ").append(inbox.getRawPath()).append(" HTTP/1.1\r\n")
        .append("Host: ").append(inbox.getRawAuthority()).append("\r\n")
        .append("Content-Type: application/activity+json\r\n")
        .append("Content-Length: ").append(bytes.length).append("\r\n");
    for (String name : sig.names()) {
      for (String v : sig.all(name)) {
        if (corrupt && name.equalsIgnoreCase("signature")) {
          int at = v.indexOf("signature=\"") + 11;
          v = v.substring(0, at) + (v.charAt(at) == 'A' ? 'B' : 'A') + v.substring(at + 1);
        }
        h.append(name).append(": ").append(v).append("\r\n");
      }
    }
    h.append("\r\n");
    byte[] head = h.toString().getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + bytes.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bytes, 0, all, head.length, bytes.length);
    return all;
  }

  /** Sends one request with a corrupted signature: it must be refused with 401 and store nothing. */
  private String corrupted(URI inbox, Child server, boolean fedify) throws Exception {
    Function<String, Long> stored = reply -> Long.parseLong(fedify ? jsonNumber(reply, "stored") : reply.split(" ")[1]);
    String ask = fedify ? "{\"cmd\":\"stored\"}" : "stored";
    long before = stored.apply(server.call(ask));
    Round r = blast(inbox, List.of(request(inbox, senders.get(0), "corrupted", true)));
    long after = stored.apply(server.call(ask));
    String result = r.statuses + ", stored " + before + " -> " + after;
    say("corrupted signature to " + inbox + ": " + result);
    if (r.accepted != 0 || !r.statuses.containsKey(401) || after != before) {
      throw new IllegalStateException("a corrupted signature was not refused: " + result);
    }
    return result;
  }

  private double fedifyCpuBefore;

  /** CPU seconds the Kith JVM used so far. */
  private static double kithCpu(Child kith) throws IOException {
    return Long.parseLong(kith.call("stored").split(" ")[2]) / 1e9;
  }

  /** CPU seconds the Fedify process used so far. */
  private static double fedifyCpu(Child fedify) throws IOException {
    return Long.parseLong(jsonNumber(fedify.call("{\"cmd\":\"stored\"}"), "cpuMicros")) / 1e6;
  }

  private static final class Round {
    int sent;
    long accepted;
    double seconds;
    final Map<Integer, Integer> statuses = new TreeMap<>();

    double rate() {
      return accepted / seconds;
    }
  }

  /** POSTs every request over {@code concurrency} keep-alive connections; returns the 2xx rate. */
  private Round blast(URI inbox, List<byte[]> requests) throws Exception {
    int conns = Math.min(concurrency, requests.size());
    AtomicInteger next = new AtomicInteger();
    CountDownLatch ready = new CountDownLatch(conns);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(conns, daemon("load"));
    List<Future<Map<Integer, Integer>>> fs = new ArrayList<>();
    for (int c = 0; c < conns; c++) {
      fs.add(pool.submit(() -> {
        Map<Integer, Integer> st = new TreeMap<>();
        Conn conn = new Conn(inbox);
        try {
          ready.countDown();
          go.await();
          int i;
          while ((i = next.getAndIncrement()) < requests.size()) {
            st.merge(conn.exchange(requests.get(i)), 1, Integer::sum);
          }
        } finally {
          conn.close();
        }
        return st;
      }));
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    Round r = new Round();
    for (Future<Map<Integer, Integer>> f : fs) {
      f.get().forEach((s, n) -> r.statuses.merge(s, n, Integer::sum));
    }
    r.seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdownNow();
    r.sent = requests.size();
    r.statuses.forEach((s, n) -> {
      if (s >= 200 && s < 300) {
        r.accepted += n;
      }
    });
    return r;
  }

  /** One keep-alive HTTP/1.1 connection that sends pre-built requests and reads status codes. */
  private static final class Conn {
    private final URI target;
    private Socket socket;
    private InputStream in;
    private OutputStream os;

    Conn(URI target) {
      this.target = target;
    }

    int exchange(byte[] request) throws IOException {
      if (socket == null) {
        socket = new Socket(target.getHost(), target.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(120_000);
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        os = socket.getOutputStream();
      }
      os.write(request);
      os.flush();
      String status = line();
      if (status == null) {
        throw new IOException("connection closed before a response");
      }
      int code = Integer.parseInt(status.split(" ")[1]);
      long length = 0;
      boolean chunked = false;
      boolean close = false;
      String l;
      while ((l = line()) != null && !l.isEmpty()) {
        String lower = l.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).strip());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          close = true;
        }
      }
      if (chunked) {
        long n;
        while ((n = Long.parseLong(line().strip().split(";")[0], 16)) > 0) {
          in.skipNBytes(n);
          line();
        }
        while ((l = line()) != null && !l.isEmpty()) {
          // trailers
        }
      } else {
        in.skipNBytes(length);
      }
      if (close) {
        close();
      }
      return code;
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          int n = sb.length();
          return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
        }
        sb.append((char) c);
      }
      return sb.length() == 0 ? null : sb.toString();
    }

    void close() throws IOException {
      if (socket != null) {
        socket.close();
        socket = null;
      }
    }
  }

  // ------------------------------------------------------------------ children

  static final String KITH_HEAP = "512m";

  private static final class Child {
    final Process process;
    final BufferedReader reader;
    final PrintWriter writer;
    final boolean json;

    Child(Process p, boolean json) {
      this.process = p;
      this.reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      this.writer = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
      this.json = json;
    }

    String readLine() throws IOException {
      String l = reader.readLine();
      if (l == null) {
        throw new IOException("the child ended (exit " + waitExit() + ")");
      }
      return l;
    }

    private int waitExit() {
      try {
        return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
      } catch (InterruptedException e) {
        return -1;
      }
    }

    synchronized String call(String line) throws IOException {
      writer.println(line);
      String reply = readLine();
      while (json && !reply.startsWith("{\"reply\"")) {
        reply = readLine(); // not an answer (Fedify prints nothing else, but be safe)
      }
      return reply;
    }

    void close(String bye) {
      try {
        writer.println(bye);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
      }
    }
  }

  private Child startKith(Path dataDir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + KITH_HEAP));
    String extra = System.getenv("KITH_BENCH_CHILD_JVM_ARGS"); // e.g. a JFR recording when profiling
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(List.of(extra.strip().split("\\s+")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KithFederationNode.class.getName(),
        dataDir.toString(), kithSinkBase, Integer.toString(followers)));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.redirectError(out.resolve("kith-node.stderr.txt").toFile());
    return new Child(pb.start(), false);
  }

  private Child startFedify() throws IOException {
    ProcessBuilder pb = new ProcessBuilder("node", root.resolve("bench/anchors/ap-federation-fedify.mjs").toString());
    pb.redirectError(out.resolve("fedify.stderr.txt").toFile());
    return new Child(pb.start(), true);
  }

  // ------------------------------------------------------------------ output

  private Map<String, Object> meta(Child fedify) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fedify", "2.3.6 (MemoryKvStore; InProcessMessageQueue for fan-out and outbox; inbox listener inline)");
    m.put("node", run("node", "--version"));
    m.put("load", concurrency + " keep-alive connections from one JVM client, draft-cavage-12 RSA-2048 signatures");
    m.put("kithPerRound", kithPerRound);
    m.put("fedifyPerRound", fedifyPerRound);
    m.put("rounds", rounds);
    m.put("followers", followers);
    m.put("senderHosts", senders.size());
    return m;
  }

  private static String run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null")).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor();
      return s;
    } catch (IOException | InterruptedException e) {
      return "?";
    }
  }

  /** Pre-rendered JSON. */
  private record Raw(String json) {}

  private static Map<String, Object> rates(double[] r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("opsPerSec", median(r));
    m.put("rounds", r);
    return m;
  }

  private static String jmhJson(Map<String, double[]> results) {
    StringBuilder sb = new StringBuilder("[\n");
    String jvm = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int i = 0;
    for (Map.Entry<String, double[]> e : results.entrySet()) {
      Map<String, Object> metric = new LinkedHashMap<>();
      metric.put("score", median(e.getValue()));
      metric.put("scoreUnit", "ops/s");
      metric.put("rawData", new double[][] {e.getValue()});
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("benchmark", PREFIX + e.getKey());
      r.put("mode", "thrpt");
      r.put("threads", 1);
      r.put("jvm", jvm);
      r.put("vmVersion", System.getProperty("java.vm.version"));
      r.put("primaryMetric", metric);
      sb.append(i++ == 0 ? "" : ",\n").append(toJson(r));
    }
    return sb.append("\n]").toString();
  }

  private static String toJson(Object o) {
    if (o instanceof Raw r) {
      return r.json();
    }
    if (o instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(i++ == 0 ? "" : ", ").append(quote(e.getKey().toString())).append(": ").append(toJson(e.getValue()));
      }
      return sb.append('}').toString();
    }
    if (o instanceof double[] d) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < d.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(toJson(d[i]));
      }
      return sb.append(']').toString();
    }
    if (o instanceof double[][] dd) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < dd.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(toJson(dd[i]));
      }
      return sb.append(']').toString();
    }
    if (o instanceof Double d) {
      return Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "null";
    }
    if (o instanceof Number || o instanceof Boolean) {
      return o.toString();
    }
    return quote(String.valueOf(o));
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private static String jsonString(String json, String key) {
    int at = json.indexOf("\"" + key + "\":\"") + key.length() + 4;
    return json.substring(at, json.indexOf('"', at));
  }

  private static String jsonNumber(String json, String key) {
    int at = json.indexOf("\"" + key + "\":") + key.length() + 3;
    int end = at;
    while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '.')) {
      end++;
    }
    return json.substring(at, end);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }

  private static double round2(double d) {
    return Math.round(d * 100) / 100.0;
  }

  private static double round3(double d) {
    return Math.round(d * 1000) / 1000.0;
  }

  private static String fmt(double[] r) {
    return String.format(Locale.ROOT, "%.0f/s per core (rounds %s)", median(r), java.util.Arrays.toString(
        java.util.Arrays.stream(r).mapToLong(Math::round).toArray()));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static void deleteTree(Path p) {
    try (var s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
