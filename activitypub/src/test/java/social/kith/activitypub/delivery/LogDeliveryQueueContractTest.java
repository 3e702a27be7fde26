package social.kith.activitypub.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.delivery.internal.QueueRecords;
import social.kith.core.log.AppendOnlyLog;
import social.kith.core.log.LogError;
import social.kith.core.log.LogException;

/** The contract on the log-backed queue, plus what only it promises: state survives reopening. */
class LogDeliveryQueueContractTest extends DeliveryQueueContract {
  @TempDir Path dir;

  Path file() {
    return dir.resolve("deliveries.log");
  }

  @Override
  DeliveryQueue create() {
    return LogDeliveryQueue.open(file(), new LogDeliveryQueue.Options(16, 100));
  }

  @Test
  void reopeningRebuildsPendingScheduleAndDeadLetters() {
    queue.enqueue(List.of(job("a", T0), job("b", T0), job("c", T0), job("d", T0)));
    queue.lease(T0, 10, LEASE);
    queue.complete("a", T0);
    queue.reschedule("b", 3, T0.plusSeconds(90), "HTTP 503");
    queue.deadLetter("c", DeliveryError.GONE, "HTTP 410", T0);
    DeliveryJob d = queue.pending("d").orElseThrow();
    queue.close();

    queue = create();
    assertEquals(2, queue.pendingCount());
    DeliveryJob b = queue.pending("b").orElseThrow();
    assertEquals(3, b.attempts());
    assertEquals(T0.plusSeconds(90), b.notBefore());
    assertEquals(List.of("d"), ids(queue.lease(T0, 10, LEASE)), "the lease was not persisted: d is due again");
    assertArrayEquals(d.body(), queue.pending("d").orElseThrow().body());
    assertEquals(List.of("c"), queue.deadLetters().stream().map(x -> x.job().id()).toList());
    assertEquals(DeliveryError.GONE, queue.deadLetters().get(0).reason());
  }

  @Test
  void compactionShrinksTheLogAndKeepsEverything() {
    LogDeliveryQueue q = (LogDeliveryQueue) queue;
    List<DeliveryJob> jobs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      jobs.add(job("j" + i, T0));
    }
    q.enqueue(jobs);
    List<DeliveryJob> leased = q.lease(T0, 40, LEASE);
    for (int i = 0; i < 36; i++) {
      q.complete("j" + i, T0);
    }
    q.reschedule("j36", 2, T0.plusSeconds(5), "HTTP 500");
    q.deadLetter("j37", DeliveryError.REJECTED, "HTTP 403", T0);
    assertTrue(q.compactions() >= 1, "compaction ran");
    assertTrue(q.recordCount() < 20, "records after compaction: " + q.recordCount());
    assertEquals(leased.size(), 40);
    // j38, j39 are still leased: compaction must not hand them out again.
    assertEquals(List.of("j36"), ids(q.lease(T0.plusSeconds(5), 10, LEASE)));
    q.close();

    queue = create();
    assertEquals(3, queue.pendingCount());
    assertEquals(2, queue.pending("j36").orElseThrow().attempts());
    assertEquals(List.of("j37"), queue.deadLetters().stream().map(x -> x.job().id()).toList());
    assertTrue(Files.notExists(dir.resolve("deliveries.log.compact")));
  }

  @Test
  void anUnfinishedCompactionFileIsIgnored() throws Exception {
    queue.enqueue(List.of(job("a", T0)));
    queue.close();
    Files.write(dir.resolve("deliveries.log.compact"), new byte[] {1, 2, 3});
    queue = create();
    assertEquals(1, queue.pendingCount());
    assertTrue(Files.notExists(dir.resolve("deliveries.log.compact")));
  }

  @Test
  void anUnreadableRecordIsATypedErrorAndChangesNothing() throws Exception {
    queue.enqueue(List.of(job("a", T0)));
    queue.close();
    try (AppendOnlyLog log = AppendOnlyLog.open(file())) {
      log.append(new byte[] {1, 99});
    }
    long size = Files.size(file());
    DeliveryException e = assertThrows(DeliveryException.class, this::create);
    assertEquals(DeliveryError.CORRUPT_QUEUE, e.code());
    assertEquals(size, Files.size(file()));
    DeliveryException again = assertThrows(DeliveryException.class, this::create);
    assertEquals(DeliveryError.CORRUPT_QUEUE, again.code(), "the failed open released the file");
    queue = InMemoryDeliveryQueue.forTests();
  }

  @Test
  void oneProcessHoldsTheQueue() {
    LogException e = assertThrows(LogException.class, () -> LogDeliveryQueue.open(file()));
    assertEquals(LogError.LOCKED, e.code());
  }

  @Test
  void recordsRoundTrip() {
    DeliveryJob j = job("x", T0.plusSeconds(3)).withSchedule(4, T0.plusSeconds(9));
    QueueRecords.Event e = QueueRecords.decode(QueueRecords.enqueued(j), 0);
    assertEquals(j, ((QueueRecords.Enqueued) e).job());
    assertEquals(new QueueRecords.Dead("x", DeliveryError.GONE, "m", T0),
        QueueRecords.decode(QueueRecords.dead("x", DeliveryError.GONE, "m", T0), 0));
    assertEquals(DeliveryError.CORRUPT_QUEUE,
        assertThrows(DeliveryException.class, () -> QueueRecords.decode(new byte[] {1, 1, 0}, 7)).code());
    assertEquals(DeliveryError.CORRUPT_QUEUE,
        assertThrows(DeliveryException.class, () -> QueueRecords.decode(new byte[0], 7)).code());
  }
}
