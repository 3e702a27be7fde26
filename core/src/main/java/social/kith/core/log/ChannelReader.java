package social.kith.core.log;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Positional reads through a fixed 64 KiB window, for scanning a file front to back without a
 * syscall per record and without ever allocating by a length read from disk.
 */
final class ChannelReader {
  private static final int WINDOW = 64 * 1024;

  private final FileChannel channel;
  private final long size;
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
  private long windowStart;
  private int windowLength;

  ChannelReader(FileChannel channel, long size) {
    this.channel = channel;
    this.size = size;
  }

  /** Copies {@code length} bytes at {@code position}; the caller keeps the range inside the file. */
  void read(long position, byte[] dst, int offset, int length) throws IOException {
    while (length > 0) {
      int n = load(position, length);
      System.arraycopy(window.array(), (int) (position - windowStart), dst, offset, n);
      position += n;
      offset += n;
      length -= n;
    }
  }

  /** Feeds {@code length} bytes at {@code position} into {@code crc}. */
  void updateCrc(CRC32C crc, long position, long length) throws IOException {
    while (length > 0) {
      int n = load(position, length);
      crc.update(window.array(), (int) (position - windowStart), n);
      position += n;
      length -= n;
    }
  }

  /** Makes {@code position} readable from the window; returns how many bytes (up to {@code want}). */
  private int load(long position, long want) throws IOException {
    if (position < windowStart || position >= windowStart + windowLength) {
      int length = (int) Math.min(WINDOW, size - position);
      if (length <= 0) {
        throw new EOFException("read past the scanned size at " + position);
      }
      window.clear().limit(length);
      while (window.hasRemaining()) {
        if (channel.read(window, position + window.position()) < 0) {
          throw new EOFException("file shrank during the scan at " + (position + window.position()));
        }
      }
      windowStart = position;
      windowLength = length;
    }
    return (int) Math.min(want, windowStart + windowLength - position);
  }
}
