package social.kith.activitypub.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules every {@link DeliveryQueue} obeys; subclasses supply the implementation. */
abstract class DeliveryQueueContract {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final Duration LEASE = Duration.ofMinutes(5);

  DeliveryQueue queue;

  abstract DeliveryQueue create();

  @BeforeEach
  void open() {
    queue = create();
  }

  @AfterEach
  void closeQueue() {
    queue.close();
  }

  static DeliveryJob job(String id, Instant due) {
    String activity = "https://kith.test/users/alice/activities/" + id;
    return new DeliveryJob(id, activity, URI.create("https://kith.test/users/alice"),
        URI.create("https://remote.example/inbox"),
        ("{\"id\":\"" + activity + "\"}").getBytes(StandardCharsets.UTF_8), T0, 0, due);
  }

  static List<String> ids(List<DeliveryJob> jobs) {
    return jobs.stream().map(DeliveryJob::id).toList();
  }

  @Test
  void leasesDueJobsEarliestFirstAndHidesThem() {
    queue.enqueue(List.of(job("b", T0.plusSeconds(10)), job("a", T0), job("c", T0.plusSeconds(60))));
    assertEquals(3, queue.pendingCount());
    assertEquals(List.of("a"), ids(queue.lease(T0, 10, LEASE)));
    assertEquals(List.of(), ids(queue.lease(T0, 10, LEASE)), "leased jobs are hidden, b is not due");
    assertEquals(List.of("b"), ids(queue.lease(T0.plusSeconds(10), 10, LEASE)));
    assertEquals(Optional.of(T0.plusSeconds(60)), queue.nextDue());
    assertEquals(List.of("c"), ids(queue.lease(T0.plusSeconds(60), 1, LEASE)));
    assertEquals(3, queue.pendingCount(), "leased jobs are still pending");
  }

  @Test
  void leaseRespectsMax() {
    queue.enqueue(List.of(job("a", T0), job("b", T0), job("c", T0)));
    assertEquals(2, queue.lease(T0, 2, LEASE).size());
    assertEquals(1, queue.lease(T0, 2, LEASE).size());
  }

  @Test
  void anExpiredLeaseMakesTheJobDueAgain() {
    queue.enqueue(List.of(job("a", T0)));
    DeliveryJob first = queue.lease(T0, 1, LEASE).get(0);
    assertEquals(Optional.of(T0.plus(LEASE)), queue.nextDue());
    assertTrue(queue.lease(T0.plus(LEASE).minusMillis(1), 1, LEASE).isEmpty());
    DeliveryJob again = queue.lease(T0.plus(LEASE), 1, LEASE).get(0);
    assertEquals(first, again, "the same job, body and activity id");
  }

  @Test
  void completeRemovesTheJobOnce() {
    queue.enqueue(List.of(job("a", T0)));
    queue.lease(T0, 1, LEASE);
    assertTrue(queue.complete("a", T0));
    assertFalse(queue.complete("a", T0));
    assertEquals(0, queue.pendingCount());
    assertEquals(Optional.empty(), queue.nextDue());
    assertTrue(queue.lease(T0.plus(LEASE), 1, LEASE).isEmpty());
    assertFalse(queue.reschedule("a", 1, T0, "x"));
    assertFalse(queue.deadLetter("a", DeliveryError.GONE, "x", T0));
  }

  @Test
  void rescheduleRecordsAttemptsAndEndsTheLease() {
    queue.enqueue(List.of(job("a", T0)));
    queue.lease(T0, 1, LEASE);
    assertTrue(queue.reschedule("a", 1, T0.plusSeconds(30), "HTTP 500"));
    assertTrue(queue.lease(T0.plusSeconds(29), 1, LEASE).isEmpty());
    DeliveryJob j = queue.lease(T0.plusSeconds(30), 1, LEASE).get(0);
    assertEquals(1, j.attempts());
    assertEquals(T0.plusSeconds(30), j.notBefore());
    assertEquals(j, queue.pending("a").orElseThrow());
  }

  @Test
  void deadLettersKeepTheJobAndReason() {
    queue.enqueue(List.of(job("a", T0), job("b", T0)));
    assertTrue(queue.deadLetter("a", DeliveryError.GONE, "HTTP 410", T0.plusSeconds(1)));
    List<DeadLetter> dead = queue.deadLetters();
    assertEquals(1, dead.size());
    assertEquals("a", dead.get(0).job().id());
    assertEquals(DeliveryError.GONE, dead.get(0).reason());
    assertEquals("HTTP 410", dead.get(0).message());
    assertEquals(List.of("b"), ids(queue.lease(T0, 10, LEASE)));
    assertThrows(IllegalArgumentException.class, () -> queue.deadLetter("b", DeliveryError.CLOSED, "x", T0));
    assertEquals(1, queue.pendingCount());
  }

  @Test
  void aDuplicateIdRefusesTheWholeBatch() {
    queue.enqueue(List.of(job("a", T0)));
    DeliveryException e = assertThrows(DeliveryException.class,
        () -> queue.enqueue(List.of(job("b", T0), job("a", T0))));
    assertEquals(DeliveryError.DUPLICATE_JOB, e.code());
    e = assertThrows(DeliveryException.class, () -> queue.enqueue(List.of(job("c", T0), job("c", T0))));
    assertEquals(DeliveryError.DUPLICATE_JOB, e.code());
    assertEquals(1, queue.pendingCount(), "nothing of a refused batch was added");
    assertEquals(Optional.empty(), queue.pending("b"));
  }

  @Test
  void aClosedQueueRefusesEverything() {
    queue.close();
    queue.close();
    assertEquals(DeliveryError.CLOSED,
        assertThrows(DeliveryException.class, () -> queue.enqueue(List.of(job("a", T0)))).code());
    assertEquals(DeliveryError.CLOSED,
        assertThrows(DeliveryException.class, () -> queue.lease(T0, 1, LEASE)).code());
    assertEquals(DeliveryError.CLOSED, assertThrows(DeliveryException.class, () -> queue.pendingCount()).code());
  }
}
