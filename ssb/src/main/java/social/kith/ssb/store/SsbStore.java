package social.kith.ssb.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import social.kith.core.ClosedException;
import social.kith.core.InvalidInputException;
import social.kith.core.StorageException;
import social.kith.core.feed.Cursor;
import social.kith.core.feed.FeedPage;
import social.kith.core.log.AppendOnlyLog;
import social.kith.core.log.CheckReport;
import social.kith.core.log.LogOptions;
import social.kith.core.log.RecoveryReport;
import social.kith.core.model.Content;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;
import social.kith.core.model.IdentityKey;
import social.kith.core.model.Protocol;
import social.kith.crypto.Ed25519;
import social.kith.ssb.FeedId;
import social.kith.ssb.FeedState;
import social.kith.ssb.MessageId;
import social.kith.ssb.MessageValidator;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.ValidationError;
import social.kith.ssb.ValidationResult;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;
import social.kith.ssb.store.internal.Derived;
import social.kith.ssb.store.internal.FormatFile;
import social.kith.ssb.store.internal.Indexes;
import social.kith.ssb.store.internal.LongList;
import social.kith.ssb.store.internal.RecordCodec;

/**
 * The embedded SSB message store: a crash-safe {@link AppendOnlyLog} of validated messages (the
 * source of truth) with in-memory indexes derived from it (by feed and sequence, by message id, by
 * content type, by thread root, the follow/block graph and self-assigned profiles). Needs no server.
 *
 * <h2>On disk</h2>
 * A directory with a {@code FORMAT} file ({@code kith-ssb-store}, {@code version 1}; any other
 * version is refused with {@link StoreError#UNSUPPORTED_FORMAT}) and {@code messages.log}, whose
 * records are messages and fork marks. Indexes are not persisted: {@link #open} rebuilds them from
 * the log (a 100k-message store opens in about 1.4 s on a 2-core machine, {@code StoreBenchmark.open100k}),
 * so they can never be stale or disagree with it. After a crash each record is wholly present or absent (the
 * log's torn-tail recovery); {@link #check} and {@link #repair} are the fsck.
 *
 * <h2>Validation and forks</h2>
 * Every message is checked with the {@link StoreOptions#validator()} against the feed's stored state
 * before anything is written; a refused message stores nothing ({@link RejectedMessageException}). A
 * message identical to a stored one is accepted again without effect. A validly signed message that
 * contradicts the stored feed (another message at a sequence already held, or the next sequence with
 * another {@code previous}) is a fork: the store writes one fork record holding both messages as
 * evidence ({@link #forkEvidence}), marks the feed forked for good (the mark is in the log, so it
 * survives restarts) and stores nothing more of that feed; the call fails with
 * {@link ValidationError#FORK_DETECTED}. A badly signed contradiction is only refused: an unsigned
 * claim cannot fork someone else's feed.
 *
 * <h2>Concurrency</h2>
 * Thread-safe: one writer at a time (appends are serialised), any number of concurrent readers, who
 * see a message once its append has returned and never block on the disk write of a writer.
 * Only one store per directory may be open (the log's file lock).
 */
public final class SsbStore implements Closeable {
  /** The log's file name inside the store directory. */
  public static final String LOG_FILE = "messages.log";
  /** The longest self-assigned name kept in an {@link Identity} (longer ones are cut). */
  private static final int MAX_NAME = Identity.MAX_DISPLAY_NAME;
  /** Stored records are at most two messages of 8192 UTF-16 units (3 UTF-8 bytes each) and headers. */
  private static final int MAX_RECORD = 1 << 20;
  private static final System.Logger LOG = System.getLogger(SsbStore.class.getName());
  private static final String FEED_CURSOR = "f1.";
  private static final String LOG_CURSOR = "o1.";

  private final Path dir;
  private final StoreOptions options;
  private final MessageValidator validator;
  private final AppendOnlyLog log;
  private final ReentrantLock writer = new ReentrantLock();
  private final ReentrantReadWriteLock indexLock = new ReentrantReadWriteLock();
  private Indexes indexes; // guarded by indexLock; replaced only under writer
  private volatile boolean closed;

  private SsbStore(Path dir, StoreOptions options, AppendOnlyLog log) {
    this.dir = dir;
    this.options = options;
    this.validator = options.validator();
    this.log = log;
  }

  /**
   * Opens the store in {@code dir}, creating the directory and an empty store if needed, and
   * rebuilds the indexes from the log.
   *
   * @throws StorageException {@link StoreError#UNSUPPORTED_FORMAT}, {@link StoreError#NOT_A_STORE},
   *     {@link StoreError#CORRUPT_RECORD} or {@link StoreError#IO_FAILURE}
   * @throws social.kith.core.log.LogException from the log: {@code LOCKED} when the store is open
   *     elsewhere, {@code CORRUPT_RECORD} for damage in the middle of the log (see {@link #repair})
   */
  public static SsbStore open(Path dir, StoreOptions options) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException(StoreError.IO_FAILURE, "cannot create store directory " + dir + ": " + e, e);
    }
    Path logFile = dir.resolve(LOG_FILE);
    FormatFile.checkOrCreate(dir, logFile);
    AppendOnlyLog log = AppendOnlyLog.open(logFile, LogOptions.builder()
        .durability(options.durability()).maxRecordSize(MAX_RECORD).build());
    try {
      SsbStore store = new SsbStore(dir, options, log);
      store.indexes = store.buildIndexes();
      return store;
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
  }

  /** Opens with {@link StoreOptions#defaults()}. */
  public static SsbStore open(Path dir) {
    return open(dir, StoreOptions.defaults());
  }

  /** Checks a closed store's log without changing it (an fsck); see {@link AppendOnlyLog#check}. */
  public static CheckReport check(Path dir) {
    return AppendOnlyLog.check(dir.resolve(LOG_FILE));
  }

  /**
   * Repairs a closed store whose log {@link #open} refuses for damage in the middle: truncates the
   * log at the first bad record (losing every record after it, reported) so that it opens again.
   */
  public static RecoveryReport repair(Path dir) {
    return AppendOnlyLog.repair(dir.resolve(LOG_FILE));
  }

  // ---------------------------------------------------------------- writing

  /**
   * Validates {@code message} against its feed's stored state and stores it.
   *
   * @return its key (message id); the stored key if the same message was already held
   * @throws RejectedMessageException if it is refused (nothing stored); {@link
   *     ValidationError#FORK_DETECTED} when it proves a fork (the fork mark and evidence stored)
   */
  public MessageId append(SsbMessage message) {
    Objects.requireNonNull(message, "message");
    return append(message.value());
  }

  /** {@link #append(SsbMessage)} for a message value as received from a peer. */
  public MessageId append(JsonValue value) {
    Objects.requireNonNull(value, "value");
    writer.lock();
    try {
      ensureOpen();
      Decision d = decide(value, s -> validator.validate(s, value), new StoredView());
      if (d instanceof Accept a) {
        long offset = log.append(RecordCodec.message(now(), a.message().id(), a.message().signedJson()));
        publish(List.of(a), new long[] {offset});
        return a.message().id();
      }
      return finish(d, 0);
    } finally {
      writer.unlock();
    }
  }

  /**
   * Validates and stores many messages (a bulk import of feeds, each in sequence order), writing
   * them in atomic chunks of {@link StoreOptions#batchSize()} with one {@code appendBatch} each.
   * Validation covers the whole list before anything is written: if any message is refused,
   * nothing of this call is stored (a fork still records its mark and evidence). A crash or I/O
   * failure during the writes keeps whole chunks only, each wholly present or absent.
   *
   * @return the key of each message, in input order
   * @throws RejectedMessageException for the first refused message, with its {@link RejectedMessageException#index()}
   */
  public List<MessageId> appendAll(List<? extends SsbMessage> messages) {
    Objects.requireNonNull(messages, "messages");
    List<JsonValue> values = new ArrayList<>(messages.size());
    for (SsbMessage m : messages) {
      values.add(Objects.requireNonNull(m, "message").value());
    }
    return appendAllValues(values);
  }

  /**
   * {@link #appendAll} for message values as received from peers. The state-independent checks of
   * the whole list (serialising, hashing, signatures) run first, in parallel on
   * {@link StoreOptions#verifyExecutor()} for {@value StoreOptions#PARALLEL_MIN} messages or more,
   * outside the writer lock, skipping messages at sequences already stored (duplicates, or forks judged
   * on their own); the verdicts are those of appending the messages one by one.
   */
  public List<MessageId> appendAllValues(List<? extends JsonValue> values) {
    return appendPrepared(prepareValues(values));
  }

  /**
   * The first half of {@link #appendAllValues}: the state-independent checks of {@code values}
   * (serialising, hashing, signatures), outside the writer lock, so that a caller can check one
   * batch while the previous one is written. Messages at sequences already stored now are skipped
   * (judged on their own when appended). Nothing is stored; pass the result to {@link #appendPrepared}.
   */
  public PreparedValues prepareValues(List<? extends JsonValue> values) {
    Objects.requireNonNull(values, "values");
    List<JsonValue> copy = new ArrayList<>(values.size());
    for (JsonValue v : values) {
      copy.add(Objects.requireNonNull(v, "value"));
    }
    ensureOpen();
    // Messages at sequences already stored are duplicates or forks: decided without this work.
    // Feeds only grow, so what is held now is still held under the writer lock.
    int[] prepared = new int[copy.size()];
    List<JsonValue> toPrepare = new ArrayList<>(copy.size());
    Map<FeedId, Integer> stored = new HashMap<>();
    for (int i = 0; i < copy.size(); i++) {
      FeedId author = authorOf(copy.get(i));
      int sequence = copy.get(i) instanceof JsonObject o ? Derived.sequenceOf(o) : -1;
      boolean held = author != null && sequence >= 1
          && sequence <= stored.computeIfAbsent(author, f -> feedState(f).map(FeedState::sequence).orElse(0));
      prepared[i] = held ? -1 : toPrepare.size();
      if (!held) {
        toPrepare.add(copy.get(i));
      }
    }
    MessageValidator.Prepared batch = validator.prepare(toPrepare,
        toPrepare.size() >= StoreOptions.PARALLEL_MIN ? options.verifyExecutor() : Runnable::run);
    return new PreparedValues(this, List.copyOf(copy), prepared, batch);
  }

  /**
   * Messages checked by {@link #prepareValues}, ready for {@link #appendPrepared} on the same store.
   * Opaque and immutable.
   */
  public static final class PreparedValues {
    private final SsbStore store;
    private final List<JsonValue> values;
    private final int[] prepared;
    private final MessageValidator.Prepared batch;

    private PreparedValues(SsbStore store, List<JsonValue> values, int[] prepared, MessageValidator.Prepared batch) {
      this.store = store;
      this.values = values;
      this.prepared = prepared;
      this.batch = batch;
    }

    /** The message values, in input order. */
    public List<JsonValue> values() {
      return values;
    }

    @Override
    public String toString() {
      return "SsbStore.PreparedValues[" + values.size() + " messages]";
    }
  }

  /**
   * The second half of {@link #appendAllValues}: judges each prepared message against the feeds as
   * stored now (messages stored since {@link #prepareValues} are duplicates) and stores the batch,
   * with the same verdicts and all-or-nothing rule as {@link #appendAllValues}.
   *
   * @throws IllegalArgumentException for values prepared by another store
   * @throws RejectedMessageException for the first refused message, with its {@link RejectedMessageException#index()}
   */
  public List<MessageId> appendPrepared(PreparedValues prepared) {
    Objects.requireNonNull(prepared, "prepared");
    if (prepared.store != this) {
      throw new IllegalArgumentException("the values were prepared by another store");
    }
    List<JsonValue> values = prepared.values;
    MessageValidator.Prepared batch = prepared.batch;
    writer.lock();
    try {
      ensureOpen();
      BatchView view = new BatchView();
      List<MessageId> keys = new ArrayList<>(values.size());
      List<Accept> accepted = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        JsonValue value = values.get(i);
        int index = prepared.prepared[i];
        Judge judge = index < 0 ? s -> validator.validate(s, value) : s -> validator.validate(s, batch, index);
        Decision d = decide(value, judge, view);
        if (d instanceof Accept a) {
          view.add(a);
          accepted.add(a);
          keys.add(a.message().id());
        } else {
          keys.add(finish(d, i));
        }
      }
      int chunk = options.batchSize();
      for (int from = 0; from < accepted.size(); from += chunk) {
        List<Accept> part = accepted.subList(from, Math.min(accepted.size(), from + chunk));
        long at = now();
        List<byte[]> records = new ArrayList<>(part.size());
        for (Accept a : part) {
          records.add(RecordCodec.message(at, a.message().id(), a.message().signedJson()));
        }
        publish(part, log.appendBatch(records));
      }
      return keys;
    } finally {
      writer.unlock();
    }
  }

  /** Handles a decision other than Accept: a duplicate's key, or the refusal (after a fork is recorded). */
  private MessageId finish(Decision d, int index) {
    if (d instanceof Duplicate dup) {
      return dup.id();
    }
    if (d instanceof Fork f) {
      long offset = log.append(RecordCodec.fork(now(), f.heldJson(), f.conflicting().signedJson()));
      indexLock.writeLock().lock();
      try {
        indexes.markForked(f.feed(), offset);
        indexes.coverTo(log.endOffset());
      } finally {
        indexLock.writeLock().unlock();
      }
      LOG.log(System.Logger.Level.WARNING, () -> "feed " + f.feed() + " forked at sequence "
          + f.conflicting().sequence() + ": marked, evidence kept, nothing more of it will be stored");
      throw new RejectedMessageException(new ValidationResult.Invalid(ValidationError.FORK_DETECTED, true,
          "feed " + f.feed() + " forked at sequence " + f.conflicting().sequence() + " (message "
              + f.conflicting().id() + "); the fork is recorded"), index);
    }
    throw new RejectedMessageException(((Reject) d).verdict(), index);
  }

  private void publish(List<Accept> accepted, long[] offsets) {
    indexLock.writeLock().lock();
    try {
      for (int i = 0; i < offsets.length; i++) {
        Accept a = accepted.get(i);
        indexes.addMessage(offsets[i], a.message().id(), a.derived());
      }
      indexes.coverTo(log.endOffset());
    } finally {
      indexLock.writeLock().unlock();
    }
  }

  // ---------------------------------------------------------------- the decision

  private sealed interface Decision permits Accept, Duplicate, Fork, Reject {}

  private record Accept(SsbMessage message, Derived derived) implements Decision {}

  private record Duplicate(MessageId id) implements Decision {}

  private record Fork(FeedId feed, String heldJson, SsbMessage conflicting) implements Decision {}

  private record Reject(ValidationResult.Invalid verdict) implements Decision {}

  /** A message the feed holds (stored, or earlier in the same import). */
  private record Held(MessageId id, String json) {}

  /** What a decision needs to know about feeds. */
  private interface View {
    Optional<FeedState> state(FeedId feed);

    boolean forked(FeedId feed);

    Held held(FeedId feed, int sequence);
  }

  /** The validator's verdict on the message being decided, given a feed state. */
  private interface Judge {
    ValidationResult validate(Optional<FeedState> state);
  }

  /** The message's author when it names a valid one, else null. */
  private static FeedId authorOf(JsonValue value) {
    return value instanceof JsonObject obj ? obj.get("author").filter(v -> v instanceof JsonString)
        .map(v -> ((JsonString) v).value()).filter(FeedId::isValid).map(FeedId::parse).orElse(null) : null;
  }

  private Decision decide(JsonValue value, Judge judge, View view) {
    if (!(value instanceof JsonObject obj)) {
      return verdict(judge.validate(Optional.empty()));
    }
    FeedId author = authorOf(obj);
    int sequence = Derived.sequenceOf(obj);
    if (author == null || sequence < 1) {
      return verdict(judge.validate(author == null ? Optional.empty() : view.state(author)));
    }
    Optional<FeedState> state = view.state(author);
    int held = state.map(FeedState::sequence).orElse(0);
    if (sequence <= held) {
      Held h = view.held(author, sequence);
      MessageId id = SsbMessage.idOf(obj);
      // The id hashes only the low byte of each UTF-16 unit, so equal ids need equal text too.
      if (id.equals(h.id()) && V8Json.stringify(obj).equals(h.json())) {
        return new Duplicate(h.id());
      }
      if (view.forked(author)) {
        return forkedAlready(author);
      }
      ValidationResult signed = validateDetached(obj, sequence, judge);
      return signed instanceof ValidationResult.Valid v ? new Fork(author, h.json(), v.message()) : verdict(signed);
    }
    if (view.forked(author)) {
      return forkedAlready(author);
    }
    ValidationResult r = judge.validate(state);
    if (r instanceof ValidationResult.Valid v) {
      return new Accept(v.message(), Derived.of(v.message().value()));
    }
    ValidationResult.Invalid invalid = (ValidationResult.Invalid) r;
    if (invalid.code() == ValidationError.FORK_DETECTED && state.isPresent() && sequence == held + 1) {
      ValidationResult signed = validateDetached(obj, sequence, judge);
      return signed instanceof ValidationResult.Valid v
          ? new Fork(author, view.held(author, held).json(), v.message()) : verdict(signed);
    }
    return verdict(r);
  }

  /**
   * Validates a message on its own terms, as if its claimed {@code previous} were the feed's state:
   * everything but the chain, signature included. A valid result proves the author signed it.
   */
  private static ValidationResult validateDetached(JsonObject obj, int sequence, Judge judge) {
    if (sequence == 1) {
      return judge.validate(Optional.empty());
    }
    Optional<MessageId> previous = obj.get("previous").filter(v -> v instanceof JsonString)
        .map(v -> ((JsonString) v).value()).filter(MessageId::isValid).map(MessageId::parse);
    if (previous.isEmpty()) {
      return new ValidationResult.Invalid(ValidationError.BAD_MESSAGE_SHAPE, false,
          "message at sequence " + sequence + " has no valid previous message id");
    }
    return judge.validate(Optional.of(new FeedState(previous.get(), sequence - 1, Double.NaN)));
  }

  private static Decision forkedAlready(FeedId author) {
    return new Reject(new ValidationResult.Invalid(ValidationError.FORK_DETECTED, true,
        "feed " + author + " is marked forked; nothing more of it is stored"));
  }

  private static Decision verdict(ValidationResult r) {
    if (r instanceof ValidationResult.Invalid inv) {
      return new Reject(inv);
    }
    // A message the validator accepts always has a parseable author and sequence; be safe anyway.
    return new Reject(new ValidationResult.Invalid(ValidationError.INVALID_AUTHOR, false,
        "message author or sequence cannot be indexed"));
  }

  /** The stored feeds; used under the writer lock, so the indexes cannot change meanwhile. */
  private class StoredView implements View {
    @Override
    public Optional<FeedState> state(FeedId feed) {
      Indexes.FeedEntry e = indexes.feed(feed);
      if (e == null || e.size() == 0) {
        return Optional.empty();
      }
      return Optional.of(new FeedState(e.id(e.size()), e.size(), e.lastTimestamp()));
    }

    @Override
    public boolean forked(FeedId feed) {
      Indexes.FeedEntry e = indexes.feed(feed);
      return e != null && e.forkOffset() >= 0;
    }

    @Override
    public Held held(FeedId feed, int sequence) {
      Indexes.FeedEntry e = indexes.feed(feed);
      long offset = e.offset(sequence);
      RecordCodec.MessageRecord r = (RecordCodec.MessageRecord) RecordCodec.decode(log.read(offset), offset);
      return new Held(e.id(sequence), new String(r.json(), StandardCharsets.UTF_8));
    }
  }

  /** The stored feeds plus the messages accepted earlier in the same import. */
  private final class BatchView extends StoredView {
    private final Map<FeedId, List<Accept>> pending = new HashMap<>();

    void add(Accept a) {
      pending.computeIfAbsent(a.derived().author(), f -> new ArrayList<>()).add(a);
    }

    private int storedSize(FeedId feed) {
      Indexes.FeedEntry e = indexes.feed(feed);
      return e == null ? 0 : e.size();
    }

    @Override
    public Optional<FeedState> state(FeedId feed) {
      List<Accept> p = pending.get(feed);
      if (p == null) {
        return super.state(feed);
      }
      SsbMessage last = p.get(p.size() - 1).message();
      return Optional.of(new FeedState(last.id(), last.sequence(), last.timestamp()));
    }

    @Override
    public Held held(FeedId feed, int sequence) {
      int stored = storedSize(feed);
      if (sequence <= stored) {
        return super.held(feed, sequence);
      }
      SsbMessage m = pending.get(feed).get(sequence - stored - 1).message();
      return new Held(m.id(), m.signedJson());
    }
  }

  // ---------------------------------------------------------------- reading

  /** The message with this key, if stored. Fork evidence is not found here. */
  public Optional<StoredMessage> get(MessageId key) {
    Objects.requireNonNull(key, "key");
    Long offset = read(ix -> ix.offsetOf(key));
    return offset == null ? Optional.empty() : Optional.of(message(offset));
  }

  /** The feed's state (latest id, sequence, timestamp), to validate or publish its next message. */
  public Optional<FeedState> feedState(FeedId feed) {
    Objects.requireNonNull(feed, "feed");
    return read(ix -> {
      Indexes.FeedEntry e = ix.feed(feed);
      return e == null || e.size() == 0 ? Optional.<FeedState>empty()
          : Optional.of(new FeedState(e.id(e.size()), e.size(), e.lastTimestamp()));
    });
  }

  /** Every feed with messages and its latest stored sequence (a snapshot). */
  public Map<FeedId, Long> latestSequences() {
    return read(Indexes::latestSequences);
  }

  /** A page of {@code feed}'s messages, by sequence. */
  public FeedPage<StoredMessage> byFeed(FeedId feed, PageRequest page) {
    return byFeed(feed, 1, Integer.MAX_VALUE, page);
  }

  /**
   * A page of {@code feed}'s messages with sequences in {@code [fromSequence, toSequence]}.
   *
   * @throws InvalidInputException for a cursor that is not this kind of query's
   */
  public FeedPage<StoredMessage> byFeed(FeedId feed, long fromSequence, long toSequence, PageRequest page) {
    Objects.requireNonNull(feed, "feed");
    Objects.requireNonNull(page, "page");
    if (fromSequence < 1 || toSequence < fromSequence) {
      throw new InvalidInputException("sequence range must satisfy 1 <= from <= to, was [" + fromSequence + ", " + toSequence + "]");
    }
    Optional<Long> after = page.after().map(c -> parseCursor(c, FEED_CURSOR));
    boolean newest = page.order() == Order.NEWEST_FIRST;
    long[] offsets;
    long nextSeq;
    long lastSeq;
    indexLock.readLock().lock();
    try {
      Indexes.FeedEntry e = indexes.feed(feed);
      long size = e == null ? 0 : e.size();
      long lo = fromSequence;
      long hi = Math.min(toSequence, size);
      if (after.isPresent()) {
        if (newest) {
          hi = Math.min(hi, after.get() - 1);
        } else {
          lo = Math.max(lo, after.get() + 1);
        }
      }
      int n = (int) Math.max(0, Math.min(page.limit(), hi - lo + 1));
      offsets = new long[n];
      for (int i = 0; i < n; i++) {
        offsets[i] = e.offset((int) (newest ? hi - i : lo + i));
      }
      lastSeq = newest ? hi - n + 1 : lo + n - 1;
      nextSeq = newest ? lastSeq - 1 : lastSeq + 1;
      boolean more = n > 0 && (newest ? nextSeq >= lo : nextSeq <= hi);
      if (!more) {
        nextSeq = -1;
      }
    } finally {
      indexLock.readLock().unlock();
    }
    return page(offsets, nextSeq < 0 ? Optional.empty() : Optional.of(new Cursor(FEED_CURSOR + lastSeq)));
  }

  /** A page of the messages whose {@code content.type} is {@code type}, in arrival order. */
  public FeedPage<StoredMessage> byType(String type, PageRequest page) {
    Objects.requireNonNull(type, "type");
    return byLog(ix -> ix.byType(type), page);
  }

  /**
   * A page of the messages whose {@code content.root} is {@code root} (the replies of a thread), in
   * arrival order. The root message itself is {@link #get}{@code (root)}.
   */
  public FeedPage<StoredMessage> byRoot(MessageId root, PageRequest page) {
    Objects.requireNonNull(root, "root");
    return byLog(ix -> ix.byRoot(root), page);
  }

  private FeedPage<StoredMessage> byLog(java.util.function.Function<Indexes, LongList> which, PageRequest page) {
    Objects.requireNonNull(page, "page");
    Optional<Long> after = page.after().map(c -> parseCursor(c, LOG_CURSOR));
    boolean newest = page.order() == Order.NEWEST_FIRST;
    long[] offsets;
    boolean more;
    indexLock.readLock().lock();
    try {
      LongList list = which.apply(indexes);
      int size = list == null ? 0 : list.size();
      int start;
      if (newest) {
        start = (after.isPresent() ? list == null ? 0 : list.firstAbove(after.get() - 1) : size) - 1;
      } else {
        start = after.isPresent() && list != null ? list.firstAbove(after.get()) : 0;
      }
      int available = newest ? start + 1 : size - start;
      int n = Math.max(0, Math.min(page.limit(), available));
      offsets = new long[n];
      for (int i = 0; i < n; i++) {
        offsets[i] = list.get(newest ? start - i : start + i);
      }
      more = available > n;
    } finally {
      indexLock.readLock().unlock();
    }
    Optional<Cursor> next = more ? Optional.of(new Cursor(LOG_CURSOR + offsets[offsets.length - 1])) : Optional.empty();
    return page(offsets, next);
  }

  private FeedPage<StoredMessage> page(long[] offsets, Optional<Cursor> next) {
    List<StoredMessage> items = new ArrayList<>(offsets.length);
    for (long offset : offsets) {
      items.add(message(offset));
    }
    return new FeedPage<>(items, next);
  }

  private static long parseCursor(Cursor cursor, String prefix) {
    String v = cursor.value();
    if (v.startsWith(prefix) && v.length() > prefix.length() && v.length() <= prefix.length() + 18) {
      String digits = v.substring(prefix.length());
      if (digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
        return Long.parseLong(digits);
      }
    }
    throw new InvalidInputException("not a cursor of this query: " + (v.length() > 40 ? v.substring(0, 40) + "..." : v));
  }

  private StoredMessage message(long offset) {
    ensureOpen();
    RecordCodec.Record r = RecordCodec.decode(log.read(offset), offset);
    if (!(r instanceof RecordCodec.MessageRecord m)) {
      throw RecordCodec.corrupt(offset, "expected a message record", null);
    }
    return new StoredMessage(m.id(), RecordCodec.parse(m.json(), offset), Instant.ofEpochMilli(m.receivedAt()));
  }

  // ---------------------------------------------------------------- forks

  /** Whether the feed is marked forked. */
  public boolean isForked(FeedId feed) {
    Objects.requireNonNull(feed, "feed");
    return read(ix -> ix.feed(feed) != null && ix.feed(feed).forkOffset() >= 0);
  }

  /** The evidence recorded when {@code feed} forked; empty for a feed that is not forked. */
  public Optional<ForkEvidence> forkEvidence(FeedId feed) {
    Objects.requireNonNull(feed, "feed");
    long offset = read(ix -> ix.feed(feed) == null ? -1L : ix.feed(feed).forkOffset());
    if (offset < 0) {
      return Optional.empty();
    }
    ensureOpen();
    RecordCodec.Record r = RecordCodec.decode(log.read(offset), offset);
    if (!(r instanceof RecordCodec.ForkRecord f)) {
      throw RecordCodec.corrupt(offset, "expected a fork record", null);
    }
    Instant at = Instant.ofEpochMilli(f.recordedAt());
    return Optional.of(new ForkEvidence(feed, evidence(f.heldJson(), offset, at), evidence(f.conflictingJson(), offset, at), at));
  }

  private static StoredMessage evidence(byte[] json, long offset, Instant at) {
    JsonObject value = RecordCodec.parse(json, offset);
    return new StoredMessage(SsbMessage.idOf(value), value, at);
  }

  // ---------------------------------------------------------------- graph and profiles

  /**
   * Feeds within {@code maxHops} follows of {@code root}, with their distance ({@code root} is 0).
   *
   * <p>The rule: an edge A → B exists when A's latest {@code contact} message about B (by A's
   * sequence) has {@code following: true} and not {@code blocking: true}; {@code blocking: true}
   * makes it a block; {@code following: false} or {@code blocking: false} alone clears it; a contact
   * message with neither boolean changes nothing. Distances are shortest paths over follow edges. A
   * feed that {@code root} blocks is left out and not traversed, however it is reached (as
   * ssb-friends leaves out the feeds you block); blocks by other feeds only affect their own views.
   *
   * @throws InvalidInputException if {@code maxHops} is negative
   */
  public Map<FeedId, Integer> hops(FeedId root, int maxHops) {
    Objects.requireNonNull(root, "root");
    if (maxHops < 0) {
      throw new InvalidInputException("maxHops must not be negative, was " + maxHops);
    }
    return read(ix -> Map.copyOf(ix.hops(root, maxHops)));
  }

  /** Whether {@code author}'s latest contact message about {@code target} follows it. */
  public boolean isFollowing(FeedId author, FeedId target) {
    return read(ix -> ix.relation(author, target) == Derived.Relation.FOLLOW);
  }

  /** Whether {@code author}'s latest contact message about {@code target} blocks it. */
  public boolean isBlocking(FeedId author, FeedId target) {
    return read(ix -> ix.relation(author, target) == Derived.Relation.BLOCK);
  }

  /**
   * The feed as a core identity, from its self-assigned {@code about} messages: per field the
   * latest wins ({@code name} → display name, {@code description} → bio as plain text,
   * {@code image} → avatar as an {@code ssb:blob/...} URI). Names longer than the display-name
   * limit are cut and control characters removed. A feed without profile still has an identity
   * (its id and key).
   */
  public Identity identity(FeedId feed) {
    Objects.requireNonNull(feed, "feed");
    Indexes.Profile p = read(ix -> ix.profile(feed));
    Identity.Builder b = Identity.builder(IdentityId.of(Protocol.SSB, feed.toString()));
    try {
      b.key(new IdentityKey(feed.toString(), Ed25519.publicKey(feed.bytes())));
    } catch (RuntimeException e) {
      // Not a usable Ed25519 point: no key to publish (such a feed cannot sign messages anyway).
    }
    if (p != null) {
      if (p.name() != null) {
        b.displayName(clean(p.name(), MAX_NAME));
      }
      if (p.description() != null) {
        b.bio(Content.plain(clean(p.description(), Content.MAX_CHARS)));
      }
      if (p.image() != null) {
        b.avatar(java.net.URI.create(p.image().toUri()));
      }
    }
    return b.build();
  }

  private static String clean(String s, int max) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length() && sb.length() < max; i++) {
      char c = s.charAt(i);
      if (!(c < 0x20 && c != '\n' && c != '\t') && c != 0x7f && c != '\r') {
        sb.append(c);
      }
    }
    if (sb.length() > 0 && Character.isHighSurrogate(sb.charAt(sb.length() - 1))) {
      sb.setLength(sb.length() - 1);
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- maintenance

  /** A summary of the indexes, equal exactly when the indexes are. */
  public StoreSnapshot snapshot() {
    return read(ix -> new StoreSnapshot(ix.messageCount(), ix.coveredOffset(), ix.latestSequences(),
        ix.forkedFeeds(), ix.digest()));
  }

  /** Throws away the indexes and rebuilds them from the log. */
  public void rebuildIndexes() {
    writer.lock();
    try {
      ensureOpen();
      Indexes fresh = buildIndexes();
      indexLock.writeLock().lock();
      try {
        indexes = fresh;
      } finally {
        indexLock.writeLock().unlock();
      }
    } finally {
      writer.unlock();
    }
  }

  private Indexes buildIndexes() {
    Indexes ix = new Indexes();
    log.forEach(0, entry -> {
      long offset = entry.offset();
      RecordCodec.Record r = RecordCodec.decode(entry.payload(), offset);
      if (r instanceof RecordCodec.MessageRecord m) {
        Derived d;
        try {
          d = Derived.of(RecordCodec.parse(m.json(), offset));
        } catch (IllegalArgumentException e) {
          throw RecordCodec.corrupt(offset, e.getMessage(), e);
        }
        Indexes.FeedEntry feed = ix.feed(d.author());
        if ((feed == null ? 0 : feed.size()) + 1 != d.sequence()) {
          throw RecordCodec.corrupt(offset, "sequence " + d.sequence() + " does not follow the stored feed", null);
        }
        ix.addMessage(offset, m.id(), d);
      } else {
        RecordCodec.ForkRecord f = (RecordCodec.ForkRecord) r;
        try {
          ix.markForked(Derived.of(RecordCodec.parse(f.conflictingJson(), offset)).author(), offset);
        } catch (IllegalArgumentException e) {
          throw RecordCodec.corrupt(offset, e.getMessage(), e);
        }
      }
      ix.coverTo(entry.nextOffset());
    });
    return ix;
  }

  /** The store directory. */
  public Path directory() {
    return dir;
  }

  public StoreOptions options() {
    return options;
  }

  /** Forces every stored message to disk, whatever the durability policy. */
  public void sync() {
    ensureOpen();
    log.sync();
  }

  /** Syncs and closes the log. Idempotent. */
  @Override
  public void close() {
    writer.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      log.close();
    } finally {
      writer.unlock();
    }
  }

  @Override
  public String toString() {
    return "SsbStore[" + dir + (closed ? ", closed" : "") + "]";
  }

  private <T> T read(java.util.function.Function<Indexes, T> f) {
    ensureOpen();
    indexLock.readLock().lock();
    try {
      return f.apply(indexes);
    } finally {
      indexLock.readLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new ClosedException("store " + dir + " is closed");
    }
  }

  private long now() {
    return options.clock().millis();
  }
}
