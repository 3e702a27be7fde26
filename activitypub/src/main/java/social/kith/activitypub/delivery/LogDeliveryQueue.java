package social.kith.activitypub.delivery;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import social.kith.activitypub.delivery.internal.QueueIndex;
import social.kith.activitypub.delivery.internal.QueueRecords;
import social.kith.core.log.AppendOnlyLog;
import social.kith.core.log.Durability;
import social.kith.core.log.LogException;
import social.kith.core.log.LogOptions;

/**
 * The embedded, crash-safe {@link DeliveryQueue}: an {@link AppendOnlyLog} of events (ENQUEUED,
 * ATTEMPTED, DONE, DEAD; see {@code QueueRecords}) folded into an in-memory index when the queue
 * opens. It needs no server and survives {@code SIGKILL} and power loss with nothing acknowledged
 * lost (checklist items 62 and 63).
 *
 * <p>Durability: {@link #enqueue} is one atomic, fsynced batch: after it returns the jobs survive
 * a power loss. Attempt, completion and dead-letter events are appended without an fsync (the
 * log's {@link Durability#EVERY_BATCH}): a process crash never loses them, a power loss may lose
 * the last few, which only means a job is delivered once more, with the same activity id.
 *
 * <p>Memory: the index holds per pending job its schedule and the offset of its record (about
 * 200 bytes); bodies stay on disk and are read when a job is leased. Dead letters: the most recent
 * {@link Options#maxDeadLetters()} are kept (and survive compaction).
 *
 * <p>Compaction: when the log holds more than {@link Options#compactAfterRecords()} records and
 * fewer than a quarter of them describe pending jobs, the queue writes the pending jobs (with
 * their current attempts and due times) and its dead letters into {@code <file>.compact}, forces
 * it, and atomically renames it over the log. A crash before the rename leaves the old log
 * (the partial file is deleted on the next open); after it, the new one. Thread-safe.
 */
public final class LogDeliveryQueue implements DeliveryQueue {
  private static final System.Logger LOG = System.getLogger(LogDeliveryQueue.class.getName());
  private static final String COMPACT_SUFFIX = ".compact";

  private final Path path;
  private final Options options;
  private AppendOnlyLog log;
  private QueueIndex<Long> index;
  private boolean closed;
  private long compactions;

  /**
   * How a log-backed queue behaves.
   *
   * @param compactAfterRecords compact once the log has more records than this (at least 16);
   *     {@code Long.MAX_VALUE} never compacts
   * @param maxDeadLetters how many dead letters to keep (0 to 100,000)
   */
  public record Options(long compactAfterRecords, int maxDeadLetters) {
    /** Compact after 100,000 records; keep 1,000 dead letters. */
    public static final Options DEFAULTS = new Options(100_000, 1000);

    public Options {
      if (compactAfterRecords < 16) {
        throw new IllegalArgumentException("compactAfterRecords must be at least 16");
      }
      if (maxDeadLetters < 0 || maxDeadLetters > 100_000) {
        throw new IllegalArgumentException("maxDeadLetters must be 0 to 100000");
      }
    }
  }

  private LogDeliveryQueue(Path path, Options options) {
    this.path = path;
    this.options = options;
  }

  /** Opens (creating if missing) the queue at {@code file} with {@link Options#DEFAULTS}. */
  public static LogDeliveryQueue open(Path file) {
    return open(file, Options.DEFAULTS);
  }

  /**
   * Opens (creating if missing) the queue stored in {@code file} and rebuilds its state from the
   * log. The file is held exclusively until {@link #close()}.
   *
   * @throws LogException as {@link AppendOnlyLog#open} ({@code LOCKED}, {@code CORRUPT_RECORD} ...)
   * @throws DeliveryException {@link DeliveryError#CORRUPT_QUEUE} if a record is unreadable
   */
  public static LogDeliveryQueue open(Path file, Options options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    LogDeliveryQueue q = new LogDeliveryQueue(file, options);
    try {
      Files.deleteIfExists(compactPath(file));
    } catch (IOException e) {
      throw new DeliveryException(DeliveryError.STORAGE_FAILURE,
          "cannot remove the unfinished compaction " + compactPath(file) + ": " + e, e);
    }
    q.load();
    return q;
  }

  private static Path compactPath(Path file) {
    return file.resolveSibling(file.getFileName() + COMPACT_SUFFIX);
  }

  private static LogOptions logOptions() {
    return LogOptions.builder().durability(Durability.EVERY_BATCH)
        .maxRecordSize(DeliveryJob.MAX_BODY_BYTES + 3 * 4 * DeliveryJob.MAX_URI + 1024).build();
  }

  private void load() {
    AppendOnlyLog opened = AppendOnlyLog.open(path, logOptions());
    try {
      QueueIndex<Long> rebuilt = new QueueIndex<>(options.maxDeadLetters());
      opened.forEach(0, e -> apply(opened, rebuilt, QueueRecords.decode(e.payload(), e.offset()), e.offset()));
      this.log = opened;
      this.index = rebuilt;
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  /** Folds one event into the index. Events about unknown jobs are ignored (already finished). */
  private static void apply(AppendOnlyLog log, QueueIndex<Long> idx, QueueRecords.Event event, long offset) {
    if (event instanceof QueueRecords.Enqueued en) {
      DeliveryJob j = en.job();
      if (!idx.contains(j.id())) {
        idx.add(j.id(), offset, j.attempts(), j.notBefore());
      }
    } else if (event instanceof QueueRecords.Attempted a) {
      idx.reschedule(a.jobId(), a.attempts(), a.notBefore());
    } else if (event instanceof QueueRecords.Done d) {
      idx.remove(d.jobId());
    } else if (event instanceof QueueRecords.Dead d) {
      QueueIndex.Slot<Long> s = idx.get(d.jobId());
      if (s != null) {
        idx.addDead(new DeadLetter(read(log, s), d.reason(), d.message(), d.at()));
        idx.remove(d.jobId());
      }
    }
  }

  @Override
  public synchronized void enqueue(List<DeliveryJob> jobs) {
    open();
    List<DeliveryJob> copy = List.copyOf(jobs);
    Set<String> ids = new HashSet<>();
    List<byte[]> records = new ArrayList<>(copy.size());
    for (DeliveryJob j : copy) {
      if (!ids.add(j.id()) || index.contains(j.id())) {
        throw new DeliveryException(DeliveryError.DUPLICATE_JOB, "job " + j.id() + " is already queued");
      }
      records.add(QueueRecords.enqueued(j));
    }
    if (records.isEmpty()) {
      return;
    }
    long[] offsets = log.appendBatch(records);
    for (int i = 0; i < copy.size(); i++) {
      DeliveryJob j = copy.get(i);
      index.add(j.id(), offsets[i], j.attempts(), j.notBefore());
    }
  }

  @Override
  public synchronized List<DeliveryJob> lease(Instant now, int max, Duration leaseTime) {
    open();
    InMemoryDeliveryQueue.checkLease(now, max, leaseTime);
    List<DeliveryJob> out = new ArrayList<>();
    for (QueueIndex.Slot<Long> s : index.lease(now, max, leaseTime)) {
      out.add(read(s));
    }
    return out;
  }

  private DeliveryJob read(QueueIndex.Slot<Long> s) {
    return read(log, s);
  }

  private static DeliveryJob read(AppendOnlyLog log, QueueIndex.Slot<Long> s) {
    long offset = s.payload();
    QueueRecords.Event e = QueueRecords.decode(log.read(offset), offset);
    if (!(e instanceof QueueRecords.Enqueued en) || !en.job().id().equals(s.id())) {
      throw new DeliveryException(DeliveryError.CORRUPT_QUEUE,
          "the record at offset " + offset + " is not the ENQUEUED record of job " + s.id());
    }
    return en.job().withSchedule(s.attempts(), s.notBefore());
  }

  @Override
  public synchronized boolean complete(String jobId, Instant at) {
    open();
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(at, "at");
    if (!index.contains(jobId)) {
      return false;
    }
    log.append(QueueRecords.done(jobId, at));
    index.remove(jobId);
    maybeCompact();
    return true;
  }

  @Override
  public synchronized boolean reschedule(String jobId, int attempts, Instant notBefore, String reason) {
    open();
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(reason, "reason");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative");
    }
    if (!index.contains(jobId)) {
      return false;
    }
    Instant due = notBefore.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    log.append(QueueRecords.attempted(jobId, attempts, due, reason));
    index.reschedule(jobId, attempts, due);
    return true;
  }

  @Override
  public synchronized boolean deadLetter(String jobId, DeliveryError reason, String message, Instant at) {
    open();
    InMemoryDeliveryQueue.checkDead(reason);
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
    QueueIndex.Slot<Long> s = index.get(jobId);
    if (s == null) {
      return false;
    }
    DeliveryJob job = read(s);
    log.append(QueueRecords.dead(jobId, reason, message, at));
    index.remove(jobId);
    index.addDead(new DeadLetter(job, reason, message, at));
    maybeCompact();
    return true;
  }

  @Override
  public synchronized Optional<Instant> nextDue() {
    open();
    return index.nextDue();
  }

  @Override
  public synchronized int pendingCount() {
    open();
    return index.size();
  }

  @Override
  public synchronized Optional<DeliveryJob> pending(String jobId) {
    open();
    QueueIndex.Slot<Long> s = index.get(Objects.requireNonNull(jobId, "jobId"));
    return s == null ? Optional.empty() : Optional.of(read(s));
  }

  @Override
  public synchronized List<DeadLetter> deadLetters() {
    open();
    return index.deadLetters();
  }

  /** The number of records in the log (events since the last compaction). */
  public synchronized long recordCount() {
    open();
    return log.recordCount();
  }

  /** How many compactions this instance has done. */
  public synchronized long compactions() {
    return compactions;
  }

  public Path path() {
    return path;
  }

  /**
   * Rewrites the log with only the pending jobs and the kept dead letters, now. Leases are kept.
   *
   * @throws LogException or {@link DeliveryException} ({@link DeliveryError#STORAGE_FAILURE}) if
   *     writing fails; the old log stays in place
   */
  public synchronized void compact() {
    open();
    Path tmp = compactPath(path);
    Map<String, Instant> leased = new HashMap<>();
    List<byte[]> records = new ArrayList<>();
    for (QueueIndex.Slot<Long> s : index.all()) {
      records.add(QueueRecords.enqueued(read(s)));
      if (s.leased()) {
        leased.put(s.id(), s.leasedUntil());
      }
    }
    for (DeadLetter d : index.deadLetters()) {
      // A dead job's id may have been enqueued again since: its DEAD record would end the new one.
      if (!index.contains(d.job().id())) {
        records.add(QueueRecords.enqueued(d.job()));
        records.add(QueueRecords.dead(d.job().id(), d.reason(), d.message(), d.at()));
      }
    }
    try {
      Files.deleteIfExists(tmp);
      try (AppendOnlyLog fresh = AppendOnlyLog.open(tmp, logOptions())) {
        for (int from = 0; from < records.size(); from += 1024) {
          fresh.appendBatch(records.subList(from, Math.min(records.size(), from + 1024)));
        }
        fresh.sync();
      }
      log.close();
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fsyncDirectory(path);
      compactions++;
    } catch (IOException e) {
      throw new DeliveryException(DeliveryError.STORAGE_FAILURE, "compaction of " + path + " failed: " + e, e);
    } finally {
      if (!log.isOpen()) {
        // Reopen whichever file is in place: the old log if the move failed, else the new one.
        // Jobs a worker still holds stay leased, so they are not handed out twice meanwhile.
        load();
        index.holdLeased(leased);
      }
    }
  }

  private void maybeCompact() {
    long records = log.recordCount();
    if (records > options.compactAfterRecords() && (long) index.size() * 4 < records) {
      LOG.log(System.Logger.Level.DEBUG, () -> "compacting " + path + ": " + records + " records, "
          + index.size() + " pending");
      compact();
    }
  }

  private static void fsyncDirectory(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> "directory fsync not supported for " + file + ": " + e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.close();
  }

  private void open() {
    if (closed) {
      throw new DeliveryException(DeliveryError.CLOSED, "the queue " + path + " is closed");
    }
  }

  @Override
  public String toString() {
    return "LogDeliveryQueue[" + path + "]";
  }
}
