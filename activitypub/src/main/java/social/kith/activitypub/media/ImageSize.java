package social.kith.activitypub.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * The pixel size of a stored image, read from its header without decoding it: PNG (IHDR), GIF
 * (logical screen), WebP (VP8, VP8L, VP8X) and JPEG (the first SOF segment, found by skipping
 * segments, at most {@value #MAX_SEGMENTS} of them). AVIF, video and audio: unknown. Sizes outside
 * 1 to 65535 (what an attachment carries) are unknown too. Never throws for odd input.
 */
final class ImageSize {
  /** The most JPEG segments skipped while looking for the frame header. */
  static final int MAX_SEGMENTS = 1024;

  private ImageSize() {}

  /** Width and height, if the header gives them. */
  static Optional<int[]> of(String mediaType, FileChannel ch) throws IOException {
    byte[] h = new byte[32];
    int n = read(ch, 0, h);
    int w;
    int ht;
    switch (mediaType) {
      case "image/png":
        if (n < 24 || h[12] != 'I' || h[13] != 'H' || h[14] != 'D' || h[15] != 'R') {
          return Optional.empty();
        }
        w = be32(h, 16);
        ht = be32(h, 20);
        break;
      case "image/gif":
        if (n < 10) {
          return Optional.empty();
        }
        w = le16(h, 6);
        ht = le16(h, 8);
        break;
      case "image/webp":
        return webp(h, n);
      case "image/jpeg":
        return jpeg(ch);
      default:
        return Optional.empty();
    }
    return size(w, ht);
  }

  private static Optional<int[]> webp(byte[] h, int n) {
    if (n < 30) {
      return Optional.empty();
    }
    String chunk = new String(h, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    switch (chunk) {
      case "VP8 ":
        // frame tag (3 bytes) then the start code 9d 01 2a, then 14-bit width and height
        if ((h[23] & 0xff) != 0x9d || (h[24] & 0xff) != 0x01 || (h[25] & 0xff) != 0x2a) {
          return Optional.empty();
        }
        return size(le16(h, 26) & 0x3fff, le16(h, 28) & 0x3fff);
      case "VP8L":
        if ((h[20] & 0xff) != 0x2f) {
          return Optional.empty();
        }
        int bits = (h[21] & 0xff) | (h[22] & 0xff) << 8 | (h[23] & 0xff) << 16 | (h[24] & 0xff) << 24;
        return size((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
      case "VP8X":
        return size(le24(h, 24) + 1, le24(h, 27) + 1);
      default:
        return Optional.empty();
    }
  }

  private static Optional<int[]> jpeg(FileChannel ch) throws IOException {
    long pos = 2;
    long end = ch.size();
    byte[] b = new byte[9];
    for (int i = 0; i < MAX_SEGMENTS && pos + 4 <= end; i++) {
      if (read(ch, pos, b) < 4 || (b[0] & 0xff) != 0xff) {
        return Optional.empty();
      }
      int marker = b[1] & 0xff;
      if (marker == 0xff) { // fill byte
        pos++;
        continue;
      }
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { // no length
        pos += 2;
        continue;
      }
      if (marker == 0xd9 || marker == 0xda) { // end of image, start of scan: no frame header before
        return Optional.empty();
      }
      int length = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      if (length < 2) {
        return Optional.empty();
      }
      boolean frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (frame) {
        if (read(ch, pos, b) < 9) {
          return Optional.empty();
        }
        return size(((b[7] & 0xff) << 8) | (b[8] & 0xff), ((b[5] & 0xff) << 8) | (b[6] & 0xff));
      }
      pos += 2 + length;
    }
    return Optional.empty();
  }

  private static Optional<int[]> size(long w, long h) {
    return w >= 1 && w <= 65535 && h >= 1 && h <= 65535 ? Optional.of(new int[] {(int) w, (int) h}) : Optional.empty();
  }

  private static int read(FileChannel ch, long at, byte[] into) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(into);
    while (buf.hasRemaining()) {
      int r = ch.read(buf, at + buf.position());
      if (r < 0) {
        break;
      }
    }
    return buf.position();
  }

  private static int be32(byte[] h, int at) {
    long v = ((h[at] & 0xffL) << 24) | ((h[at + 1] & 0xff) << 16) | ((h[at + 2] & 0xff) << 8) | (h[at + 3] & 0xff);
    return v > Integer.MAX_VALUE ? -1 : (int) v;
  }

  private static int le16(byte[] h, int at) {
    return (h[at] & 0xff) | ((h[at + 1] & 0xff) << 8);
  }

  private static int le24(byte[] h, int at) {
    return (h[at] & 0xff) | ((h[at + 1] & 0xff) << 8) | ((h[at + 2] & 0xff) << 16);
  }
}
