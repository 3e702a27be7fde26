package social.kith.activitypub.delivery;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.activitypub.fetch.RemotePoster;
import social.kith.activitypub.signature.SigningCredential;
import social.kith.crypto.Pem;

/**
 * The process {@link DeliveryCrashTest} kills: opens the log-backed queue, optionally enqueues the
 * deliveries, runs a background worker against the test inbox and reports the pending count on
 * stdout every 20 ms until stdin closes.
 *
 * <p>Arguments: queue file, PKCS#8 key file, inbox URL, {@code enqueue|resume}, job count.
 */
public final class DeliveryCrashChild {
  static final URI ACTOR = URI.create("https://kith.test/users/alice");

  private DeliveryCrashChild() {}

  static String activityId(int i) {
    return ACTOR + "/activities/crash-" + i;
  }

  static byte[] activity(int i) {
    return ("{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"" + activityId(i)
        + "\",\"type\":\"Create\",\"actor\":\"" + ACTOR + "\",\"object\":{\"type\":\"Note\",\"content\":\"post "
        + i + "\"}}").getBytes(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    SigningCredential credential = SigningCredential.of(ACTOR + "#main-key",
        Pem.rsaPrivateKey(Files.readString(Path.of(args[1]))));
    URI inbox = URI.create(args[2]);
    int count = Integer.parseInt(args[4]);
    LogDeliveryQueue queue = LogDeliveryQueue.open(file, new LogDeliveryQueue.Options(300, 100));
    if (args[3].equals("enqueue")) {
      Instant now = Instant.now();
      for (int from = 0; from < count; from += 100) {
        List<DeliveryJob> batch = new ArrayList<>();
        for (int i = from; i < Math.min(count, from + 100); i++) {
          batch.add(new DeliveryJob("job-" + i, activityId(i), ACTOR, inbox, activity(i), now, 0, now));
        }
        queue.enqueue(batch);
      }
    }
    System.out.println("ready " + queue.pendingCount());
    RemotePoster poster = RemotePoster.builder().policy(FetchPolicy.builder().insecureAllowLoopbackForTesting()
        .readTimeout(Duration.ofSeconds(5)).build()).build();
    DeliveryWorker worker = DeliveryWorker.builder().queue(queue).poster(poster)
        .senderKeys(a -> a.equals(ACTOR) ? Optional.of(credential) : Optional.empty())
        .retryPolicy(RetryPolicy.builder().baseDelay(Duration.ofMillis(200)).maxDelay(Duration.ofSeconds(1)).build())
        .circuitBreaker(HostCircuitBreaker.builder().failureThreshold(1000).build())
        .concurrency(8).idlePoll(Duration.ofMillis(20)).build();
    worker.start();
    Thread reporter = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          System.out.println("pending " + queue.pendingCount());
          java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
      } catch (RuntimeException e) {
        // the queue closed
      }
    });
    reporter.setDaemon(true);
    reporter.start();
    try (InputStream in = System.in) {
      while (in.read() >= 0) {
        // run until the parent closes stdin (or kills us)
      }
    }
    worker.close();
    queue.close();
  }
}
