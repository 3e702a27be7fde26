package social.kith.core.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** Constants and codecs of the on-disk format; see {@link AppendOnlyLog} for the layout. */
final class LogFormat {
  static final byte[] MAGIC = "KITHLOG\0".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int FILE_HEADER_SIZE = 16;
  static final int RECORD_HEADER_SIZE = 8;
  /** Bit 31 of the length word: another record of the same batch follows. */
  static final int CONTINUES = 0x8000_0000;
  static final int LENGTH_MASK = 0x7FFF_FFFF;
  static final int MAX_PAYLOAD = 1 << 30;

  private LogFormat() {}

  static byte[] fileHeader() {
    ByteBuffer b = ByteBuffer.allocate(FILE_HEADER_SIZE);
    b.put(MAGIC).putShort((short) VERSION).putShort((short) 0);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, 12);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** Refuses anything but a well-formed version-1 header. */
  static void checkFileHeader(byte[] h, Path path) {
    if (!Arrays.equals(h, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) { // not secret: file magic
      throw new LogException(LogError.NOT_A_LOG, path + " does not start with the Kith log magic");
    }
    ByteBuffer b = ByteBuffer.wrap(h);
    int version = Short.toUnsignedInt(b.getShort(8));
    if (version != VERSION) {
      throw new LogException(LogError.UNSUPPORTED_VERSION,
          path + " has log format version " + version + "; this code reads version " + VERSION);
    }
    CRC32C crc = new CRC32C();
    crc.update(h, 0, 12);
    if ((int) crc.getValue() != b.getInt(12)) {
      throw new LogException(LogError.CORRUPT_HEADER, path + " has a file header that fails its checksum");
    }
    if (b.getShort(10) != 0) {
      throw new LogException(LogError.UNSUPPORTED_VERSION,
          path + " sets header flags 0x" + Integer.toHexString(Short.toUnsignedInt(b.getShort(10)))
              + " that version " + VERSION + " does not define");
    }
  }

  /**
   * One record frame (header and payload) in a fresh buffer, ready to write. The checksum is
   * computed over the copy, so a caller changing its array afterwards cannot make it mismatch.
   */
  static ByteBuffer frame(ByteBuffer payload, boolean continues) {
    int len = payload.remaining();
    int lengthWord = len | (continues ? CONTINUES : 0);
    byte[] f = new byte[RECORD_HEADER_SIZE + len];
    ByteBuffer b = ByteBuffer.wrap(f);
    b.putInt(0, lengthWord);
    payload.duplicate().get(f, RECORD_HEADER_SIZE, len);
    CRC32C crc = new CRC32C();
    crc.update(f, 0, 4);
    crc.update(f, RECORD_HEADER_SIZE, len);
    b.putInt(4, (int) crc.getValue());
    return b;
  }

  /** The checksum a record with this length word and payload must carry. */
  static int recordCrc(int lengthWord, byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(4).putInt(0, lengthWord).array());
    crc.update(payload);
    return (int) crc.getValue();
  }
}
