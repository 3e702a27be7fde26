package social.kith.activitypub.delivery;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import social.kith.activitypub.ActivityPub;
import social.kith.activitypub.fetch.FetchException;
import social.kith.activitypub.fetch.Origin;
import social.kith.activitypub.fetch.PostException;
import social.kith.activitypub.fetch.RemotePoster;
import social.kith.activitypub.signature.ClockSkewDetector;
import social.kith.activitypub.signature.DoubleKnock;
import social.kith.activitypub.signature.Headers;
import social.kith.activitypub.signature.HttpMessage;
import social.kith.activitypub.signature.HttpSigner;
import social.kith.activitypub.signature.SignatureGeneration;
import social.kith.activitypub.signature.SigningCredential;

/**
 * Takes due jobs from a {@link DeliveryQueue}, signs them as their actor and POSTs them through a
 * {@link RemotePoster} (so the SSRF guard sees every address), with at most {@code concurrency}
 * deliveries in flight.
 *
 * <p>Per attempt: a job older than the policy's {@code maxAge} is dead ({@link
 * DeliveryError#EXPIRED}); a URL the guard refuses is dead before anything is sent ({@link
 * DeliveryError#REFUSED}); an open circuit postpones the job without spending an attempt; a host
 * marked unavailable dead-letters it. The request is signed in the generation {@link DoubleKnock}
 * picks for the origin; on 400/401 it is signed in the other generation and sent once more (the
 * first one was answered, so this is no blind re-send), and a second 400/401 is a permanent
 * {@link DeliveryError#AUTH_REJECTED}. 2xx completes the job; 404/410 dead-letter it and fire
 * {@link DeliveryListener#gone}; 408/429/5xx, timeouts and dropped connections are retried per the
 * {@link RetryPolicy} (Retry-After honoured), never within the same attempt: a POST whose outcome
 * is unknown goes back to the queue and is sent again later with the same activity id (checklist
 * items 64 and 66). Peers' {@code Date} headers feed an optional {@link ClockSkewDetector}.
 *
 * <p>Use {@link #drain()} to deliver everything due now (tests, batch jobs) or {@link #start()}
 * for a background dispatcher; {@link #close()} stops it and waits for deliveries in flight.
 * Jobs being delivered when the process dies are delivered again after a restart.
 */
public final class DeliveryWorker implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DeliveryWorker.class.getName());

  private final DeliveryQueue queue;
  private final RemotePoster poster;
  private final SenderKeys keys;
  private final DoubleKnock doubleKnock;
  private final RetryPolicy retryPolicy;
  private final HostCircuitBreaker breaker;
  private final InstantSource clock;
  private final int concurrency;
  private final Duration leaseTime;
  private final Duration idlePoll;
  private final DeliveryListener listener;
  private final RandomGenerator random;
  private final ClockSkewDetector skewDetector;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final Semaphore permits;
  private final Object signal = new Object();
  private volatile boolean closing;
  private Thread dispatcher;
  private long wakeups;

  /**
   * What one attempt did.
   *
   * @param job the job as attempted
   * @param kind the result
   * @param status the last HTTP status, or -1 if there was no answer
   * @param error the reason, for {@link Kind#DEAD}
   * @param next when the job is due again, for {@link Kind#RETRY_SCHEDULED} and {@link Kind#WAITING}
   * @param detail a human-readable detail
   */
  public record Outcome(DeliveryJob job, Kind kind, int status, Optional<DeliveryError> error,
      Optional<Instant> next, String detail) {
    public Outcome {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(next, "next");
      Objects.requireNonNull(detail, "detail");
    }

    /** The kinds of outcome. */
    public enum Kind {
      /** Accepted with 2xx; the job is complete. */
      DELIVERED,
      /** Failed; due again at {@code next}. */
      RETRY_SCHEDULED,
      /** The host's circuit is open; postponed to {@code next} without spending an attempt. */
      WAITING,
      /** Ended without success; dead-lettered. */
      DEAD
    }
  }

  private DeliveryWorker(Builder b) {
    this.queue = b.queue;
    this.poster = b.poster;
    this.keys = b.keys;
    this.doubleKnock = b.doubleKnock != null ? b.doubleKnock : DoubleKnock.builder().clock(b.clock).build();
    this.retryPolicy = b.retryPolicy;
    this.breaker = b.breaker != null ? b.breaker : HostCircuitBreaker.builder().clock(b.clock).build();
    this.clock = b.clock;
    this.concurrency = b.concurrency;
    this.leaseTime = b.leaseTime != null ? b.leaseTime
        : poster.policy().deadline().multipliedBy(2).plus(Duration.ofMinutes(1));
    this.idlePoll = b.idlePoll;
    this.listener = b.listener;
    this.random = b.random;
    this.skewDetector = b.skewDetector;
    this.ownsExecutor = b.executor == null;
    this.executor = b.executor != null ? b.executor : Executors.newFixedThreadPool(concurrency, daemons());
    this.permits = new Semaphore(concurrency);
  }

  public static Builder builder() {
    return new Builder();
  }

  private static ThreadFactory daemons() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "kith-delivery-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public DeliveryQueue queue() {
    return queue;
  }

  public HostCircuitBreaker breaker() {
    return breaker;
  }

  /**
   * Delivers every job that is due now, {@code concurrency} at a time, until none is due (jobs
   * rescheduled into the future are left for later). Returns the number of attempts made.
   */
  public int drain() {
    ensureOpen();
    int attempts = 0;
    while (true) {
      List<DeliveryJob> jobs = queue.lease(clock.instant(), concurrency, leaseTime);
      if (jobs.isEmpty()) {
        return attempts;
      }
      List<Future<?>> running = new ArrayList<>(jobs.size());
      for (DeliveryJob j : jobs) {
        running.add(executor.submit(() -> attemptSafely(j)));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          LOG.log(System.Logger.Level.ERROR, "delivery task failed", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DeliveryException(DeliveryError.CLOSED, "interrupted while draining", e);
        }
      }
      attempts += jobs.size();
    }
  }

  /** Starts the background dispatcher. At most once. */
  public synchronized void start() {
    ensureOpen();
    if (dispatcher != null) {
      throw new IllegalStateException("already started");
    }
    dispatcher = new Thread(this::dispatch, "kith-delivery-dispatcher");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  /** Tells the dispatcher to look at the queue now (call after enqueueing). */
  public void wake() {
    synchronized (signal) {
      wakeups++;
      signal.notifyAll();
    }
  }

  private void dispatch() {
    while (!closing) {
      long seen;
      synchronized (signal) {
        seen = wakeups;
      }
      int leased = 0;
      try {
        int free = permits.availablePermits();
        if (free > 0) {
          for (DeliveryJob j : queue.lease(clock.instant(), free, leaseTime)) {
            permits.acquireUninterruptibly();
            leased++;
            try {
              executor.execute(() -> {
                try {
                  attemptSafely(j);
                } finally {
                  permits.release();
                  wake();
                }
              });
            } catch (RuntimeException e) {
              // A rejected task: the job's lease runs out and it is delivered later.
              permits.release();
              throw e;
            }
          }
        }
      } catch (RuntimeException e) {
        if (closing) {
          return;
        }
        LOG.log(System.Logger.Level.ERROR, "delivery dispatcher: leasing failed", e);
      }
      if (leased > 0) {
        continue;
      }
      long waitMillis = idlePoll.toMillis();
      try {
        Optional<Instant> due = queue.nextDue();
        if (due.isPresent()) {
          long until = Duration.between(clock.instant(), due.get()).toMillis();
          waitMillis = Math.max(1, Math.min(waitMillis, until));
        }
      } catch (RuntimeException e) {
        if (closing) {
          return;
        }
      }
      synchronized (signal) {
        if (wakeups == seen && !closing) {
          try {
            signal.wait(waitMillis);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  private void attemptSafely(DeliveryJob job) {
    try {
      attempt(job);
    } catch (RuntimeException e) {
      // The lease runs out and the job is due again: nothing is lost.
      LOG.log(System.Logger.Level.WARNING, () -> "delivery of " + job + " failed unexpectedly: " + e, e);
    }
  }

  /**
   * Makes one attempt to deliver a job this worker leased, and records the result in the queue.
   */
  public Outcome attempt(DeliveryJob job) {
    Objects.requireNonNull(job, "job");
    Instant now = clock.instant();
    if (retryPolicy.expired(job.enqueuedAt(), now)) {
      return dead(job, -1, DeliveryError.EXPIRED, "not delivered within " + retryPolicy.maxAge());
    }
    URI target;
    try {
      target = poster.target(job.inbox());
    } catch (FetchException e) {
      return dead(job, -1, DeliveryError.REFUSED, e.getMessage());
    }
    Optional<SigningCredential> credential = keys.credentialFor(job.actor());
    if (credential.isEmpty()) {
      return dead(job, -1, DeliveryError.NO_CREDENTIAL, "no signing key for " + job.actor());
    }
    String host = HostCircuitBreaker.hostOf(target);
    switch (breaker.admit(host)) {
      case UNAVAILABLE:
        return dead(job, -1, DeliveryError.HOST_UNAVAILABLE, "host " + host + " is marked unavailable");
      case WAIT: {
        Instant at = breaker.retryAt(host);
        queue.reschedule(job.id(), job.attempts(), at, "circuit open for " + host);
        return new Outcome(job, Outcome.Kind.WAITING, -1, Optional.empty(), Optional.of(at),
            "circuit open for " + host);
      }
      default:
        break;
    }
    String origin = Origin.of(target).toString();
    RemotePoster.Response response;
    DoubleKnock.KnockDecision decision;
    try {
      DoubleKnock.Knock knock = doubleKnock.firstAttempt(origin);
      response = send(target, job, credential.get(), knock.generation(), origin);
      if (!validStatus(response.status())) {
        return dead(job, response.status(), DeliveryError.REJECTED, "invalid HTTP status " + response.status());
      }
      decision = doubleKnock.onResponse(knock, response.status());
      if (decision.outcome() == DoubleKnock.KnockDecision.Outcome.RETRY) {
        DoubleKnock.Knock second = decision.retry().orElseThrow();
        response = send(target, job, credential.get(), second.generation(), origin);
        if (!validStatus(response.status())) {
          return dead(job, response.status(), DeliveryError.REJECTED, "invalid HTTP status " + response.status());
        }
        decision = doubleKnock.onResponse(second, response.status());
      }
    } catch (PostException e) {
      breaker.recordFailure(host);
      return retry(job, -1, Optional.empty(),
          (e.requestMayHaveBeenSent() ? "outcome unknown: " : "not sent: ") + e.getMessage());
    } catch (FetchException e) {
      return dead(job, -1, DeliveryError.REFUSED, e.getMessage());
    }
    int status = response.status();
    switch (RetryPolicy.classify(status)) {
      case SUCCESS:
        breaker.recordSuccess(host);
        queue.complete(job.id(), clock.instant());
        notify(() -> listener.delivered(job, status));
        return new Outcome(job, Outcome.Kind.DELIVERED, status, Optional.empty(), Optional.empty(),
            "HTTP " + status);
      case GONE:
        breaker.recordSuccess(host);
        notify(() -> listener.gone(job, status));
        return dead(job, status, DeliveryError.GONE, "HTTP " + status + " from " + job.inbox());
      case AUTH:
        breaker.recordSuccess(host);
        return dead(job, status, DeliveryError.AUTH_REJECTED, "HTTP " + status
            + " for both signature generations (" + decision.outcome() + ")");
      case RETRY:
        breaker.recordFailure(host);
        return retry(job, status, response.retryAfter(), "HTTP " + status);
      default:
        breaker.recordSuccess(host);
        return dead(job, status, DeliveryError.REJECTED, "HTTP " + status + " from " + job.inbox());
    }
  }

  private static boolean validStatus(int status) {
    return status >= 100 && status <= 599;
  }

  private RemotePoster.Response send(URI target, DeliveryJob job, SigningCredential credential,
      SignatureGeneration generation, String origin) {
    byte[] body = job.body();
    HttpMessage.Request request = HttpMessage.Request.of("POST", target, Headers.of(
        "Host", RemotePoster.hostHeader(target),
        "Content-Type", ActivityPub.MEDIA_TYPE,
        "Accept", ActivityPub.ACCEPT), body);
    HttpSigner signer = HttpSigner.builder().credential(credential).clock(clock).build();
    Headers all = request.headers().plus(signer.sign(request, generation));
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : all.names()) {
      headers.put(name, all.combined(name).orElseThrow());
    }
    RemotePoster.Response response = poster.post(target, headers, body);
    if (skewDetector != null) {
      response.date().ifPresent(d -> skewDetector.observeHttpDate(origin, d));
    }
    return response;
  }

  private Outcome retry(DeliveryJob job, int status, Optional<String> retryAfter, String reason) {
    Instant now = clock.instant();
    int attempts = job.attempts() + 1;
    Optional<Instant> next;
    synchronized (random) {
      next = retryPolicy.nextAttempt(attempts, now, retryAfter, random);
    }
    if (next.isEmpty()) {
      return dead(job, status, DeliveryError.RETRIES_EXHAUSTED,
          attempts + " attempts failed; the last: " + reason);
    }
    queue.reschedule(job.id(), attempts, next.get(), reason);
    Instant at = next.get();
    notify(() -> listener.retryScheduled(job, attempts, at, reason));
    return new Outcome(job, Outcome.Kind.RETRY_SCHEDULED, status, Optional.empty(), next, reason);
  }

  private Outcome dead(DeliveryJob job, int status, DeliveryError reason, String message) {
    queue.deadLetter(job.id(), reason, message, clock.instant());
    notify(() -> listener.failedPermanently(job, reason, message));
    return new Outcome(job, Outcome.Kind.DEAD, status, Optional.of(reason), Optional.empty(), message);
  }

  private static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a delivery listener threw; ignored", e);
    }
  }

  private void ensureOpen() {
    if (closing) {
      throw new DeliveryException(DeliveryError.CLOSED, "the worker is closed");
    }
  }

  /**
   * Stops the dispatcher and waits (up to the lease time) for deliveries in flight. The queue is
   * not closed: it belongs to the caller. Idempotent.
   */
  @Override
  public void close() {
    Thread d;
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      d = dispatcher;
    }
    wake();
    try {
      if (d != null) {
        d.join(leaseTime.toMillis());
      }
      if (ownsExecutor) {
        executor.shutdown();
        if (!executor.awaitTermination(leaseTime.toMillis(), TimeUnit.MILLISECONDS)) {
          executor.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (ownsExecutor) {
        executor.shutdownNow();
      }
    }
  }

  @Override
  public String toString() {
    return "DeliveryWorker[" + queue + ", concurrency=" + concurrency + "]";
  }

  /** Builds a worker: {@link #queue}, {@link #poster} and {@link #senderKeys} are required. */
  public static final class Builder {
    private DeliveryQueue queue;
    private RemotePoster poster;
    private SenderKeys keys;
    private DoubleKnock doubleKnock;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private HostCircuitBreaker breaker;
    private InstantSource clock = InstantSource.system();
    private int concurrency = 8;
    private Duration leaseTime;
    private Duration idlePoll = Duration.ofSeconds(1);
    private DeliveryListener listener = DeliveryListener.NONE;
    private RandomGenerator random = new java.util.SplittableRandom();
    private ClockSkewDetector skewDetector;
    private ExecutorService executor;

    private Builder() {}

    public Builder queue(DeliveryQueue queue) {
      this.queue = Objects.requireNonNull(queue, "queue");
      return this;
    }

    /** The guarded HTTP client for POSTs. */
    public Builder poster(RemotePoster poster) {
      this.poster = Objects.requireNonNull(poster, "poster");
      return this;
    }

    public Builder senderKeys(SenderKeys keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /** The per-origin generation memory (default: a new one on this worker's clock). */
    public Builder doubleKnock(DoubleKnock doubleKnock) {
      this.doubleKnock = Objects.requireNonNull(doubleKnock, "doubleKnock");
      return this;
    }

    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The per-host breaker (default: {@link HostCircuitBreaker}'s defaults on this worker's clock). */
    public Builder circuitBreaker(HostCircuitBreaker breaker) {
      this.breaker = Objects.requireNonNull(breaker, "breaker");
      return this;
    }

    /** The clock for due times, signatures and the breaker (default: the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Deliveries in flight at once (1 to 1024; default 8). */
    public Builder concurrency(int n) {
      if (n < 1 || n > 1024) {
        throw new IllegalArgumentException("concurrency must be 1 to 1024");
      }
      this.concurrency = n;
      return this;
    }

    /**
     * How long a leased job stays hidden from other workers (default: twice the poster's deadline
     * plus a minute, enough for a double knock).
     */
    public Builder leaseTime(Duration d) {
      Objects.requireNonNull(d, "leaseTime");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("leaseTime must be positive");
      }
      this.leaseTime = d;
      return this;
    }

    /** The longest the dispatcher sleeps without a wake-up (default 1 s). */
    public Builder idlePoll(Duration d) {
      Objects.requireNonNull(d, "idlePoll");
      if (d.toMillis() < 1 || d.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("idlePoll must be 1 ms to 1 minute");
      }
      this.idlePoll = d;
      return this;
    }

    public Builder listener(DeliveryListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The jitter source (default a fresh {@code SplittableRandom}); used under a lock. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Feeds peers' Date headers to a clock-skew diagnostic (checklist item 69). */
    public Builder clockSkewDetector(ClockSkewDetector detector) {
      this.skewDetector = Objects.requireNonNull(detector, "detector");
      return this;
    }

    /**
     * Runs deliveries on the caller's executor (not shut down by {@link #close()}); by default the
     * worker owns {@code concurrency} daemon threads. A virtual-thread executor works unchanged.
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public DeliveryWorker build() {
      if (queue == null || poster == null || keys == null) {
        throw new IllegalStateException("queue, poster and senderKeys are required");
      }
      return new DeliveryWorker(this);
    }
  }
}
