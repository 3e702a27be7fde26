package social.kith.activitypub.media;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The media types Kith stores, serves and fetches as attachments, and the check that a file's first
 * bytes are what its declared type says (a "PNG" that starts like HTML is refused). The list holds
 * only passive formats that browsers do not run: no {@code text/html}, no {@code image/svg+xml}
 * (SVG carries scripts), no {@code application/*} (PDF, JavaScript, octet streams).
 *
 * <p>Every type in {@link #SAFE} has a signature check ({@link #matches}), and the checks are
 * disjoint: one byte sequence matches at most one type. {@code image/avif} and {@code video/mp4}
 * are both ISO-BMFF files, told apart by the brands of their {@code ftyp} box.
 */
public final class MediaTypes {
  /** The types with a signature check, in the order of the documentation. */
  public static final Set<String> SAFE = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
      "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif",
      "video/mp4", "video/webm",
      "audio/mpeg", "audio/ogg", "audio/wav")));
  /** How many leading bytes {@link #matches} looks at (fewer are fine for short files). */
  public static final int SNIFF_BYTES = 64;

  /** Brands of still-image ISO-BMFF files (AVIF, HEIF), which are not {@code video/mp4}. */
  private static final Set<String> IMAGE_BRANDS = Set.of("avif", "avis", "mif1", "msf1", "heic", "heix", "hevc",
      "hevx");

  private MediaTypes() {}

  /** True if {@code mediaType} (exact {@code type/subtype}, any case, no parameters) is in {@link #SAFE}. */
  public static boolean isSafe(String mediaType) {
    return mediaType != null && SAFE.contains(mediaType.strip().toLowerCase(Locale.ROOT));
  }

  /**
   * True if {@code head} (the first {@code length} bytes of a file, at most {@link #SNIFF_BYTES}
   * are looked at) starts the way {@code mediaType} requires. False for a type not in {@link #SAFE}.
   */
  public static boolean matches(String mediaType, byte[] head, int length) {
    if (mediaType == null || head == null || length < 0 || length > head.length) {
      return false;
    }
    int n = Math.min(length, SNIFF_BYTES);
    switch (mediaType.strip().toLowerCase(Locale.ROOT)) {
      case "image/png":
        return startsWith(head, n, 0, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
      case "image/jpeg":
        return startsWith(head, n, 0, 0xff, 0xd8, 0xff);
      case "image/gif":
        return startsWith(head, n, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(head, n, 0, 'G', 'I', 'F', '8', '9', 'a');
      case "image/webp":
        return riff(head, n, "WEBP");
      case "image/avif":
        return isoBrands(head, n, true);
      case "video/mp4":
        return isoBrands(head, n, false);
      case "video/webm":
        // the EBML magic, and a DocType of "webm" in the (short) EBML header
        return startsWith(head, n, 0, 0x1a, 0x45, 0xdf, 0xa3) && indexOf(head, n, "webm") > 0;
      case "audio/mpeg":
        return startsWith(head, n, 0, 'I', 'D', '3') || mpegFrame(head, n);
      case "audio/ogg":
        return startsWith(head, n, 0, 'O', 'g', 'g', 'S');
      case "audio/wav":
        return riff(head, n, "WAVE");
      default:
        return false;
    }
  }

  /** An MPEG audio frame header: 11 sync bits, a version that is not reserved, a layer (not AAC's 00). */
  private static boolean mpegFrame(byte[] h, int n) {
    if (n < 2 || (h[0] & 0xff) != 0xff || (h[1] & 0xe0) != 0xe0) {
      return false;
    }
    int version = (h[1] >> 3) & 3;
    int layer = (h[1] >> 1) & 3;
    return version != 1 && layer != 0;
  }

  private static boolean riff(byte[] h, int n, String form) {
    return startsWith(h, n, 0, 'R', 'I', 'F', 'F') && ascii(h, n, 8, form);
  }

  /**
   * An ISO-BMFF {@code ftyp} box first: with {@code image} true, an AVIF (major brand avif/avis, or
   * mif1/msf1 with a compatible avif/avis); with it false, anything whose major brand is not a
   * still-image brand.
   */
  private static boolean isoBrands(byte[] h, int n, boolean image) {
    if (n < 12 || !ascii(h, n, 4, "ftyp")) {
      return false;
    }
    long boxSize = ((h[0] & 0xffL) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    if (boxSize < 16 || boxSize % 4 != 0) {
      return false;
    }
    String major = new String(h, 8, 4, StandardCharsets.ISO_8859_1);
    if (!image) {
      return !IMAGE_BRANDS.contains(major);
    }
    if (major.equals("avif") || major.equals("avis")) {
      return true;
    }
    if (!major.equals("mif1") && !major.equals("msf1")) {
      return false;
    }
    int end = (int) Math.min(boxSize, n);
    for (int i = 16; i + 4 <= end; i += 4) {
      String brand = new String(h, i, 4, StandardCharsets.ISO_8859_1);
      if (brand.equals("avif") || brand.equals("avis")) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] h, int n, int at, int... expected) {
    if (n < at + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((h[at + i] & 0xff) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean ascii(byte[] h, int n, int at, String s) {
    if (n < at + s.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (h[at + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] h, int n, String s) {
    for (int i = 0; i + s.length() <= n; i++) {
      if (ascii(h, n, i, s)) {
        return i;
      }
    }
    return -1;
  }
}
