package social.kith.core.log;

import static social.kith.core.log.LogFormat.FILE_HEADER_SIZE;
import static social.kith.core.log.LogFormat.LENGTH_MASK;
import static social.kith.core.log.LogFormat.RECORD_HEADER_SIZE;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A crash-safe, append-only file of checksummed records: the storage primitive under Kith's feed
 * store and delivery queue. Records are addressed by the offset {@code append} returns; they are
 * never changed or removed (only a torn tail is cut on recovery).
 *
 * <h2>On-disk format, version 1</h2>
 *
 * All integers are big-endian. The file starts with a 16-byte header:
 *
 * <pre>
 *   0  8  magic "KITHLOG\0" (4B 49 54 48 4C 4F 47 00)
 *   8  2  format version, 1
 *  10  2  flags, 0 (non-zero flags are refused as an unsupported version)
 *  12  4  CRC-32C of bytes 0..11
 * </pre>
 *
 * followed by records, back to back, each:
 *
 * <pre>
 *   0  4  length word: bit 31 = "another record of this batch follows", bits 0..30 = payload length
 *   4  4  CRC-32C of the 4 length-word bytes followed by the payload
 *   8  n  payload
 * </pre>
 *
 * A record's offset is its file position minus 16, so the first record is at offset 0 and
 * {@link #endOffset()} is the number of record bytes. A batch is a run of records whose length
 * word has bit 31 set, ended by one where it is clear; a batch without its final record is
 * incomplete and is removed whole on recovery, so a batch is all-or-nothing after a crash. A file
 * with an unknown version, unknown flags, bad magic or a bad header checksum is refused with
 * {@link LogError#UNSUPPORTED_VERSION}, {@link LogError#NOT_A_LOG} or
 * {@link LogError#CORRUPT_HEADER} and left untouched.
 *
 * <h2>Recovery</h2>
 *
 * {@link #open} validates every record from the start (length within the file and the format
 * limit, checksum). At the first invalid record it searches the rest of the file for any valid
 * record. If there is none, the tail is what a crash mid-append leaves: it is truncated back to the
 * last whole record (or batch), the truncation is forced to disk, a WARNING with the number of
 * bytes dropped is logged, and {@link #recovery()} reports it. If a valid record follows, the
 * damage is in the middle and may have hit acknowledged data, so open refuses with
 * {@link LogError#CORRUPT_RECORD} and changes nothing, unless {@link
 * RecoveryMode#TRUNCATE_AT_FIRST_CORRUPTION} was asked for. {@link #check} reports the same verdict
 * without changing the file and {@link #repair} applies the truncation. Lengths read from disk are
 * never used to allocate memory before they are checked against the file size.
 *
 * <p>Under {@link Durability#EVERY_RECORD} a crash (power loss included) can only tear the record
 * being appended, which recovery removes. Under the weaker policies a power loss can also persist
 * unsynced pages out of order; if that leaves a hole before valid unsynced records, open refuses
 * and an explicit repair is needed, because from the file alone this cannot be told apart from
 * bit rot in synced data.
 *
 * <h2>Concurrency</h2>
 *
 * One writer at a time (appends are serialised by a lock); any number of concurrent readers,
 * which never block on the writer and see exactly the records whose append has returned. Only one
 * {@code AppendOnlyLog} per file may be open, across processes (an exclusive {@link FileLock}) and
 * within this JVM (a registry checked before any second channel is opened, since closing a
 * second channel would drop the first one's POSIX lock); the loser gets {@link LogError#LOCKED}.
 * Interrupting a thread blocked in a log call closes the underlying {@link FileChannel} (a JDK
 * property); the log then reports {@link LogError#CLOSED}, releases the file and must be reopened.
 *
 * <h2>Limits</h2>
 *
 * Payloads up to {@link LogOptions#maxRecordSize()} (default 16 MiB, at most 1 GiB); at most
 * {@link #MAX_RECORDS} records; the record index costs 8 bytes of heap per record.
 */
public final class AppendOnlyLog implements Closeable, Iterable<LogEntry> {
  /** The most records one log holds (the record index is an array). */
  public static final int MAX_RECORDS = Integer.MAX_VALUE - 8;

  private static final System.Logger LOG = System.getLogger(AppendOnlyLog.class.getName());
  /** File keys of logs open (or being checked) in this JVM. Guarded by itself. */
  private static final Set<Object> OPEN_FILES = new HashSet<>();

  /** What readers see: record offsets {@code starts[0..count)} and the end offset. */
  private record State(long[] starts, int count, long end) {}

  private final Path path;
  private final LogOptions options;
  private final FileChannel channel;
  private final Object fileKey;
  private final RecoveryReport recovery;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile State state;
  private volatile boolean closed;
  // Guarded by writeLock.
  private long[] starts;
  private boolean dirty;
  private IOException failure;
  private volatile long syncs;

  private AppendOnlyLog(
      Path path, LogOptions options, FileChannel channel, Object fileKey, RecoveryReport recovery,
      LogScanner.Result scan) {
    this.path = path;
    this.options = options;
    this.channel = channel;
    this.fileKey = fileKey;
    this.recovery = recovery;
    this.starts = scan.starts();
    this.state = new State(scan.starts(), scan.count(), scan.validEnd() - FILE_HEADER_SIZE);
  }

  /** Opens (creating if missing) the log at {@code path} with {@link LogOptions#defaults()}. */
  public static AppendOnlyLog open(Path path) {
    return open(path, LogOptions.defaults());
  }

  /**
   * Opens the log at {@code path}, creating it if missing, and recovers it (see the class
   * documentation). The returned log holds the file exclusively until {@link #close()}.
   *
   * @throws LogException {@link LogError#LOCKED}, {@link LogError#NOT_A_LOG},
   *     {@link LogError#UNSUPPORTED_VERSION}, {@link LogError#CORRUPT_HEADER},
   *     {@link LogError#CORRUPT_RECORD} (mid-file damage in strict mode) or
   *     {@link LogError#IO_FAILURE}; the file is unchanged in every case but the last
   */
  public static AppendOnlyLog open(Path path, LogOptions options) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    Object key = reserve(path, true);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      lockOrRefuse(channel, false, path);
      boolean created = initialiseOrCheckHeader(channel, path);
      LogScanner.Result scan = LogScanner.scan(channel, channel.size());
      RecoveryReport report = recover(channel, path, options, scan, created);
      return new AppendOnlyLog(path, options, channel, key, report, scan);
    } catch (IOException e) {
      closeQuietly(channel);
      release(key);
      throw new LogException(LogError.IO_FAILURE, "cannot open log " + path + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      release(key);
      throw e;
    }
  }

  /**
   * Checks a log without changing it (an fsck): what {@link #open} would keep, truncate or refuse.
   * Takes a shared lock, so it fails with {@link LogError#LOCKED} while a writer has the log open.
   *
   * @throws LogException for a missing or unreadable file ({@link LogError#IO_FAILURE}) or a bad
   *     file header (as {@link #open} would)
   */
  public static CheckReport check(Path path) {
    Objects.requireNonNull(path, "path");
    Object key = reserve(path, false);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      lockOrRefuse(channel, true, path);
      long size = channel.size();
      if (size < FILE_HEADER_SIZE) {
        if (!isHeaderPrefix(channel, size)) {
          throw new LogException(LogError.NOT_A_LOG, path + " is too short to be a log and is not a torn log header");
        }
        return new CheckReport(CheckReport.Status.TORN_TAIL, 0, 0, 0, OptionalLong.of(0),
            OptionalLong.empty(), "torn file header (" + size + " bytes); open initialises it");
      }
      LogFormat.checkFileHeader(readHeader(channel), path);
      LogScanner.Result scan = LogScanner.scan(channel, size);
      CheckReport.Status status = scan.problem() == null ? CheckReport.Status.CLEAN
          : scan.nextValid() < 0 ? CheckReport.Status.TORN_TAIL : CheckReport.Status.CORRUPT;
      return new CheckReport(status, scan.count(), scan.validEnd() - FILE_HEADER_SIZE,
          size - FILE_HEADER_SIZE,
          scan.problem() == null ? OptionalLong.empty() : OptionalLong.of(scan.firstBad() - FILE_HEADER_SIZE),
          scan.nextValid() < 0 ? OptionalLong.empty() : OptionalLong.of(scan.nextValid() - FILE_HEADER_SIZE),
          scan.problem() == null ? "" : scan.problem());
    } catch (IOException e) {
      throw new LogException(LogError.IO_FAILURE, "cannot check log " + path + ": " + e, e);
    } finally {
      release(key);
    }
  }

  /**
   * Repairs a log that {@link #open} refuses with {@link LogError#CORRUPT_RECORD}: truncates it at
   * the first bad record, discarding everything after it (reported and logged), and closes it.
   * On a healthy log it changes nothing. Run {@link #check} first to see what would be lost.
   */
  public static RecoveryReport repair(Path path) {
    LogOptions repairing = LogOptions.builder()
        .recoveryMode(RecoveryMode.TRUNCATE_AT_FIRST_CORRUPTION).build();
    try (AppendOnlyLog log = open(path, repairing)) {
      return log.recovery();
    }
  }

  /**
   * Appends one record and returns its offset. Acknowledged when this returns (and on disk then
   * under {@link Durability#EVERY_RECORD}).
   *
   * @throws LogException {@link LogError#RECORD_TOO_LARGE} (nothing written), {@link
   *     LogError#CLOSED}, {@link LogError#TOO_MANY_RECORDS} or {@link LogError#IO_FAILURE}
   */
  public long append(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    return append(ByteBuffer.wrap(payload));
  }

  /**
   * Appends the buffer's remaining bytes as one record, without moving the buffer's position.
   *
   * @see #append(byte[])
   */
  public long append(ByteBuffer payload) {
    Objects.requireNonNull(payload, "payload");
    checkSize(payload.remaining(), -1);
    ByteBuffer frame = LogFormat.frame(payload, false);
    writeLock.lock();
    try {
      ensureWritable();
      State s = state;
      checkCapacity(s, 1);
      write(new ByteBuffer[] {frame}, frame.remaining(), s.end());
      if (options.durability() == Durability.EVERY_RECORD) {
        force();
      }
      publish(s, new long[] {s.end()}, s.end() + frame.capacity());
      return s.end();
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Appends the payloads as one batch, written with one write and, except under {@link
   * Durability#ON_CLOSE}, forced once. Returns their offsets in order. After a crash the batch is
   * either wholly present or wholly absent; readers see it all at once when this returns.
   *
   * @throws LogException as {@link #append(byte[])}; if any payload is too large nothing is written
   */
  public long[] appendBatch(List<byte[]> payloads) {
    Objects.requireNonNull(payloads, "payloads");
    byte[][] items = payloads.toArray(new byte[0][]);
    for (int i = 0; i < items.length; i++) {
      Objects.requireNonNull(items[i], "payload " + i);
      checkSize(items[i].length, i);
    }
    if (items.length == 0) {
      return new long[0];
    }
    ByteBuffer[] frames = new ByteBuffer[items.length];
    long total = 0;
    for (int i = 0; i < items.length; i++) {
      frames[i] = LogFormat.frame(ByteBuffer.wrap(items[i]), i < items.length - 1);
      total += frames[i].remaining();
    }
    writeLock.lock();
    try {
      ensureWritable();
      State s = state;
      checkCapacity(s, items.length);
      write(frames, total, s.end());
      if (options.durability() != Durability.ON_CLOSE) {
        force();
      }
      long[] offsets = new long[items.length];
      long next = s.end();
      for (int i = 0; i < items.length; i++) {
        offsets[i] = next;
        next += frames[i].capacity();
      }
      publish(s, offsets, next);
      return offsets;
    } finally {
      writeLock.unlock();
    }
  }

  /** Forces every acknowledged record to disk, whatever the durability policy. */
  public void sync() {
    writeLock.lock();
    try {
      ensureWritable();
      if (dirty) {
        force();
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * The payload of the record at {@code offset}, verified against its checksum.
   *
   * @throws LogException {@link LogError#INVALID_OFFSET} if no record starts there, {@link
   *     LogError#CORRUPT_RECORD} if the stored bytes no longer verify, {@link
   *     LogError#RECORD_TOO_LARGE} if it exceeds this log's {@code maxRecordSize} (written under
   *     a larger limit), {@link LogError#CLOSED}
   */
  public byte[] read(long offset) {
    State s = readable();
    return readPayload(s, indexOf(s, offset));
  }

  /**
   * A cursor positioned at {@code fromOffset} (a record start, or {@link #endOffset()}). It is
   * live: records appended later become visible to {@link LogCursor#hasNext()}.
   *
   * @throws LogException {@link LogError#INVALID_OFFSET} or {@link LogError#CLOSED}
   */
  public LogCursor cursor(long fromOffset) {
    State s = readable();
    int index = fromOffset == s.end() ? s.count() : indexOf(s, fromOffset);
    return new LogCursor(this, index);
  }

  /** A live cursor from the first record. */
  @Override
  public Iterator<LogEntry> iterator() {
    return cursor(0);
  }

  /**
   * Calls {@code action} for every record from {@code fromOffset} up to the end as it is when this
   * call starts; records appended meanwhile are not visited.
   */
  public void forEach(long fromOffset, Consumer<? super LogEntry> action) {
    Objects.requireNonNull(action, "action");
    State s = readable();
    int from = fromOffset == s.end() ? s.count() : indexOf(s, fromOffset);
    for (int i = from; i < s.count(); i++) {
      action.accept(entry(s, i));
    }
  }

  /** The number of acknowledged records. */
  public long recordCount() {
    return state.count();
  }

  /** The offset the next record will get: the number of record bytes in the log. */
  public long endOffset() {
    return state.end();
  }

  /** What opening this log found and fixed. */
  public RecoveryReport recovery() {
    return recovery;
  }

  public Path path() {
    return path;
  }

  public LogOptions options() {
    return options;
  }

  public boolean isOpen() {
    return !closed;
  }

  /**
   * Forces outstanding records to disk, releases the file and closes the log. Idempotent. Reads
   * racing with close fail with {@link LogError#CLOSED}.
   *
   * @throws LogException {@link LogError#IO_FAILURE} if the final fsync fails (the log is closed
   *     regardless; records since the last successful sync may be lost)
   */
  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      IOException syncFailure = null;
      if (dirty && failure == null) {
        try {
          channel.force(false);
          dirty = false;
          syncs++;
        } catch (IOException e) {
          syncFailure = e;
        }
      }
      closeQuietly(channel);
      releaseOnce();
      if (syncFailure != null) {
        throw new LogException(LogError.IO_FAILURE,
            "fsync on close of " + path + " failed; records since the last sync may be lost", syncFailure);
      }
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public String toString() {
    State s = state;
    return "AppendOnlyLog[" + path + ", records=" + s.count() + ", endOffset=" + s.end()
        + (closed ? ", closed" : "") + "]";
  }

  /**
   * How many times this log has forced record data to disk (not counting recovery). For tests of
   * the {@link Durability} contract, which a process kill cannot observe.
   */
  long syncCount() {
    return syncs;
  }

  // ---- reading (lock-free; package-private for LogCursor) ----

  private State readable() {
    if (closed) {
      throw closedException();
    }
    return state;
  }

  /** The entry at index {@code i} of the current state, or null if there is none yet. */
  LogEntry entryOrNull(int i) {
    State s = readable();
    return i < s.count() ? entry(s, i) : null;
  }

  private LogEntry entry(State s, int i) {
    byte[] payload = readPayload(s, i);
    return new LogEntry(s.starts()[i], next(s, i), payload);
  }

  private static long next(State s, int i) {
    return i + 1 < s.count() ? s.starts()[i + 1] : s.end();
  }

  private static int indexOf(State s, long offset) {
    if (offset < 0 || offset >= s.end()) {
      throw new LogException(LogError.INVALID_OFFSET,
          "offset " + offset + " is outside the log [0, " + s.end() + ")");
    }
    int i = Arrays.binarySearch(s.starts(), 0, s.count(), offset);
    if (i < 0) {
      throw new LogException(LogError.INVALID_OFFSET, "offset " + offset + " is not the start of a record");
    }
    return i;
  }

  private byte[] readPayload(State s, int i) {
    long offset = s.starts()[i];
    long length = next(s, i) - offset - RECORD_HEADER_SIZE;
    if (length > options.maxRecordSize()) {
      throw new LogException(LogError.RECORD_TOO_LARGE, "record at offset " + offset + " has "
          + length + " bytes, more than this log's maxRecordSize " + options.maxRecordSize());
    }
    ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER_SIZE);
    byte[] payload = new byte[(int) length];
    long position = FILE_HEADER_SIZE + offset;
    readFully(header, position);
    readFully(ByteBuffer.wrap(payload), position + RECORD_HEADER_SIZE);
    int lengthWord = header.getInt(0);
    if ((lengthWord & LENGTH_MASK) != length
        || LogFormat.recordCrc(lengthWord, payload) != header.getInt(4)) {
      throw new LogException(LogError.CORRUPT_RECORD,
          "record at offset " + offset + " of " + path + " no longer verifies");
    }
    return payload;
  }

  private void readFully(ByteBuffer dst, long position) {
    try {
      while (dst.hasRemaining()) {
        if (channel.read(dst, position + dst.position()) < 0) {
          throw new LogException(LogError.CORRUPT_RECORD,
              path + " is shorter than its acknowledged records: changed outside this log?");
        }
      }
    } catch (ClosedChannelException e) {
      throw channelLost(e);
    } catch (IOException e) {
      throw new LogException(LogError.IO_FAILURE, "read of " + path + " failed: " + e, e);
    }
  }

  // ---- writing (under writeLock) ----

  private void checkSize(int length, int index) {
    if (length > options.maxRecordSize()) {
      throw new LogException(LogError.RECORD_TOO_LARGE, (index < 0 ? "payload" : "payload " + index)
          + " of " + length + " bytes exceeds maxRecordSize " + options.maxRecordSize());
    }
  }

  private static void checkCapacity(State s, int more) {
    if (more > MAX_RECORDS - s.count()) {
      throw new LogException(LogError.TOO_MANY_RECORDS, "log is full at " + MAX_RECORDS + " records");
    }
  }

  private void ensureWritable() {
    if (closed) {
      throw closedException();
    }
    if (failure != null) {
      throw new LogException(LogError.IO_FAILURE,
          "an earlier write or fsync of " + path + " failed; reopen the log", failure);
    }
  }

  private void write(ByteBuffer[] frames, long total, long endOffset) {
    long position = FILE_HEADER_SIZE + endOffset;
    try {
      channel.position(position);
      long written = 0;
      while (written < total) {
        written += channel.write(frames);
      }
      dirty = true;
    } catch (ClosedChannelException e) {
      throw channelLost(e);
    } catch (IOException e) {
      // Cut the partial frame so the file again ends at the last acknowledged record.
      try {
        channel.truncate(position);
      } catch (IOException t) {
        e.addSuppressed(t);
        failure = e;
      }
      throw new LogException(LogError.IO_FAILURE, "append to " + path + " failed: " + e, e);
    }
  }

  private void force() {
    try {
      channel.force(false);
      dirty = false;
      syncs++;
    } catch (ClosedChannelException e) {
      throw channelLost(e);
    } catch (IOException e) {
      // After a failed fsync the page cache state is unknown: refuse further writes.
      failure = e;
      throw new LogException(LogError.IO_FAILURE, "fsync of " + path + " failed: " + e, e);
    }
  }

  private void publish(State s, long[] offsets, long newEnd) {
    int count = s.count();
    long[] array = starts;
    if (count + offsets.length > array.length) {
      long grown = Math.max(count + (long) offsets.length, 2L * array.length);
      array = Arrays.copyOf(array, (int) Math.min(grown, MAX_RECORDS));
    }
    // Readers only look at [0, their count), so filling past it in a shared array is safe; the
    // volatile write of the new state publishes these entries.
    System.arraycopy(offsets, 0, array, count, offsets.length);
    starts = array;
    state = new State(array, count + offsets.length, newEnd);
  }

  // ---- open, recovery and file ownership ----

  private static boolean initialiseOrCheckHeader(FileChannel channel, Path path) throws IOException {
    long size = channel.size();
    if (size >= FILE_HEADER_SIZE) {
      LogFormat.checkFileHeader(readHeader(channel), path);
      return false;
    }
    // Shorter than a header: new, or a creation torn before any record could be acknowledged.
    if (!isHeaderPrefix(channel, size)) {
      throw new LogException(LogError.NOT_A_LOG, path + " is too short to be a log and is not a torn log header");
    }
    ByteBuffer header = ByteBuffer.wrap(LogFormat.fileHeader());
    while (header.hasRemaining()) {
      channel.write(header, header.position());
    }
    channel.force(true);
    fsyncDirectory(path);
    if (size > 0) {
      LOG.log(System.Logger.Level.WARNING,
          () -> "Log " + path + ": re-initialised a torn file header of " + size + " bytes");
    }
    return true;
  }

  private static RecoveryReport recover(
      FileChannel channel, Path path, LogOptions options, LogScanner.Result scan, boolean created)
      throws IOException {
    if (scan.problem() == null) {
      return new RecoveryReport(scan.count(), 0, 0, created);
    }
    long firstBadOffset = scan.firstBad() - FILE_HEADER_SIZE;
    long cut = scan.fileSize() - scan.validEnd();
    if (scan.nextValid() >= 0) {
      if (options.recoveryMode() == RecoveryMode.STRICT) {
        throw new LogException(LogError.CORRUPT_RECORD, "record at offset " + firstBadOffset + " of "
            + path + " is invalid (" + scan.problem() + ") but a valid record follows at offset "
            + (scan.nextValid() - FILE_HEADER_SIZE) + "; refusing to drop possibly acknowledged data."
            + " Inspect with AppendOnlyLog.check, then AppendOnlyLog.repair to truncate");
      }
      channel.truncate(scan.validEnd());
      channel.force(true);
      LOG.log(System.Logger.Level.WARNING, () -> "Log " + path + ": repair truncated " + cut
          + " bytes at offset " + (scan.validEnd() - FILE_HEADER_SIZE) + " (" + scan.problem()
          + "), discarding at least " + scan.recordsAfter() + " valid record(s) after the corruption; "
          + scan.count() + " records kept");
      return new RecoveryReport(scan.count(), cut, scan.recordsAfter(), created);
    }
    channel.truncate(scan.validEnd());
    channel.force(true);
    LOG.log(System.Logger.Level.WARNING, () -> "Log " + path + ": truncated " + cut
        + " bytes of torn tail at offset " + (scan.validEnd() - FILE_HEADER_SIZE) + " ("
        + scan.problem() + "); " + scan.count() + " records recovered");
    return new RecoveryReport(scan.count(), cut, 0, created);
  }

  private static byte[] readHeader(FileChannel channel) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_SIZE);
    while (header.hasRemaining()) {
      if (channel.read(header, header.position()) < 0) {
        throw new IOException("file shrank while reading its header");
      }
    }
    return header.array();
  }

  private static boolean isHeaderPrefix(FileChannel channel, long size) throws IOException {
    ByteBuffer existing = ByteBuffer.allocate((int) size);
    while (existing.hasRemaining()) {
      if (channel.read(existing, existing.position()) < 0) {
        return false;
      }
    }
    byte[] expected = LogFormat.fileHeader();
    return Arrays.equals(existing.array(), 0, (int) size, expected, 0, (int) size); // not secret: on-disk bytes
  }

  private static void lockOrRefuse(FileChannel channel, boolean shared, Path path) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock(0, Long.MAX_VALUE, shared);
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new LogException(LogError.LOCKED, path + " is open for writing by another process");
    }
  }

  /** Claims {@code path} for this JVM, creating the file first if asked. */
  private static Object reserve(Path path, boolean create) {
    synchronized (OPEN_FILES) {
      try {
        if (create) {
          try {
            Files.createFile(path);
          } catch (FileAlreadyExistsException e) {
            // Opening an existing log.
          }
        }
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        if (key == null) {
          key = path.toRealPath();
        }
        if (!OPEN_FILES.add(key)) {
          throw new LogException(LogError.LOCKED, path + " is already open in this JVM");
        }
        return key;
      } catch (IOException e) {
        throw new LogException(LogError.IO_FAILURE, "cannot open log " + path + ": " + e, e);
      }
    }
  }

  private static void release(Object key) {
    synchronized (OPEN_FILES) {
      OPEN_FILES.remove(key);
    }
  }

  private void releaseOnce() {
    if (released.compareAndSet(false, true)) {
      release(fileKey);
    }
  }

  /** The channel was closed under us (an interrupted thread, or a racing close). */
  private LogException channelLost(ClosedChannelException e) {
    if (!closed) {
      closed = true;
      closeQuietly(channel);
      releaseOnce();
      LOG.log(System.Logger.Level.WARNING, () -> "Log " + path
          + ": its file channel was closed by a thread interrupt; the log is closed, reopen it");
    }
    return new LogException(LogError.CLOSED, "log " + path + " is closed", e);
  }

  private LogException closedException() {
    return new LogException(LogError.CLOSED, "log " + path + " is closed");
  }

  private static void fsyncDirectory(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not every platform can fsync a directory (Windows cannot); the file itself is synced.
      LOG.log(System.Logger.Level.DEBUG, () -> "Log " + file + ": directory fsync not supported: " + e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, () -> "closing a log channel failed: " + e);
      }
    }
  }
}
