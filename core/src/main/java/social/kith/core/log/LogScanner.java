package social.kith.core.log;

import static social.kith.core.log.LogFormat.CONTINUES;
import static social.kith.core.log.LogFormat.FILE_HEADER_SIZE;
import static social.kith.core.log.LogFormat.LENGTH_MASK;
import static social.kith.core.log.LogFormat.MAX_PAYLOAD;
import static social.kith.core.log.LogFormat.RECORD_HEADER_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Validates every record of a log file from the header on, the one pass that both
 * {@link AppendOnlyLog#open} and {@link AppendOnlyLog#check} make. All positions here are file
 * positions; the results convert them to record offsets.
 */
final class LogScanner {
  /**
   * What a scan found. {@code starts[0..count)} are the record offsets of the committed records;
   * {@code validEnd} is the file position after the last of them. When a problem was found,
   * {@code firstBad} is its file position, and {@code nextValid} the first later file position
   * holding a valid record (-1 if none), from which {@code recordsAfter} valid records follow.
   */
  record Result(
      long fileSize,
      long[] starts,
      int count,
      long validEnd,
      String problem,
      long firstBad,
      long nextValid,
      long recordsAfter) {}

  private final ChannelReader reader;
  private final long size;
  private final byte[] header = new byte[RECORD_HEADER_SIZE];
  private final CRC32C crc = new CRC32C();

  private LogScanner(FileChannel channel, long size) {
    this.reader = new ChannelReader(channel, size);
    this.size = size;
  }

  static Result scan(FileChannel channel, long size) throws IOException {
    return new LogScanner(channel, size).run();
  }

  private Result run() throws IOException {
    long[] starts = new long[64];
    int committed = 0;
    int pending = 0;
    long position = FILE_HEADER_SIZE;
    long validEnd = FILE_HEADER_SIZE;
    String problem = null;
    long firstBad = -1;
    while (position < size) {
      problem = validate(position);
      if (problem != null) {
        firstBad = position;
        break;
      }
      if (committed + pending >= AppendOnlyLog.MAX_RECORDS) {
        throw new LogException(LogError.TOO_MANY_RECORDS,
            "log holds more than " + AppendOnlyLog.MAX_RECORDS + " records");
      }
      if (committed + pending == starts.length) {
        starts = Arrays.copyOf(starts, (int) Math.min(AppendOnlyLog.MAX_RECORDS, 2L * starts.length));
      }
      starts[committed + pending++] = position - FILE_HEADER_SIZE;
      int lengthWord = ByteBuffer.wrap(header).getInt(0);
      position += RECORD_HEADER_SIZE + (lengthWord & LENGTH_MASK);
      if ((lengthWord & CONTINUES) == 0) {
        committed += pending;
        pending = 0;
        validEnd = position;
      }
    }
    long nextValid = -1;
    long recordsAfter = 0;
    if (problem != null) {
      nextValid = findValidAfter(firstBad);
      for (long p = nextValid; p >= 0 && p < size && validate(p) == null; ) {
        recordsAfter++;
        p += RECORD_HEADER_SIZE + (ByteBuffer.wrap(header).getInt(0) & LENGTH_MASK);
      }
    } else if (pending > 0) {
      problem = "batch of " + pending + " record(s) ends without its final record";
      firstBad = validEnd;
    }
    return new Result(size, starts, committed, validEnd, problem, firstBad, nextValid, recordsAfter);
  }

  /** Null if a whole, valid record starts at {@code position}; otherwise what is wrong with it. */
  private String validate(long position) throws IOException {
    long remaining = size - position;
    if (remaining < RECORD_HEADER_SIZE) {
      return "partial record header (" + remaining + " of " + RECORD_HEADER_SIZE + " bytes)";
    }
    reader.read(position, header, 0, RECORD_HEADER_SIZE);
    ByteBuffer h = ByteBuffer.wrap(header);
    int length = h.getInt(0) & LENGTH_MASK;
    if (length > MAX_PAYLOAD) {
      return "length " + length + " exceeds the format limit of " + MAX_PAYLOAD;
    }
    if (length > remaining - RECORD_HEADER_SIZE) {
      return "partial payload (" + (remaining - RECORD_HEADER_SIZE) + " of " + length + " bytes)";
    }
    crc.reset();
    crc.update(header, 0, 4);
    reader.updateCrc(crc, position + RECORD_HEADER_SIZE, length);
    if ((int) crc.getValue() != h.getInt(4)) {
      return "checksum mismatch";
    }
    return null;
  }

  /**
   * Whether anything valid follows a bad record. The bad record's own length cannot be trusted,
   * so every later byte position is tried; most fail on an implausible length without reading
   * further, and a random match needs a 32-bit checksum collision. A false match only ever makes
   * recovery refuse (the safe side), never drop data.
   */
  private long findValidAfter(long bad) throws IOException {
    for (long p = bad + 1; p <= size - RECORD_HEADER_SIZE; p++) {
      if (validate(p) == null) {
        return p;
      }
    }
    return -1;
  }
}
