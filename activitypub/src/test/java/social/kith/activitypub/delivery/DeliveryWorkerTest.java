package social.kith.activitypub.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.fetch.FakeClock;
import social.kith.activitypub.fetch.FakeResolver;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.activitypub.fetch.KeepAliveSink;
import social.kith.activitypub.fetch.RemotePoster;
import social.kith.activitypub.fetch.Tripwire;
import social.kith.activitypub.signature.ClockSkewDetector;
import social.kith.activitypub.signature.DoubleKnock;
import social.kith.activitypub.signature.HttpSignatureVerifier;
import social.kith.activitypub.signature.SignatureGeneration;
import social.kith.activitypub.signature.SigningCredential;
import social.kith.activitypub.signature.VerificationKey;
import social.kith.activitypub.signature.VerifiedSignature;
import social.kith.crypto.RsaKeys;
import social.kith.crypto.RsaPrivateKey;

/** The worker against a real HTTP inbox on 127.0.0.1, with a fake clock for every backoff. */
class DeliveryWorkerTest {
  static final URI ALICE = URI.create("https://kith.test/users/alice");
  static final String KEY_ID = ALICE + "#main-key";
  static final RsaPrivateKey KEY = RsaKeys.generate(2048);
  static final SigningCredential CREDENTIAL = SigningCredential.of(KEY_ID, KEY);

  final FakeClock clock = new FakeClock();
  final RecordingInbox inbox = new RecordingInbox();
  final InMemoryDeliveryQueue queue = InMemoryDeliveryQueue.forTests();
  final Events events = new Events();
  final List<AutoCloseable> closing = new ArrayList<>();

  /** Listener events as text, in order. */
  static final class Events implements DeliveryListener {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void delivered(DeliveryJob job, int status) {
      seen.add("delivered " + status);
    }

    @Override
    public void retryScheduled(DeliveryJob job, int attempts, Instant next, String reason) {
      seen.add("retry " + attempts);
    }

    @Override
    public void gone(DeliveryJob job, int status) {
      seen.add("gone " + status);
    }

    @Override
    public void failedPermanently(DeliveryJob job, DeliveryError reason, String message) {
      seen.add("dead " + reason);
    }
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    inbox.close();
  }

  static FetchPolicy loopbackPolicy(Duration readTimeout) {
    return FetchPolicy.builder().insecureAllowLoopbackForTesting()
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(readTimeout)
        .deadline(Duration.ofSeconds(20)).build();
  }

  DeliveryWorker.Builder workerBuilder() {
    return DeliveryWorker.builder().queue(queue)
        .poster(RemotePoster.builder().policy(loopbackPolicy(Duration.ofSeconds(10))).build())
        .senderKeys(a -> a.equals(ALICE) ? Optional.of(CREDENTIAL) : Optional.empty())
        .clock(clock).concurrency(4).random(new SplittableRandom(7)).listener(events);
  }

  DeliveryWorker worker() {
    DeliveryWorker w = workerBuilder().build();
    closing.add(w);
    return w;
  }

  static byte[] activity(String id) {
    return ("{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"" + id
        + "\",\"type\":\"Create\",\"actor\":\"" + ALICE + "\",\"object\":{\"type\":\"Note\",\"content\":\"hi\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  DeliveryJob enqueue(String activityId, URI to) {
    DeliveryJob job = DeliveryJob.create(activityId, ALICE, to, activity(activityId), clock.instant());
    queue.enqueue(List.of(job));
    return job;
  }

  VerifiedSignature verify(RecordingInbox.Post post) {
    HttpSignatureVerifier verifier = HttpSignatureVerifier.builder().clock(clock).build();
    return verifier.verify(post.asRequest(inbox.port()),
        keyId -> keyId.equals(KEY_ID) ? Optional.of(VerificationKey.of(KEY.verifyingKey())) : Optional.empty());
  }

  @Test
  void deliversASignedPostThatTheModulesOwnVerifierAccepts() {
    DeliveryJob job = enqueue("https://kith.test/users/alice/activities/1", inbox.inbox("/users/bob/inbox"));
    assertEquals(1, worker().drain());

    List<RecordingInbox.Post> posts = inbox.posts();
    assertEquals(1, posts.size());
    RecordingInbox.Post p = posts.get(0);
    assertEquals("/users/bob/inbox", p.path());
    assertEquals(job.activityId(), p.activityId());
    assertEquals(KEY_ID, verify(p).keyId());
    assertTrue(p.hasHeader("digest"), "draft-cavage is the first knock");
    assertEquals(List.of("delivered 202"), events.seen);
    assertEquals(0, queue.pendingCount());
  }

  @Test
  void doubleKnocksOn401AndRemembersTheGenerationThatWorked() {
    inbox.script(p -> p.hasHeader("signature-input") ? RecordingInbox.status(202) : RecordingInbox.status(401));
    DoubleKnock knock = DoubleKnock.builder().clock(clock).build();
    DeliveryWorker w = workerBuilder().doubleKnock(knock).build();
    closing.add(w);
    enqueue("https://kith.test/users/alice/activities/2", inbox.inbox("/inbox"));
    w.drain();

    List<RecordingInbox.Post> posts = inbox.posts();
    assertEquals(2, posts.size(), "one knock per generation, no more");
    assertFalse(posts.get(0).hasHeader("signature-input"));
    assertTrue(posts.get(1).hasHeader("signature-input"));
    for (RecordingInbox.Post p : posts) {
      assertEquals(KEY_ID, verify(p).keyId(), "both generations verify");
    }
    assertEquals(Optional.of(SignatureGeneration.RFC_9421), knock.remembered("http://127.0.0.1:" + inbox.port()));
    assertEquals(List.of("delivered 202"), events.seen);

    // The next delivery to the origin starts with RFC 9421: one POST.
    enqueue("https://kith.test/users/alice/activities/3", inbox.inbox("/inbox"));
    w.drain();
    assertEquals(3, inbox.posts().size());
  }

  @Test
  void a401ForBothGenerationsIsAPermanentAuthFailure() {
    inbox.script(p -> RecordingInbox.status(401));
    DeliveryJob job = enqueue("https://kith.test/users/alice/activities/4", inbox.inbox("/inbox"));
    DeliveryWorker w = worker();
    w.drain();
    clock.advance(Duration.ofDays(1));
    w.drain();

    assertEquals(2, inbox.posts().size());
    assertEquals(List.of("dead AUTH_REJECTED"), events.seen);
    assertEquals(DeliveryError.AUTH_REJECTED, queue.deadLetters().get(0).reason());
    assertEquals(job.id(), queue.deadLetters().get(0).job().id());
  }

  @Test
  void goneInboxesAreNotRetriedAndFireTheCallback() {
    for (int status : new int[] {404, 410}) {
      inbox.script(p -> RecordingInbox.status(status));
      int before = inbox.posts().size();
      events.seen.clear();
      enqueue("https://kith.test/users/alice/activities/gone-" + status, inbox.inbox("/inbox"));
      DeliveryWorker w = worker();
      w.drain();
      clock.advance(Duration.ofDays(2));
      assertEquals(0, w.drain(), "nothing left to retry");
      assertEquals(before + 1, inbox.posts().size());
      assertEquals(List.of("gone " + status, "dead GONE"), events.seen);
    }
    assertEquals(0, queue.pendingCount());
  }

  @Test
  void serverErrorsBackOffExponentiallyAndResendTheSameActivity() {
    inbox.script(p -> p.index() < 2 ? RecordingInbox.status(500) : RecordingInbox.status(202));
    DeliveryJob job = enqueue("https://kith.test/users/alice/activities/5", inbox.inbox("/inbox"));
    DeliveryWorker w = worker();
    Instant start = clock.instant();

    assertEquals(1, w.drain());
    DeliveryJob after1 = queue.pending(job.id()).orElseThrow();
    assertEquals(1, after1.attempts());
    assertBetween(start.plusSeconds(30), start.plusMillis(37_500), after1.notBefore());
    assertEquals(0, w.drain(), "not due yet: no request");
    assertEquals(1, inbox.posts().size());

    clock.advance(Duration.ofSeconds(38));
    w.drain();
    DeliveryJob after2 = queue.pending(job.id()).orElseThrow();
    assertEquals(2, after2.attempts());
    assertBetween(clock.instant().plusSeconds(120), clock.instant().plusSeconds(150), after2.notBefore());

    clock.advance(Duration.ofSeconds(151));
    w.drain();
    assertEquals(3, inbox.posts().size());
    assertEquals(List.of(job.activityId(), job.activityId(), job.activityId()), inbox.activityIds());
    for (RecordingInbox.Post p : inbox.posts()) {
      assertEquals(new String(job.body(), StandardCharsets.UTF_8), new String(p.body(), StandardCharsets.UTF_8));
    }
    assertEquals(List.of("retry 1", "retry 2", "delivered 202"), events.seen);
  }

  @Test
  void retryAfterInSecondsAndAsAnHttpDateIsHonoured() {
    inbox.script(p -> p.index() == 0 ? RecordingInbox.status(503, "Retry-After", "120")
        : RecordingInbox.status(429, "Retry-After", "Wed, 01 Jan 2025 01:00:00 GMT"));
    DeliveryJob job = enqueue("https://kith.test/users/alice/activities/6", inbox.inbox("/inbox"));
    DeliveryWorker w = worker();
    Instant start = clock.instant();
    w.drain();
    assertEquals(start.plusSeconds(120), queue.pending(job.id()).orElseThrow().notBefore());
    clock.advance(Duration.ofSeconds(120));
    w.drain();
    assertEquals(Instant.parse("2025-01-01T01:00:00Z"), queue.pending(job.id()).orElseThrow().notBefore());
    assertEquals(2, inbox.posts().size());
  }

  @Test
  void timeoutsAreRetried() {
    inbox.script(p -> p.index() == 0 ? new RecordingInbox.Hang() : RecordingInbox.status(202));
    DeliveryJob job = enqueue("https://kith.test/users/alice/activities/7", inbox.inbox("/inbox"));
    DeliveryWorker w = workerBuilder()
        .poster(RemotePoster.builder().policy(loopbackPolicy(Duration.ofMillis(300))).build()).build();
    closing.add(w);
    w.drain();
    assertEquals(1, queue.pending(job.id()).orElseThrow().attempts());
    clock.advance(Duration.ofMinutes(1));
    w.drain();
    assertEquals(List.of("retry 1", "delivered 202"), events.seen);
  }

  @Test
  void anAmbiguousOutcomeIsNotResentInTheSameCallButLaterWithTheSameId() {
    inbox.script(p -> p.index() == 0 ? new RecordingInbox.Drop() : RecordingInbox.status(202));
    DeliveryJob job = enqueue("https://kith.test/users/alice/activities/8", inbox.inbox("/inbox"));
    DeliveryWorker w = worker();
    DeliveryWorker.Outcome first = w.attempt(queue.lease(clock.instant(), 1, Duration.ofMinutes(1)).get(0));

    assertEquals(DeliveryWorker.Outcome.Kind.RETRY_SCHEDULED, first.kind());
    assertTrue(first.detail().startsWith("outcome unknown"), first.detail());
    assertEquals(1, inbox.posts().size(), "the peer read the POST once; it was not re-sent in the call");

    clock.advance(Duration.ofMinutes(1));
    w.drain();
    assertEquals(List.of(job.activityId(), job.activityId()), inbox.activityIds());
    assertEquals(java.util.Set.of(job.activityId()), inbox.accepted(), "the receiver de-duplicates by id");
  }

  @Test
  void attemptsAreCappedAtEight() {
    inbox.script(p -> RecordingInbox.status(500));
    enqueue("https://kith.test/users/alice/activities/9", inbox.inbox("/inbox"));
    DeliveryWorker w = workerBuilder().circuitBreaker(
        HostCircuitBreaker.builder().clock(clock).failureThreshold(100).build()).build();
    closing.add(w);
    for (int i = 0; i < 20; i++) {
      w.drain();
      clock.advance(Duration.ofHours(13));
    }
    assertEquals(8, inbox.posts().size());
    assertEquals(DeliveryError.RETRIES_EXHAUSTED, queue.deadLetters().get(0).reason());
    assertEquals("dead RETRIES_EXHAUSTED", events.seen.get(events.seen.size() - 1));
  }

  @Test
  void anOpenCircuitHoldsJobsWithoutSpendingAttempts() {
    inbox.script(p -> RecordingInbox.status(503));
    DeliveryWorker w = worker();
    for (int i = 0; i < 5; i++) {
      enqueue("https://kith.test/users/alice/activities/c" + i, inbox.inbox("/inbox"));
    }
    w.drain();
    assertEquals(5, inbox.posts().size());
    assertTrue(w.breaker().isOpen("127.0.0.1"));

    DeliveryJob held = enqueue("https://kith.test/users/alice/activities/held", inbox.inbox("/inbox"));
    w.drain();
    assertEquals(5, inbox.posts().size(), "no request while the circuit is open");
    DeliveryJob after = queue.pending(held.id()).orElseThrow();
    assertEquals(0, after.attempts());
    assertEquals(clock.instant().plus(Duration.ofMinutes(30)), after.notBefore());

    inbox.script(p -> RecordingInbox.status(202));
    clock.advance(Duration.ofMinutes(31));
    w.drain();
    assertFalse(w.breaker().isOpen("127.0.0.1"), "the probe succeeded");
  }

  @Test
  void anUnavailableHostIsNotContactedUntilItIsMarkedAvailable() {
    inbox.script(p -> p.index() == 0 ? RecordingInbox.status(503) : RecordingInbox.status(202));
    HostCircuitBreaker breaker = HostCircuitBreaker.builder().clock(clock).unavailableAfterDays(1).build();
    DeliveryWorker w = workerBuilder().circuitBreaker(breaker).build();
    closing.add(w);
    enqueue("https://kith.test/users/alice/activities/u1", inbox.inbox("/inbox"));
    w.drain();
    assertTrue(breaker.isUnavailable("127.0.0.1"));

    DeliveryJob skipped = enqueue("https://kith.test/users/alice/activities/u2", inbox.inbox("/inbox"));
    w.drain();
    assertEquals(1, inbox.posts().size(), "an unavailable host is not contacted");
    DeadLetter dead = queue.deadLetters().get(queue.deadLetters().size() - 1);
    assertEquals(skipped.id(), dead.job().id());
    assertEquals(DeliveryError.HOST_UNAVAILABLE, dead.reason());

    breaker.markAvailable("127.0.0.1");
    enqueue("https://kith.test/users/alice/activities/u3", inbox.inbox("/inbox"));
    w.drain();
    assertEquals(2, inbox.posts().size());
    assertTrue(inbox.accepted().contains("https://kith.test/users/alice/activities/u3"));
  }

  @Test
  void anInboxOnAPrivateAddressIsRefusedBeforeConnecting() throws Exception {
    try (Tripwire wire = new Tripwire()) {
      // A name that resolves to loopback, under the secure policy: refused at the DNS check.
      FakeResolver dns = new FakeResolver().answer("evil.example", "127.0.0.1");
      DeliveryWorker w = workerBuilder().poster(RemotePoster.builder().resolver(dns).build()).build();
      closing.add(w);
      enqueue("https://kith.test/users/alice/activities/s1",
          URI.create("https://evil.example:" + wire.port() + "/inbox"));
      enqueue("https://kith.test/users/alice/activities/s2", URI.create("https://10.1.2.3/inbox"));
      enqueue("https://kith.test/users/alice/activities/s3", URI.create("http://127.0.0.1:" + wire.port() + "/inbox"));
      w.drain();

      assertEquals(0, wire.connections(), "nothing connected");
      assertEquals(3, queue.deadLetters().size());
      for (DeadLetter d : queue.deadLetters()) {
        assertEquals(DeliveryError.REFUSED, d.reason(), d.message());
      }
      assertEquals(0, queue.pendingCount());
      assertTrue(inbox.posts().isEmpty());
    }
  }

  @Test
  void concurrencyIsBounded() {
    inbox.holdUntilInFlight(3);
    DeliveryWorker w = workerBuilder().concurrency(3).build();
    closing.add(w);
    for (int i = 0; i < 9; i++) {
      enqueue("https://kith.test/users/alice/activities/p" + i, inbox.inbox("/inbox"));
    }
    assertEquals(9, w.drain());
    assertEquals(3, inbox.maxInFlight(), "three at a time, never more");
    assertEquals(9, inbox.accepted().size());
  }

  @Test
  void theBackgroundDispatcherDeliversWhatIsEnqueued() {
    DeliveryWorker w = worker();
    w.start();
    for (int i = 0; i < 20; i++) {
      enqueue("https://kith.test/users/alice/activities/bg" + i, inbox.inbox("/inbox"));
    }
    w.wake();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (inbox.accepted().size() < 20 && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
    }
    assertEquals(20, inbox.accepted().size());
    w.close();
    assertEquals(0, queue.pendingCount());
  }

  @Test
  void aJobWithoutACredentialOrTooOldIsDead() {
    DeliveryJob old = enqueue("https://kith.test/users/alice/activities/old", inbox.inbox("/inbox"));
    clock.advance(Duration.ofDays(7));
    DeliveryJob stranger = new DeliveryJob("j1", "https://kith.test/a/1", URI.create("https://kith.test/users/eve"),
        inbox.inbox("/inbox"), activity("https://kith.test/a/1"), clock.instant(), 0, clock.instant());
    queue.enqueue(List.of(stranger));
    worker().drain();
    assertTrue(inbox.posts().isEmpty());
    List<DeliveryError> reasons = new ArrayList<>();
    queue.deadLetters().forEach(d -> reasons.add(d.reason()));
    assertTrue(reasons.contains(DeliveryError.NO_CREDENTIAL), reasons.toString());
    assertTrue(reasons.contains(DeliveryError.EXPIRED), reasons.toString());
    assertEquals(2, reasons.size(), old.toString());
  }

  @Test
  void aThrowingListenerDoesNotStopDelivery() {
    AtomicInteger calls = new AtomicInteger();
    DeliveryWorker w = workerBuilder().listener(new DeliveryListener() {
      @Override
      public void delivered(DeliveryJob job, int status) {
        calls.incrementAndGet();
        throw new IllegalStateException("listener bug");
      }
    }).build();
    closing.add(w);
    enqueue("https://kith.test/users/alice/activities/l1", inbox.inbox("/inbox"));
    enqueue("https://kith.test/users/alice/activities/l2", inbox.inbox("/inbox"));
    w.drain();
    assertEquals(2, calls.get());
    assertEquals(0, queue.pendingCount());
  }

  @Test
  void peersRejectingOurSignaturesWithTheirDatesRevealOurClockSkew() {
    ClockSkewDetector detector = ClockSkewDetector.builder().clock(clock).build();
    DeliveryWorker w = workerBuilder().clockSkewDetector(detector).build();
    closing.add(w);
    List<RecordingInbox> peers = List.of(new RecordingInbox(), new RecordingInbox(), new RecordingInbox());
    try {
      String peerDate = social.kith.activitypub.signature.HttpDates.format(clock.instant().plus(Duration.ofHours(2)));
      for (RecordingInbox peer : peers) {
        peer.script(p -> RecordingInbox.status(401, "Date", peerDate));
        enqueue("https://kith.test/users/alice/activities/skew" + peer.port(), peer.inbox("/inbox"));
      }
      w.drain();
      ClockSkewDetector.ClockSkewDiagnostic d = detector.diagnose().orElseThrow();
      assertEquals(social.kith.activitypub.signature.SignatureError.CLOCK_SKEW_SUSPECTED, d.code());
      assertTrue(d.localClockOffset().isNegative(), "our clock is behind: " + d.message());
      assertEquals(3, queue.deadLetters().size());
    } finally {
      peers.forEach(RecordingInbox::close);
    }
  }

  static void assertBetween(Instant low, Instant high, Instant actual) {
    assertFalse(actual.isBefore(low), actual + " before " + low);
    assertFalse(actual.isAfter(high), actual + " after " + high);
  }

  DeliveryWorker sequentialWorker() {
    DeliveryWorker w = workerBuilder().concurrency(1).build();
    closing.add(w);
    return w;
  }

  @Test
  void connectionsThePeerClosedWhileIdleAreRetriedAndDoNotOpenTheCircuit() {
    KeepAliveSink sink = new KeepAliveSink(n -> KeepAliveSink.Behaviour.ANSWER_THEN_CLOSE);
    closing.add(sink);
    DeliveryWorker w = sequentialWorker();
    for (int i = 0; i < 10; i++) {
      enqueue("https://kith.test/users/alice/activities/k" + i, sink.url("/inbox"));
      w.drain();
    }
    assertEquals(10, sink.posts().size(), "every activity reached the peer exactly once");
    assertEquals(10, sink.requestLines());
    assertEquals(10, sink.connections(), "five stale pooled connections were each replaced by a new one");
    assertEquals(java.util.Collections.nCopies(10, "delivered 202"), events.seen);
    assertFalse(w.breaker().isOpen("127.0.0.1"), "five stale connections are not five host failures");
    assertEquals(0, queue.pendingCount());
  }

  @Test
  void aResetInTheMiddleOfAReusedConnectionIsDeliveredByTheRetry() {
    KeepAliveSink sink = new KeepAliveSink(n -> n == 0
        ? KeepAliveSink.Behaviour.ANSWER_THEN_RESET_MID_REQUEST : KeepAliveSink.Behaviour.ANSWER);
    closing.add(sink);
    DeliveryWorker w = workerBuilder().concurrency(1)
        .circuitBreaker(HostCircuitBreaker.builder().clock(clock).failureThreshold(1).build()).build();
    closing.add(w);
    for (int i = 0; i < 2; i++) {
      enqueue("https://kith.test/users/alice/activities/r" + i, sink.url("/inbox"));
      w.drain();
    }
    assertEquals(2, sink.posts().size());
    assertEquals(3, sink.requestLines(), "the cut-off request and its one retry");
    assertEquals(List.of("delivered 202", "delivered 202"), events.seen);
    assertFalse(w.breaker().isOpen("127.0.0.1"), "even a threshold of one failure was not reached");
  }

  @Test
  void aHostThatDropsEveryRequestStillOpensTheCircuit() {
    KeepAliveSink sink = new KeepAliveSink(n -> KeepAliveSink.Behaviour.DROP);
    closing.add(sink);
    DeliveryWorker w = sequentialWorker();
    for (int i = 0; i < 5; i++) {
      enqueue("https://kith.test/users/alice/activities/d" + i, sink.url("/inbox"));
      w.drain();
    }
    assertEquals(5, sink.posts().size(), "one POST per attempt, none re-sent in the call");
    assertEquals(java.util.Collections.nCopies(5, "retry 1"), events.seen);
    assertTrue(w.breaker().isOpen("127.0.0.1"));
    assertEquals(5, queue.pendingCount());
  }

  @Test
  void aStaleConnectionWhoseRetryFailsCountsAsOneFailure() {
    KeepAliveSink sink = new KeepAliveSink(n -> n == 0
        ? KeepAliveSink.Behaviour.ANSWER_THEN_CLOSE : KeepAliveSink.Behaviour.DROP);
    closing.add(sink);
    DeliveryWorker w = workerBuilder().concurrency(1)
        .circuitBreaker(HostCircuitBreaker.builder().clock(clock).failureThreshold(1).build()).build();
    closing.add(w);
    enqueue("https://kith.test/users/alice/activities/s0", sink.url("/inbox"));
    w.drain();
    enqueue("https://kith.test/users/alice/activities/s1", sink.url("/inbox"));
    w.drain();
    assertEquals(List.of("delivered 202", "retry 1"), events.seen);
    assertEquals(2, sink.posts().size(), "the first activity, then the second once on the retry connection");
    assertTrue(w.breaker().isOpen("127.0.0.1"), "the failed retry on a new connection is a host failure");
  }
}
