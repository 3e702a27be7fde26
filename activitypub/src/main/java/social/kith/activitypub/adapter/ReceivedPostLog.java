package social.kith.activitypub.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import social.kith.activitypub.server.internal.AtomicFiles;
import social.kith.activitypub.vocab.ApMapper;
import social.kith.activitypub.vocab.AsParser;
import social.kith.core.KithException;
import social.kith.core.StorageException;
import social.kith.core.log.AppendOnlyLog;
import social.kith.core.log.Durability;
import social.kith.core.log.LogOptions;
import social.kith.core.model.NativeDocument;
import social.kith.core.model.Post;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;

/**
 * The posts an {@link ApAdapter} received, on disk, so that the home, notification and thread
 * feeds survive a restart (own posts are reloaded from the object store instead).
 *
 * <p>Format, version 1: an {@link AppendOnlyLog} ({@code received.log}; checksummed records, a
 * torn tail cut on open) of JSON records, applied in order:
 * {@code {"v":1,"op":"put","createdAt":ISO-8601,"doc":<the post's ActivityPub JSON as text>}} (a
 * new or edited post, read back with the same mapper as the inbox, on a clock fixed at
 * {@code createdAt}) and {@code {"v":1,"op":"del","id":<post id>}}. A record of another version
 * is refused ({@link StorageException}; the file is left untouched, so a newer Kith's file is
 * never damaged by an older one); a record that is not JSON or no longer maps to a post is
 * skipped with a WARNING. Appends are not forced one by one ({@link Durability#EVERY_BATCH}): a
 * process crash loses nothing, a power loss may lose the latest posts, which peers do not resend.
 *
 * <p>Compaction: on open, and while running once the log holds more records than
 * {@link #compactWhenOver} set, if the log holds more than {@link #COMPACT_MIN_RECORDS} records
 * and over twice as many as the posts still held, the held posts are written to
 * {@code received.log.compact}, forced, and renamed over the log (a crash before the rename
 * leaves the old log; the partial file is deleted on the next open). The file is created mode
 * 0600: it holds direct messages. Thread-safe.
 */
final class ReceivedPostLog implements AutoCloseable {
  static final int VERSION = 1;
  /** Smaller logs are never compacted. */
  static final int COMPACT_MIN_RECORDS = 1024;
  /** The largest record: a native document plus its envelope. */
  static final int MAX_RECORD_BYTES = 2 * NativeDocument.MAX_BYTES + 4096;

  private static final System.Logger LOG = System.getLogger(ReceivedPostLog.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMPACT_SUFFIX = ".compact";

  private final Path path;
  private AppendOnlyLog log;
  private long compactAfter = Long.MAX_VALUE;
  private java.util.function.Supplier<List<Post>> held = List::of;

  private ReceivedPostLog(Path path) {
    this.path = path;
  }

  /**
   * Opens (creating if missing) the log at {@code file} and replays it into {@code put} and
   * {@code remove}, oldest record first.
   *
   * @throws StorageException a record of an unsupported version, or the file cannot be opened
   * @throws social.kith.core.log.LogException as {@link AppendOnlyLog#open} (locked, corrupt in the middle)
   */
  static ReceivedPostLog open(Path file, Consumer<Post> put, Consumer<PostId> remove) {
    Objects.requireNonNull(put, "put");
    Objects.requireNonNull(remove, "remove");
    ReceivedPostLog r = new ReceivedPostLog(Objects.requireNonNull(file, "file"));
    try {
      Files.deleteIfExists(compactPath(file));
    } catch (IOException e) {
      throw new StorageException("cannot remove the unfinished compaction " + compactPath(file) + ": " + e, e);
    }
    createPrivate(file);
    AppendOnlyLog opened = AppendOnlyLog.open(file, options());
    try {
      opened.forEach(0, e -> replay(e.payload(), e.offset(), put, remove));
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    r.log = opened;
    return r;
  }

  /** Creates {@code file} readable by its owner only (it holds direct messages) unless it exists. */
  private static void createPrivate(Path file) {
    try {
      if (!Files.exists(file)) {
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
          Files.createFile(file); // not a POSIX file system
        }
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // created meanwhile: the log's own open checks it
    } catch (IOException e) {
      throw new StorageException("cannot create " + file + ": " + e, e);
    }
  }

  private static LogOptions options() {
    return LogOptions.builder().durability(Durability.EVERY_BATCH).maxRecordSize(MAX_RECORD_BYTES).build();
  }

  private static Path compactPath(Path file) {
    return file.resolveSibling(file.getFileName() + COMPACT_SUFFIX);
  }

  private static void replay(byte[] payload, long offset, Consumer<Post> put, Consumer<PostId> remove) {
    JsonNode r;
    try {
      r = JSON.readTree(payload);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "received.log: skipping a record that is not JSON at offset " + offset);
      return;
    }
    if (r == null || !r.isObject() || r.path("v").asInt(-1) != VERSION) {
      throw new StorageException("received.log: the record at offset " + offset + " has format version "
          + (r == null ? "?" : r.path("v").toString()) + "; this Kith reads version " + VERSION);
    }
    switch (r.path("op").asText()) {
      case "put" -> decode(r).ifPresentOrElse(put, () -> LOG.log(Level.WARNING,
          "received.log: skipping a post that cannot be read at offset " + offset));
      case "del" -> {
        String id = r.path("id").asText("");
        try {
          remove.accept(PostId.of(Protocol.ACTIVITYPUB, id));
        } catch (KithException e) {
          LOG.log(Level.WARNING, "received.log: skipping a delete with a bad id at offset " + offset);
        }
      }
      default -> LOG.log(Level.WARNING, "received.log: skipping an unknown operation at offset " + offset);
    }
  }

  private static Optional<Post> decode(JsonNode r) {
    try {
      Instant createdAt = Instant.parse(r.path("createdAt").asText());
      String doc = r.path("doc").asText(null);
      if (doc == null) {
        return Optional.empty();
      }
      return Optional.of(ApMapper.withClock(InstantSource.fixed(createdAt)).post(AsParser.DEFAULT.parse(doc)).post());
    } catch (KithException | java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The record that stores {@code post}, if it carries its ActivityPub document (received posts do). */
  private static Optional<byte[]> encode(Post post) {
    Optional<NativeDocument> doc = post.nativeDocument().filter(d -> d.protocol().equals(Protocol.ACTIVITYPUB));
    if (doc.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode r = JSON.createObjectNode().put("v", VERSION).put("op", "put")
        .put("createdAt", post.createdAt().toString()).put("doc", doc.get().text());
    return Optional.of(r.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Compacts to {@code heldPosts} (asked for then, under this log's lock) whenever an append
   * leaves more than {@code records} records, so that a long-running adapter's log stays bounded.
   */
  synchronized void compactWhenOver(long records, java.util.function.Supplier<List<Post>> heldPosts) {
    if (records < COMPACT_MIN_RECORDS) {
      throw new IllegalArgumentException("compact after at least " + COMPACT_MIN_RECORDS + " records");
    }
    this.compactAfter = records;
    this.held = Objects.requireNonNull(heldPosts, "heldPosts");
  }

  /** Records a received or edited post. False if it has no ActivityPub document to store. */
  synchronized boolean put(Post post) {
    Optional<byte[]> record = encode(post);
    if (record.isPresent()) {
      log.append(record.get());
      compactIfDue();
    }
    return record.isPresent();
  }

  /** Records that a post is gone. */
  synchronized void remove(PostId id) {
    ObjectNode r = JSON.createObjectNode().put("v", VERSION).put("op", "del").put("id", id.value());
    log.append(r.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    compactIfDue();
  }

  private void compactIfDue() {
    if (log.recordCount() > compactAfter) {
      compactIfWorthIt(held.get());
    }
  }

  /** How many records the log holds. */
  synchronized long records() {
    return log.recordCount();
  }

  /**
   * Rewrites the log as {@code held} (the posts still kept) if it holds more than
   * {@link #COMPACT_MIN_RECORDS} records and over twice as many as {@code held}. Returns whether
   * it did.
   */
  synchronized boolean compactIfWorthIt(List<Post> held) {
    long n = log.recordCount();
    if (n <= COMPACT_MIN_RECORDS || n <= 2L * held.size()) {
      return false;
    }
    Path tmp = compactPath(path);
    try {
      Files.deleteIfExists(tmp);
      createPrivate(tmp);
      try (AppendOnlyLog fresh = AppendOnlyLog.open(tmp, options())) {
        List<byte[]> batch = new ArrayList<>();
        long bytes = 0;
        for (Post p : held) {
          Optional<byte[]> r = encode(p);
          if (r.isPresent()) {
            batch.add(r.get());
            bytes += r.get().length;
          }
          if (batch.size() >= 1000 || bytes >= 16L * 1024 * 1024) {
            fresh.appendBatch(batch);
            batch = new ArrayList<>();
            bytes = 0;
          }
        }
        if (!batch.isEmpty()) {
          fresh.appendBatch(batch);
        }
        fresh.sync();
      }
      log.close();
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StorageException("cannot compact " + path + ": " + e, e);
    } finally {
      if (!log.isOpen()) {
        log = AppendOnlyLog.open(path, options());
      }
    }
    return true;
  }

  @Override
  public synchronized void close() {
    if (log != null) {
      log.close();
    }
  }

  @Override
  public String toString() {
    return "ReceivedPostLog[" + path + "]";
  }
}
