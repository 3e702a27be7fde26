package social.kith.activitypub.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.signature.HttpSignatureVerifier;
import social.kith.activitypub.signature.VerificationKey;
import social.kith.crypto.Pem;

/**
 * Checklist items 62, 63 and 66 end to end: a child JVM enqueues 1,000 deliveries to a local
 * inbox and starts delivering (some answered 503 first, so they are mid-retry), is SIGKILLed,
 * restarted, SIGKILLed again during redelivery, and restarted once more. In the end every
 * activity reached the inbox at least once, always with the same id and bytes, every POST
 * carried a valid signature, and the queue is empty with nothing dead.
 */
class DeliveryCrashTest {
  static final int JOBS = 1000;
  static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

  @TempDir Path dir;

  @Test
  void everyDeliverySurvivesTwoKillsAndArrivesWithAStableId() throws Exception {
    Path key = dir.resolve("key.pem");
    Files.writeString(key, Pem.writePkcs8(DeliveryWorkerTest.KEY));
    Path queueFile = dir.resolve("queue.log");
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    try (RecordingInbox inbox = new RecordingInbox()) {
      // Every fifth activity is refused once with 503: those jobs are mid-retry when the kills land.
      inbox.script(p -> {
        int n = seen.computeIfAbsent(String.valueOf(p.activityId()), k -> new AtomicInteger()).getAndIncrement();
        boolean retryFirst = p.activityId() != null && p.activityId().hashCode() % 5 == 0;
        return retryFirst && n == 0 ? RecordingInbox.status(503) : RecordingInbox.status(202);
      });
      String url = inbox.inbox("/inbox").toString();
      long start = System.nanoTime();

      Child first = Child.start(dir, queueFile, key, url, "enqueue", 0);
      assertEquals("ready " + JOBS, first.awaitLine(l -> l.startsWith("ready")), "all jobs enqueued");
      awaitTrue(() -> inbox.accepted().size() >= 250, first, "first round");
      first.kill();

      Child second = Child.start(dir, queueFile, key, url, "resume", 1);
      int pendingAtRestart = Integer.parseInt(second.awaitLine(l -> l.startsWith("ready")).substring(6));
      assertTrue(pendingAtRestart > 0 && pendingAtRestart < JOBS,
          "the restart found part of the work still pending: " + pendingAtRestart);
      int atRestart = inbox.accepted().size();
      awaitTrue(() -> inbox.accepted().size() >= Math.min(JOBS, atRestart + 300), second, "second round");
      second.kill();

      Child third = Child.start(dir, queueFile, key, url, "resume", 2);
      third.awaitLine(l -> l.startsWith("ready"));
      third.awaitLine(l -> l.equals("pending 0"));
      third.kill();
      assertTrue(System.nanoTime() - start < DEADLINE_NANOS);

      Set<String> expected = new HashSet<>();
      for (int i = 0; i < JOBS; i++) {
        expected.add(DeliveryCrashChild.activityId(i));
      }
      assertEquals(expected, inbox.accepted(), "the de-duplicating receiver saw all 1,000 activities");

      HttpSignatureVerifier verifier = HttpSignatureVerifier.builder().build();
      Map<String, byte[]> bodies = new HashMap<>();
      for (RecordingInbox.Post p : inbox.posts()) {
        assertTrue(expected.contains(p.activityId()), "unexpected activity " + p.activityId());
        byte[] first0 = bodies.putIfAbsent(p.activityId(), p.body());
        if (first0 != null) {
          assertArrayEquals(first0, p.body(), "a redelivery sends the same bytes");
        }
        verifier.verify(p.asRequest(inbox.port()), keyId -> keyId.equals(DeliveryCrashChild.ACTOR + "#main-key")
            ? Optional.of(VerificationKey.of(DeliveryWorkerTest.KEY.verifyingKey())) : Optional.empty());
      }
      assertTrue(inbox.posts().size() >= JOBS + expected.stream().filter(id -> id.hashCode() % 5 == 0).count(),
          "retried activities were posted at least twice");
    }
    try (LogDeliveryQueue queue = LogDeliveryQueue.open(queueFile)) {
      assertEquals(0, queue.pendingCount());
      assertEquals(0, queue.deadLetters().size());
    }
  }

  private static void awaitTrue(BooleanSupplier condition, Child child, String what) throws IOException {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline || !child.process.isAlive()) {
        fail(what + ": condition not reached (alive=" + child.process.isAlive() + "); stderr: "
            + Files.readString(child.stderr));
      }
      LockSupport.parkNanos(5_000_000);
    }
  }

  /** A child JVM running {@link DeliveryCrashChild}, its stdout pumped into a line buffer. */
  private static final class Child {
    final Process process;
    final Path stderr;
    final java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();

    private Child(Process process, Path stderr) {
      this.process = process;
      this.stderr = stderr;
    }

    static Child start(Path dir, Path queue, Path key, String inbox, String mode, int round) throws IOException {
      Path err = dir.resolve("child-" + round + ".err");
      Process p = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp", System.getProperty("java.class.path"),
              DeliveryCrashChild.class.getName(), queue.toString(), key.toString(), inbox, mode,
              Integer.toString(JOBS))
          .redirectInput(ProcessBuilder.Redirect.PIPE)
          .redirectError(err.toFile())
          .start();
      Child c = new Child(p, err);
      Thread t = new Thread(() -> c.pump(), "crash-child-" + round);
      t.setDaemon(true);
      t.start();
      return c;
    }

    private void pump() {
      try (InputStream in = process.getInputStream()) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
          if (b == '\n') {
            lines.add(line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else {
            line.write(b);
          }
        }
      } catch (IOException e) {
        lines.add("pump failed: " + e);
      }
    }

    String awaitLine(java.util.function.Predicate<String> wanted) throws Exception {
      long deadline = System.nanoTime() + DEADLINE_NANOS;
      AtomicReference<String> last = new AtomicReference<>();
      while (System.nanoTime() < deadline) {
        String l = lines.poll(50, TimeUnit.MILLISECONDS);
        if (l != null) {
          last.set(l);
          if (wanted.test(l)) {
            return l;
          }
        } else if (!process.isAlive() && lines.isEmpty()) {
          break;
        }
      }
      fail("child never printed the expected line (last '" + last.get() + "', alive=" + process.isAlive()
          + "); stderr: " + Files.readString(stderr));
      return null;
    }

    /** SIGKILL through the process handle (no chance to close the queue or finish a request). */
    void kill() throws InterruptedException {
      process.toHandle().destroyForcibly();
      assertTrue(process.waitFor(20, TimeUnit.SECONDS), "child did not die");
    }
  }
}
