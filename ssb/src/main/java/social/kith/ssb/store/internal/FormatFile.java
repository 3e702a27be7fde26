package social.kith.ssb.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import social.kith.core.StorageException;
import social.kith.ssb.store.StoreError;

/**
 * The store directory's {@code FORMAT} file: {@code "kith-ssb-store\nversion N\n"}. Written once,
 * atomically (temporary file, fsync, rename, directory fsync) before the log is created, so a log
 * without it was not made by this store.
 */
public final class FormatFile {
  public static final String NAME = "FORMAT";
  /** The store format this code writes and reads. */
  public static final int VERSION = 1;
  private static final String MAGIC = "kith-ssb-store";
  private static final int MAX_BYTES = 256;

  private FormatFile() {}

  /** Checks the directory's FORMAT file, creating it for a new store (no FORMAT file and no log). */
  public static void checkOrCreate(Path dir, Path log) {
    Path file = dir.resolve(NAME);
    try {
      byte[] bytes;
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        if (ch.size() > MAX_BYTES) {
          throw new StorageException(StoreError.UNSUPPORTED_FORMAT, file + " is not a store FORMAT file", null);
        }
        ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
        while (buf.hasRemaining() && ch.read(buf) >= 0) {
          // read all
        }
        bytes = buf.array();
      } catch (NoSuchFileException e) {
        if (Files.exists(log)) {
          throw new StorageException(StoreError.NOT_A_STORE, dir + " holds " + log.getFileName()
              + " but no " + NAME + " file; refusing to treat it as a store", null);
        }
        create(dir, file);
        return;
      }
      check(file, new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new StorageException(StoreError.IO_FAILURE, "cannot read or create " + file + ": " + e, e);
    }
  }

  private static void check(Path file, String text) {
    String[] lines = text.split("\n", -1);
    if (lines.length < 2 || !lines[0].equals(MAGIC) || !lines[1].startsWith("version ")) {
      throw new StorageException(StoreError.UNSUPPORTED_FORMAT, file + " is not a store FORMAT file", null);
    }
    String v = lines[1].substring("version ".length());
    if (!v.equals(Integer.toString(VERSION))) {
      throw new StorageException(StoreError.UNSUPPORTED_FORMAT, "store format version '"
          + (v.length() > 20 ? v.substring(0, 20) + "..." : v) + "' in " + file + "; this code reads version " + VERSION, null);
    }
  }

  private static void create(Path dir, Path file) throws IOException {
    Path tmp = dir.resolve(NAME + ".tmp");
    byte[] content = (MAGIC + "\nversion " + VERSION + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(content);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    fsyncDirectory(dir);
  }

  /** Forces a directory's entries to disk where the platform allows it. */
  public static void fsyncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not every platform can fsync a directory; the files themselves are synced.
    }
  }
}
