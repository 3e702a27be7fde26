package social.kith.activitypub.media;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A content-addressed store of media files (attachments) on disk: each file is named by the
 * SHA-256 of its bytes, so the same bytes are stored once and a name never changes meaning.
 *
 * <p><b>Put.</b> The bytes stream into a temporary file (never whole in memory) while they are
 * hashed and counted: the stream is abandoned at the first byte over {@link #maxBytes()}
 * ({@link MediaError#TOO_LARGE}), and as soon as the first {@value MediaTypes#SNIFF_BYTES} bytes
 * are in, they must match the declared type ({@link MediaTypes#matches}; else
 * {@link MediaError#CONTENT_MISMATCH}, without reading on). A type outside {@link #allowedTypes()}
 * is refused before anything is read ({@link MediaError#TYPE_NOT_ALLOWED}). The file is then
 * fsynced, its media type (and pixel size) written beside it, and only then renamed atomically
 * to its hash: a file becomes visible whole or not at all, and a refused or failed put leaves no
 * file behind, not even a temporary one. Putting the same bytes again returns the stored entry.
 *
 * <p><b>Layout</b> under the directory: {@code sha256/<first 2 hex digits>/<64 hex digits>} (the
 * bytes) and {@code ...<64 hex digits>.meta} beside it (format {@value #META_FORMAT}: the media type
 * and pixel size, so they survive restarts), temporary files in {@code tmp/} (same file system, so
 * the renames are atomic; leftovers of a crash are removed on open). Lookups take ids of exactly
 * 64 lower-case hex digits ({@link #isId}); anything else is not found, so no id reaches the file
 * system as a path.
 *
 * <p>Thread-safe. Files are never changed in place; {@link #delete} removes one.
 */
public final class MediaStore {
  /** The default cap per file: 40 MiB (Mastodon's video limit; its image limit is 16 MiB). */
  public static final long DEFAULT_MAX_BYTES = 40L * 1024 * 1024;
  /** The largest cap a store may be configured with: 1 GiB. */
  public static final long MAX_MAX_BYTES = 1024L * 1024 * 1024;
  /** The version of the {@code .meta} files. */
  public static final int META_FORMAT = 1;

  private static final System.Logger LOG = System.getLogger(MediaStore.class.getName());
  private static final HexFormat HEX = HexFormat.of();
  private static final int BUFFER = 64 * 1024;
  private static final int MAX_META_BYTES = 1024;
  private static final String META_HEADER = "kith-media " + META_FORMAT;

  private final Path root;
  private final Path files;
  private final Path tmp;
  private final long maxBytes;
  private final Set<String> allowed;

  private MediaStore(Builder b) {
    this.root = b.dir;
    this.files = b.dir.resolve("sha256");
    this.tmp = b.dir.resolve("tmp");
    this.maxBytes = b.maxBytes;
    this.allowed = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowed));
  }

  /** Opens (creating) a store in {@code dir} with the defaults. */
  public static MediaStore open(Path dir) {
    return builder().directory(dir).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** True if {@code id} is a media id: exactly 64 lower-case hex digits. */
  public static boolean isId(String id) {
    if (id == null || id.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** The cap per file in bytes. */
  public long maxBytes() {
    return maxBytes;
  }

  /** The media types this store accepts (a subset of {@link MediaTypes#SAFE}). */
  public Set<String> allowedTypes() {
    return allowed;
  }

  /** The store's directory. */
  public Path directory() {
    return root;
  }

  /**
   * Stores {@code data} as {@code mediaType}.
   *
   * @throws MediaException as {@link #put(InputStream, String)}
   */
  public StoredMedia put(byte[] data, String mediaType) {
    Objects.requireNonNull(data, "data");
    return put(new ByteArrayInputStream(data), mediaType);
  }

  /**
   * Stores the stream's bytes (to its end; the stream is not closed) as {@code mediaType}
   * ({@code type/subtype}, any case, no parameters), or returns the entry already stored for them.
   *
   * @throws MediaException {@link MediaError#TYPE_NOT_ALLOWED}, {@link MediaError#TOO_LARGE},
   *     {@link MediaError#CONTENT_MISMATCH}, {@link MediaError#READ_FAILED} or
   *     {@link MediaError#STORAGE_FAILURE}; nothing is stored
   */
  public StoredMedia put(InputStream in, String mediaType) {
    Objects.requireNonNull(in, "in");
    String type = allowedType(mediaType);
    Path temp = null;
    try {
      temp = Files.createTempFile(tmp, "put-", ".part");
      MessageDigest sha = sha256();
      byte[] head = new byte[MediaTypes.SNIFF_BYTES];
      int headLength = 0;
      boolean sniffed = false;
      long total = 0;
      Optional<int[]> size;
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(ch);
        byte[] buf = new byte[BUFFER];
        while (true) {
          int n;
          try {
            // one byte more than allowed, so an overlong stream is caught without reading on
            n = in.read(buf, 0, (int) Math.min(buf.length, maxBytes - total + 1));
          } catch (IOException e) {
            throw new MediaException(MediaError.READ_FAILED, "the media stream failed after " + total + " bytes: " + e, e);
          }
          if (n < 0) {
            break;
          }
          total += n;
          if (total > maxBytes) {
            throw new MediaException(MediaError.TOO_LARGE, "the file exceeds the cap of " + maxBytes + " bytes");
          }
          if (!sniffed) {
            int take = Math.min(n, head.length - headLength);
            System.arraycopy(buf, 0, head, headLength, take);
            headLength += take;
            if (headLength == head.length) {
              sniff(type, head, headLength);
              sniffed = true;
            }
          }
          sha.update(buf, 0, n);
          out.write(buf, 0, n);
        }
        if (!sniffed) {
          sniff(type, head, headLength);
        }
        out.flush();
        ch.force(true);
        size = ImageSize.of(type, ch);
      }
      String id = HEX.formatHex(sha.digest());
      StoredMedia media = new StoredMedia(id, type, total,
          size.map(s -> OptionalInt.of(s[0])).orElse(OptionalInt.empty()),
          size.map(s -> OptionalInt.of(s[1])).orElse(OptionalInt.empty()));
      synchronized (this) {
        Optional<StoredMedia> existing = find(id);
        if (existing.isPresent()) {
          if (!existing.get().mediaType().equals(type)) {
            throw new MediaException(MediaError.CONTENT_MISMATCH, "these bytes are stored as "
                + existing.get().mediaType() + ", not " + type);
          }
          return existing.get();
        }
        Path target = dataPath(id);
        Files.createDirectories(target.getParent());
        writeMeta(media);
        move(temp, target);
        temp = null;
        fsyncDirectory(target.getParent());
      }
      return media;
    } catch (IOException e) {
      throw new MediaException(MediaError.STORAGE_FAILURE, "cannot store media: " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          LOG.log(Level.WARNING, () -> "cannot remove an unfinished media upload in " + tmp + ": " + e);
        }
      }
    }
  }

  /** The stored entry of {@code id}; empty if there is none or {@code id} is not a media id. */
  public Optional<StoredMedia> find(String id) {
    if (!isId(id)) {
      return Optional.empty();
    }
    Path data = dataPath(id);
    long length;
    try {
      length = Files.size(data);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new MediaException(MediaError.STORAGE_FAILURE, "cannot read the size of " + id + ": " + e, e);
    }
    return readMeta(id, length);
  }

  /** Whether {@code id} is stored. */
  public boolean has(String id) {
    return find(id).isPresent();
  }

  /** A stream of the stored bytes of {@code id}, if stored. Close it. */
  public Optional<InputStream> read(String id) {
    return read(id, 0);
  }

  /**
   * A stream of the stored bytes of {@code id} from byte {@code offset} on (for HTTP ranges), if
   * stored. Close it.
   */
  public Optional<InputStream> read(String id, long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative");
    }
    if (find(id).isEmpty()) {
      return Optional.empty();
    }
    try {
      FileChannel ch = FileChannel.open(dataPath(id), StandardOpenOption.READ);
      ch.position(offset);
      return Optional.of(Channels.newInputStream(ch));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new MediaException(MediaError.STORAGE_FAILURE, "cannot read " + id + ": " + e, e);
    }
  }

  /** The whole stored file of {@code id} (at most {@link #maxBytes()} when it was stored), if stored. */
  public Optional<byte[]> bytes(String id) {
    Optional<InputStream> in = read(id);
    if (in.isEmpty()) {
      return Optional.empty();
    }
    try (InputStream s = in.get()) {
      return Optional.of(s.readAllBytes());
    } catch (IOException e) {
      throw new MediaException(MediaError.STORAGE_FAILURE, "cannot read " + id + ": " + e, e);
    }
  }

  /** Removes {@code id} (the bytes first, then the type beside them); true if it was stored. */
  public synchronized boolean delete(String id) {
    if (!isId(id)) {
      return false;
    }
    try {
      boolean removed = Files.deleteIfExists(dataPath(id));
      Files.deleteIfExists(metaPath(id));
      if (removed) {
        fsyncDirectory(dataPath(id).getParent());
      }
      return removed;
    } catch (IOException e) {
      throw new MediaException(MediaError.STORAGE_FAILURE, "cannot delete " + id + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "MediaStore[" + root + ", maxBytes=" + maxBytes + "]";
  }

  // ------------------------------------------------------------------ helpers

  private String allowedType(String mediaType) {
    Objects.requireNonNull(mediaType, "mediaType");
    String type = mediaType.strip().toLowerCase(Locale.ROOT);
    if (!allowed.contains(type)) {
      String shown = type.length() > 80 ? type.substring(0, 80) + "..." : type;
      throw new MediaException(MediaError.TYPE_NOT_ALLOWED, "media type '" + shown.replaceAll("[^\\x20-\\x7e]", "?")
          + "' is not allowed; allowed: " + allowed);
    }
    return type;
  }

  private static void sniff(String type, byte[] head, int length) {
    if (!MediaTypes.matches(type, head, length)) {
      throw new MediaException(MediaError.CONTENT_MISMATCH, length == 0 ? "the file is empty"
          : "the bytes do not start as " + type + " does");
    }
  }

  private Path dataPath(String id) {
    return files.resolve(id.substring(0, 2)).resolve(id);
  }

  private Path metaPath(String id) {
    return files.resolve(id.substring(0, 2)).resolve(id + ".meta");
  }

  private void writeMeta(StoredMedia m) throws IOException {
    StringBuilder s = new StringBuilder(META_HEADER).append('\n').append("type ").append(m.mediaType()).append('\n');
    if (m.width().isPresent()) {
      s.append("width ").append(m.width().getAsInt()).append('\n');
      s.append("height ").append(m.height().getAsInt()).append('\n');
    }
    Path temp = Files.createTempFile(tmp, "meta-", ".part");
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(s.toString().getBytes(UTF_8));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      move(temp, metaPath(m.id()));
      temp = null;
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private Optional<StoredMedia> readMeta(String id, long length) {
    byte[] raw;
    try (FileChannel ch = FileChannel.open(metaPath(id), StandardOpenOption.READ)) {
      if (ch.size() > MAX_META_BYTES) {
        return corrupt(id, "longer than " + MAX_META_BYTES + " bytes");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // read it whole
      }
      raw = buf.array();
    } catch (NoSuchFileException e) {
      return corrupt(id, "missing");
    } catch (IOException e) {
      throw new MediaException(MediaError.STORAGE_FAILURE, "cannot read the type of " + id + ": " + e, e);
    }
    String[] lines = new String(raw, UTF_8).split("\n", 8);
    if (lines.length < 2 || !lines[0].equals(META_HEADER) || !lines[1].startsWith("type ")) {
      return corrupt(id, "not format " + META_FORMAT);
    }
    String type = lines[1].substring(5);
    if (!MediaTypes.SAFE.contains(type)) {
      return corrupt(id, "an unknown media type");
    }
    OptionalInt w = OptionalInt.empty();
    OptionalInt h = OptionalInt.empty();
    if (lines.length >= 4 && lines[2].startsWith("width ") && lines[3].startsWith("height ")) {
      try {
        int wv = Integer.parseInt(lines[2].substring(6));
        int hv = Integer.parseInt(lines[3].substring(7));
        if (wv >= 1 && wv <= 65535 && hv >= 1 && hv <= 65535) {
          w = OptionalInt.of(wv);
          h = OptionalInt.of(hv);
        }
      } catch (NumberFormatException e) {
        // the size is an extra; the file is still served without it
      }
    }
    if (length < 1) {
      return corrupt(id, "an empty file");
    }
    return Optional.of(new StoredMedia(id, type, length, w, h));
  }

  /** A file whose type cannot be read back: it is not served (logged once per lookup). */
  private static Optional<StoredMedia> corrupt(String id, String why) {
    LOG.log(Level.WARNING, () -> "media " + id + " is not served: its .meta file is " + why);
    return Optional.empty();
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new MediaException(MediaError.STORAGE_FAILURE, "the file system cannot rename atomically", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every platform can fsync a directory; the files themselves are synced
    }
  }

  /** Builds (and opens) a {@link MediaStore}; every setter checks its argument at once. */
  public static final class Builder {
    private Path dir;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private Set<String> allowed = MediaTypes.SAFE;

    private Builder() {}

    /** Where the files live (required); created if missing. */
    public Builder directory(Path dir) {
      this.dir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The cap per file, 1 byte to {@link #MAX_MAX_BYTES} (default {@link #DEFAULT_MAX_BYTES}). */
    public Builder maxBytes(long bytes) {
      if (bytes < 1 || bytes > MAX_MAX_BYTES) {
        throw new IllegalArgumentException("maxBytes must be 1 to " + MAX_MAX_BYTES + ", not " + bytes);
      }
      this.maxBytes = bytes;
      return this;
    }

    /**
     * The accepted media types: a non-empty subset of {@link MediaTypes#SAFE} (default all of them),
     * lower case; types without a signature check cannot be added.
     */
    public Builder allowedTypes(Set<String> types) {
      Objects.requireNonNull(types, "types");
      if (types.isEmpty()) {
        throw new IllegalArgumentException("at least one media type must be allowed");
      }
      for (String t : types) {
        if (!MediaTypes.SAFE.contains(t)) {
          throw new IllegalArgumentException("not a media type Kith can check: " + t + "; choose from " + MediaTypes.SAFE);
        }
      }
      Set<String> ordered = new LinkedHashSet<>();
      MediaTypes.SAFE.stream().filter(types::contains).forEach(ordered::add);
      this.allowed = ordered;
      return this;
    }

    /**
     * Opens the store: creates its directories and removes temporary files a crash left behind.
     *
     * @throws MediaException {@link MediaError#STORAGE_FAILURE} if the directory cannot be used
     */
    public MediaStore build() {
      if (dir == null) {
        throw new IllegalStateException("a directory is required");
      }
      MediaStore store = new MediaStore(this);
      try {
        Files.createDirectories(store.files);
        Files.createDirectories(store.tmp);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(store.tmp)) {
          for (Path p : leftovers) {
            Files.deleteIfExists(p);
            LOG.log(Level.INFO, () -> "removed an unfinished media upload " + p.getFileName());
          }
        }
      } catch (IOException e) {
        throw new MediaException(MediaError.STORAGE_FAILURE, "cannot open the media store in " + dir + ": " + e, e);
      }
      return store;
    }
  }
}
