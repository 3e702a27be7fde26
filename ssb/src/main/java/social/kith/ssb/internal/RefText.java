package social.kith.ssb.internal;

import java.util.Base64;
import social.kith.ssb.SsbError;
import social.kith.ssb.SsbException;

/** Shared parsing of sigil references, and safe previews of untrusted text for error messages. */
public final class RefText {
  private RefText() {}


  public static byte[] parse(String ref, char sigil, String suffix, String kind) {
    if (ref != null && ref.length() == 1 + 44 + suffix.length() && ref.charAt(0) == sigil
        && ref.endsWith(suffix)) {
      byte[] bytes = CanonicalBase64.decode(ref.substring(1, 45), 32);
      if (bytes != null) {
        return bytes;
      }
    }
    throw new SsbException(SsbError.INVALID_REF, "not a " + kind + " (" + sigil + "<canonical base64 of 32 bytes>"
        + suffix + "): " + preview(ref));
  }

  public static byte[] check(byte[] bytes) {
    if (bytes == null || bytes.length != 32) {
      throw new SsbException(SsbError.INVALID_REF, "a reference holds exactly 32 bytes");
    }
    return bytes.clone();
  }

  public static String uri(String typeAndFormat, byte[] bytes) {
    return "ssb:" + typeAndFormat + "/" + Base64.getUrlEncoder().encodeToString(bytes);
  }

  /** A bounded, printable preview of untrusted text for error messages. */
  public static String preview(String s) {
    if (s == null) {
      return "null";
    }
    String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    StringBuilder sb = new StringBuilder(cut.length() + 2).append('\'');
    cut.codePoints().forEach(cp -> {
      if (cp < 0x20 || cp == 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.append('\'').toString();
  }
}
