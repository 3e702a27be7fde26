package social.kith.bench.activitypub;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import social.kith.activitypub.delivery.DeliveryJob;
import social.kith.activitypub.delivery.DeliveryWorker;
import social.kith.activitypub.delivery.InMemoryDeliveryQueue;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.activitypub.fetch.RemotePoster;
import social.kith.activitypub.outbox.FollowerDirectory;
import social.kith.activitypub.outbox.InboxTarget;
import social.kith.activitypub.outbox.LocalActor;
import social.kith.activitypub.outbox.OutboundActivity;
import social.kith.activitypub.outbox.Outbox;
import social.kith.activitypub.signature.SigningCredential;
import social.kith.core.model.PostDraft;
import social.kith.crypto.RsaKeys;

/**
 * Fan-out of one public post to 500 follower inboxes on loopback: building the activity and the
 * 500 jobs, then signing each delivery with RSA-2048 (draft-cavage) and POSTing it to a JDK HTTP
 * server on 127.0.0.1 that answers 202, {@code concurrency} at a time. The score is deliveries per
 * second (one operation = one delivery). The in-memory queue is used so the number is the
 * network and signing path, not fsync.
 *
 * <pre>
 * mvn -B -q -o -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar DeliveryBenchmark -f 1 -wi 2 -i 3 -r 2s -w 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DeliveryBenchmark {
  static final int FOLLOWERS = 500;

  @Param({"8"})
  public int concurrency;

  private HttpServer server;
  private ExecutorService serverThreads;
  private Outbox outbox;
  private LocalActor actor;
  private RemotePoster poster;
  private SigningCredential credential;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1000);
    serverThreads = Executors.newFixedThreadPool(4);
    server.setExecutor(serverThreads);
    server.createContext("/", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        in.readAllBytes();
      }
      ex.sendResponseHeaders(202, -1);
      ex.close();
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    List<InboxTarget> followers = new ArrayList<>();
    for (int i = 0; i < FOLLOWERS; i++) {
      URI a = URI.create(base + "/users/f" + i);
      followers.add(InboxTarget.of(a, URI.create(a + "/inbox")));
    }
    FollowerDirectory directory = local -> followers;
    outbox = Outbox.builder().followers(directory).build();
    actor = LocalActor.of(URI.create("https://kith.test/users/alice"));
    credential = SigningCredential.of(actor.id() + "#main-key", RsaKeys.generate(2048));
    poster = RemotePoster.builder().policy(FetchPolicy.builder().insecureAllowLoopbackForTesting().build()).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    server.stop(0);
    serverThreads.shutdownNow();
  }

  @Benchmark
  @OperationsPerInvocation(FOLLOWERS)
  public int fanOutToFiveHundredInboxes() {
    OutboundActivity post = outbox.publish(actor, PostDraft.ofText("hello, five hundred followers"));
    InMemoryDeliveryQueue queue = InMemoryDeliveryQueue.forTests();
    List<DeliveryJob> jobs = outbox.send(post, queue);
    try (DeliveryWorker worker = DeliveryWorker.builder().queue(queue).poster(poster)
        .senderKeys(a -> Optional.of(credential)).concurrency(concurrency).build()) {
      int attempts = worker.drain();
      if (attempts != jobs.size() || queue.pendingCount() != 0) {
        throw new IllegalStateException(attempts + " attempts for " + jobs.size() + " jobs");
      }
      return attempts;
    }
  }
}
