package social.kith.activitypub.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tiny files that start the way each allowed media type requires (headers only, not decodable
 * pictures or sounds), plus a payload, so tests can tell files apart.
 */
public final class MediaSamples {
  private MediaSamples() {}

  /** The SHA-256 of {@code data} in lower-case hex: a media id. */
  public static String sha256(byte[] data) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A PNG signature and IHDR chunk of {@code w} x {@code h}, then {@code payload}. */
  public static byte[] png(int w, int h, String payload) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
    b.writeBytes(be32(w));
    b.writeBytes(be32(h));
    b.writeBytes(new byte[] {8, 6, 0, 0, 0, 0, 0, 0, 0});
    b.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
    return b.toByteArray();
  }

  public static byte[] png(String payload) {
    return png(640, 480, payload);
  }

  /** A JPEG with an APP0 and a 300-byte APP1 segment before the SOF0 frame header of {@code w} x {@code h}. */
  public static byte[] jpeg(int w, int h) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0,
        1, 0, 1, 0, 0});
    b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xe1, 0x01, 0x2e}); // length 302: 300 bytes of EXIF stand-in
    b.writeBytes(new byte[300]);
    b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xc0, 0, 17, 8, (byte) (h >> 8), (byte) h, (byte) (w >> 8), (byte) w, 3});
    b.writeBytes(new byte[9]);
    b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd9});
    return b.toByteArray();
  }

  public static byte[] gif(int w, int h) {
    return new byte[] {'G', 'I', 'F', '8', '9', 'a', (byte) w, (byte) (w >> 8), (byte) h, (byte) (h >> 8), 0, 0, 0, ';'};
  }

  /** An extended (VP8X) WebP of {@code w} x {@code h}. */
  public static byte[] webp(int w, int h) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[] {22, 0, 0, 0});
    b.writeBytes("WEBPVP8X".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[] {10, 0, 0, 0, 0, 0, 0, 0});
    b.writeBytes(le24(w - 1));
    b.writeBytes(le24(h - 1));
    return b.toByteArray();
  }

  /** One file per allowed type, each starting as its type requires. */
  public static Map<String, byte[]> oneOfEach() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("image/png", png("sample"));
    m.put("image/jpeg", jpeg(800, 600));
    m.put("image/gif", gif(16, 16));
    m.put("image/webp", webp(300, 200));
    m.put("image/avif", ftyp("avif", "mif1", "miaf"));
    m.put("video/mp4", ftyp("isom", "isom", "iso2", "avc1", "mp41"));
    m.put("video/webm", new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3, (byte) 0x9f, 0x42, (byte) 0x86, (byte) 0x81, 1,
        0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm', 0x42, (byte) 0x87, (byte) 0x81, 4});
    m.put("audio/mpeg", new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xfb, (byte) 0x90, 0x64});
    m.put("audio/ogg", "OggS\0\2\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
    m.put("audio/wav", riff("WAVE", "fmt "));
    return m;
  }

  /** An ISO-BMFF {@code ftyp} box with a major brand and compatible brands, then a free box. */
  public static byte[] ftyp(String major, String... compatible) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(be32(16 + 4 * compatible.length));
    b.writeBytes(("ftyp" + major).getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[4]);
    for (String c : compatible) {
      b.writeBytes(c.getBytes(StandardCharsets.US_ASCII));
    }
    b.writeBytes(new byte[] {0, 0, 0, 8, 'f', 'r', 'e', 'e'});
    return b.toByteArray();
  }

  private static byte[] riff(String form, String chunk) {
    return ("RIFF\u0024\0\0\0" + form + chunk + "\u0010\0\0\0\1\0\1\0").getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] be32(int v) {
    return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }

  private static byte[] le24(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16)};
  }
}
