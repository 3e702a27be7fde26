package social.kith.ssb.blobs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import social.kith.crypto.ConstantTime;
import social.kith.ssb.BlobId;

/**
 * A content-addressed store of SSB blobs ({@code &<sha256>.sha256}) on disk. A blob becomes visible
 * only whole and verified: it is streamed into a temporary file (never buffered in memory), hashed on
 * the way, fsynced, checked against its id, and only then renamed atomically into place. A wrong
 * hash, a stream over the size cap (abandoned at the first byte over it), a declared size that does
 * not match, or a failing source leaves no file behind.
 *
 * <p>Layout: {@code <dir>/sha256/<first 2 hex digits>/<64 hex digits of the hash>}, temporary files
 * in {@code <dir>/tmp} (same file system, so the rename is atomic; leftovers of a crash are removed
 * on open). Reads re-hash as they stream and fail at the end if the file no longer matches its id.
 * Thread-safe; several puts of the same blob are harmless.
 */
public final class BlobStore {
  /** The default size cap: 5 MiB, as ssb-blobs. */
  public static final long DEFAULT_MAX_SIZE = 5L * 1024 * 1024;

  private static final System.Logger LOG = System.getLogger(BlobStore.class.getName());
  private static final HexFormat HEX = HexFormat.of();
  private static final int BUFFER = 64 * 1024;

  private final Path root;
  private final Path blobs;
  private final Path tmp;
  private final long maxSize;

  private BlobStore(Path root, long maxSize) {
    this.root = root;
    this.blobs = root.resolve("sha256");
    this.tmp = root.resolve("tmp");
    this.maxSize = maxSize;
  }

  /** Opens (creating) the store in {@code dir} with the default 5 MiB cap. */
  public static BlobStore open(Path dir) {
    return open(dir, DEFAULT_MAX_SIZE);
  }

  /**
   * Opens (creating) the store in {@code dir}, refusing blobs over {@code maxSize} bytes, and removes
   * temporary files a crash left behind.
   */
  public static BlobStore open(Path dir, long maxSize) {
    Objects.requireNonNull(dir, "dir");
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be positive, was " + maxSize);
    }
    BlobStore store = new BlobStore(dir, maxSize);
    try {
      Files.createDirectories(store.blobs);
      Files.createDirectories(store.tmp);
      try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(store.tmp)) {
        for (Path p : leftovers) {
          Files.deleteIfExists(p);
          LOG.log(System.Logger.Level.INFO, () -> "removed an unfinished blob upload " + p.getFileName());
        }
      }
    } catch (IOException e) {
      throw new BlobException(BlobError.STORAGE_FAILURE, "cannot open blob store " + dir + ": " + e, e);
    }
    return store;
  }

  /** The size cap in bytes. */
  public long maxSize() {
    return maxSize;
  }

  /** Stores {@code data}; returns its id. */
  public BlobId put(byte[] data) {
    Objects.requireNonNull(data, "data");
    return put(new java.io.ByteArrayInputStream(data), null, data.length);
  }

  /** Stores the stream's bytes (to its end) under their hash; returns the id. */
  public BlobId put(InputStream in) {
    return put(in, null, -1);
  }

  /**
   * Stores the stream's bytes if they hash to {@code expected} (null: any hash).
   *
   * @throws BlobException {@link BlobError#HASH_MISMATCH}, {@link BlobError#TOO_LARGE},
   *     {@link BlobError#READ_FAILED} or {@link BlobError#STORAGE_FAILURE}; nothing is stored
   */
  public BlobId put(InputStream in, BlobId expected) {
    return put(in, expected, -1);
  }

  /**
   * Stores the stream's bytes if they hash to {@code expected} (null: any hash) and number exactly
   * {@code declaredSize} ({@code -1}: unknown). The stream is read to its end but never beyond the cap
   * or the declared size; it is not closed.
   *
   * @throws BlobException as {@link #put(InputStream, BlobId)}, or {@link BlobError#SIZE_MISMATCH}
   */
  public BlobId put(InputStream in, BlobId expected, long declaredSize) {
    Objects.requireNonNull(in, "in");
    if (declaredSize < -1) {
      throw new IllegalArgumentException("declaredSize must be -1 (unknown) or a size, was " + declaredSize);
    }
    if (declaredSize > maxSize) {
      throw new BlobException(BlobError.TOO_LARGE, "declared size " + declaredSize + " exceeds the cap of " + maxSize);
    }
    long limit = declaredSize >= 0 ? declaredSize : maxSize;
    Path temp = null;
    try {
      temp = Files.createTempFile(tmp, "put-", ".part");
      MessageDigest sha = sha256();
      long total = 0;
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(ch)) {
        byte[] buf = new byte[BUFFER];
        while (true) {
          int n;
          try {
            // Ask for one byte more than allowed so an overlong stream is caught without reading on.
            n = in.read(buf, 0, (int) Math.min(buf.length, limit - total + 1));
          } catch (IOException e) {
            throw new BlobException(BlobError.READ_FAILED, "the blob stream failed after " + total + " bytes: " + e, e);
          }
          if (n < 0) {
            break;
          }
          total += n;
          if (total > limit) {
            throw declaredSize >= 0
                ? new BlobException(BlobError.SIZE_MISMATCH, "the stream holds more than the declared " + declaredSize + " bytes")
                : new BlobException(BlobError.TOO_LARGE, "the blob exceeds the cap of " + maxSize + " bytes");
          }
          sha.update(buf, 0, n);
          out.write(buf, 0, n);
        }
        if (declaredSize >= 0 && total != declaredSize) {
          throw new BlobException(BlobError.SIZE_MISMATCH, "the stream held " + total + " bytes, not the declared " + declaredSize);
        }
        out.flush();
        ch.force(true);
      }
      BlobId id = BlobId.of(sha.digest());
      if (expected != null && !ConstantTime.equals(id.bytes(), expected.bytes())) {
        throw new BlobException(BlobError.HASH_MISMATCH, "the bytes hash to " + id + ", not " + expected);
      }
      Path target = pathOf(id);
      Files.createDirectories(target.getParent());
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new BlobException(BlobError.STORAGE_FAILURE, "the file system cannot rename atomically", e);
      }
      temp = null;
      fsyncDirectory(target.getParent());
      return id;
    } catch (IOException e) {
      throw new BlobException(BlobError.STORAGE_FAILURE, "cannot store blob: " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          LOG.log(System.Logger.Level.WARNING, () -> "cannot remove an unfinished blob upload in " + tmp + ": " + e);
        }
      }
    }
  }

  /** Whether the blob is stored. */
  public boolean has(BlobId id) {
    return Files.isRegularFile(pathOf(id));
  }

  /** The blob's size in bytes, if stored. */
  public OptionalLong size(BlobId id) {
    try {
      return OptionalLong.of(Files.size(pathOf(id)));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new BlobException(BlobError.STORAGE_FAILURE, "cannot read the size of " + id + ": " + e, e);
    }
  }

  /**
   * A stream of the blob's bytes, if stored. The stream re-hashes what it reads and throws an
   * {@link IOException} at the end if the file no longer matches the id (disk damage). Close it.
   */
  public Optional<InputStream> get(BlobId id) {
    try {
      return Optional.of(new VerifyingStream(Files.newInputStream(pathOf(id)), id));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new BlobException(BlobError.STORAGE_FAILURE, "cannot read " + id + ": " + e, e);
    }
  }

  /** The whole blob, if stored (verified against its id). */
  public Optional<byte[]> getBytes(BlobId id) {
    Optional<InputStream> in = get(id);
    if (in.isEmpty()) {
      return Optional.empty();
    }
    try (InputStream s = in.get()) {
      return Optional.of(s.readAllBytes());
    } catch (IOException e) {
      throw new BlobException(BlobError.STORAGE_FAILURE, "cannot read " + id + ": " + e, e);
    }
  }

  /**
   * Bytes {@code [start, end)} of a stored blob (cut at its end), as {@code blobs.getSlice}. The
   * result is never verified; see {@link BlobSlice}.
   */
  public Optional<BlobSlice> getSlice(BlobId id, long start, long end) {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("slice must satisfy 0 <= start <= end, was [" + start + ", " + end + ")");
    }
    try (FileChannel ch = FileChannel.open(pathOf(id), StandardOpenOption.READ)) {
      long to = Math.min(end, ch.size());
      int n = (int) Math.max(0, Math.min(to - start, maxSize));
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(n);
      while (buf.hasRemaining() && ch.read(buf, start + buf.position()) >= 0) {
        // read until full
      }
      return Optional.of(new BlobSlice(id, start, java.util.Arrays.copyOf(buf.array(), buf.position())));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new BlobException(BlobError.STORAGE_FAILURE, "cannot read " + id + ": " + e, e);
    }
  }

  /** Removes the blob; true if it was stored. */
  public boolean delete(BlobId id) {
    try {
      boolean removed = Files.deleteIfExists(pathOf(id));
      if (removed) {
        fsyncDirectory(pathOf(id).getParent());
      }
      return removed;
    } catch (IOException e) {
      throw new BlobException(BlobError.STORAGE_FAILURE, "cannot delete " + id + ": " + e, e);
    }
  }

  /** The store's directory. */
  public Path directory() {
    return root;
  }

  @Override
  public String toString() {
    return "BlobStore[" + root + ", maxSize=" + maxSize + "]";
  }

  private Path pathOf(BlobId id) {
    Objects.requireNonNull(id, "id");
    String hex = HEX.formatHex(id.bytes());
    return blobs.resolve(hex.substring(0, 2)).resolve(hex);
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
    } catch (IOException e) {
      // Not every platform can fsync a directory; the file itself is synced.
    }
  }

  /** Hashes what it passes on and fails at the end of the stream if the hash is not the id's. */
  private static final class VerifyingStream extends FilterInputStream {
    private final BlobId id;
    private final MessageDigest sha = sha256();
    private boolean checked;

    VerifyingStream(InputStream in, BlobId id) {
      super(in);
      this.id = id;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        check();
      } else {
        sha.update((byte) b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n < 0) {
        check();
      } else {
        sha.update(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipped bytes must still be hashed.
      byte[] buf = new byte[(int) Math.min(BUFFER, Math.max(0, n))];
      long skipped = 0;
      while (skipped < n) {
        int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void check() throws IOException {
      if (!checked) {
        checked = true;
        if (!ConstantTime.equals(sha.digest(), id.bytes())) {
          throw new IOException("stored blob " + id + " no longer matches its hash (disk damage)");
        }
      }
    }
  }
}
