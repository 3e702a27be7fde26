package social.kith.activitypub.server.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import social.kith.core.ErrorCode;
import social.kith.core.StorageException;

/**
 * Whole-file writes that are all-or-nothing: write a temporary file beside the target, force it to
 * disk, then rename it over the target (atomic on POSIX file systems) and force the directory. A
 * crash leaves either the old file or the new one, never a torn one.
 */
public final class AtomicFiles {
  /** Owner read and write only, for private keys. */
  public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private AtomicFiles() {}

  /** Writes {@code bytes} to {@code target} atomically, readable by everyone the umask allows. */
  public static void write(Path target, byte[] bytes) {
    write(target, bytes, null);
  }

  /**
   * Writes {@code bytes} to {@code target} atomically; with {@code permissions} the temporary file
   * is created with them (so the secret is never readable by others, not even briefly).
   */
  public static void write(Path target, byte[] bytes, Set<PosixFilePermission> permissions) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      tmp = permissions != null && posix
          ? Files.createTempFile(dir, ".tmp-", ".part", PosixFilePermissions.asFileAttribute(permissions))
          : Files.createTempFile(dir, ".tmp-", ".part");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      forceDirectory(dir);
    } catch (IOException e) {
      throw new StorageException(ErrorCode.Standard.STORAGE_FAILURE, "cannot write " + target.getFileName(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temporary file is garbage either way; the target is untouched
        }
      }
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // some platforms cannot open a directory; the rename itself is still atomic there
    }
  }
}
