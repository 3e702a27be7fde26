package social.kith.core.log;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The child process of {@link LogCrashTest}: appends numbered records forever and prints
 * {@code ack <seq> <offset> <crc32>} after each append (or batch) returns, until it is killed.
 * Record number {@code seq} always holds {@link #payload(long)}, so the parent can verify content.
 *
 * <p>Arguments: the log path, a {@link Durability} name, and the batch size (1 = single appends).
 */
public final class LogCrashWriter {
  private LogCrashWriter() {}

  /** Mostly small records, with a large one now and then so kills also land inside big writes. */
  static byte[] payload(long seq) {
    return seq % 40 == 7 ? LogTestData.payload(seq, 60_000) : LogTestData.payload(seq, 2_000);
  }

  static String crc(byte[] payload) {
    CRC32 crc = new CRC32();
    crc.update(payload);
    return Long.toHexString(crc.getValue());
  }

  public static void main(String[] args) {
    Path path = Path.of(args[0]);
    Durability durability = Durability.valueOf(args[1]);
    int batch = Integer.parseInt(args[2]);
    PrintStream out = System.out;
    try (AppendOnlyLog log = AppendOnlyLog.open(path, LogOptions.builder().durability(durability).build())) {
      long seq = log.recordCount();
      out.println("ready " + seq);
      out.flush();
      while (true) {
        if (batch <= 1) {
          byte[] p = payload(seq);
          long offset = log.append(p);
          out.println("ack " + seq + " " + offset + " " + crc(p));
          seq++;
        } else {
          List<byte[]> items = new ArrayList<>();
          for (int i = 0; i < batch; i++) {
            items.add(payload(seq + i));
          }
          long[] offsets = log.appendBatch(items);
          for (int i = 0; i < batch; i++) {
            out.println("ack " + (seq + i) + " " + offsets[i] + " " + crc(items.get(i)));
          }
          seq += batch;
        }
        out.flush();
      }
    } catch (RuntimeException e) {
      out.println("error " + e);
      out.flush();
      e.printStackTrace();
      System.exit(1);
    }
  }
}
