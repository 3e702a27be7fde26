package social.kith.ssb;

import social.kith.ssb.internal.CanonicalBase64;
import social.kith.ssb.internal.RefText;

/**
 * A classic SSB reference: a sigil, 32 bytes in canonical base64 and a suffix ({@code @…=.ed25519},
 * {@code %…=.sha256}, {@code &…=.sha256}). Canonical base64 matters: a lenient decoder maps many
 * spellings to one key, which would let one feed or message hide behind several ids.
 */
public sealed interface SsbRef permits FeedId, MessageId, BlobId {

  /** The 32 bytes (a copy). */
  byte[] bytes();

  /** The sigil form, e.g. {@code @<base64>.ed25519}. */
  @Override
  String toString();

  /** The {@code ssb:} URI, e.g. {@code ssb:feed/ed25519/<base64url>}. */
  String toUri();

  /** Parses any sigil reference; {@link SsbError#INVALID_REF} if it is none of the three. */
  static SsbRef parse(String ref) {
    if (ref != null && !ref.isEmpty()) {
      switch (ref.charAt(0)) {
        case '@':
          return FeedId.parse(ref);
        case '%':
          return MessageId.parse(ref);
        case '&':
          return BlobId.parse(ref);
        default:
          break;
      }
    }
    throw new SsbException(SsbError.INVALID_REF, "not an SSB reference: " + RefText.preview(ref));
  }

  /**
   * Parses an {@code ssb:} URI for a feed, message or blob, in the spec's forms
   * {@code ssb:TYPE/FORMAT/DATA}, {@code ssb://TYPE/FORMAT/DATA} and the older {@code ssb:TYPE:FORMAT:DATA},
   * with FORMAT {@code ed25519}/{@code sha256} or {@code classic}, and DATA base64url with padding.
   */
  static SsbRef fromUri(String uri) {
    if (uri == null) {
      throw new SsbException(SsbError.INVALID_URI, "null URI");
    }
    String rest;
    char sep;
    if (uri.startsWith("ssb://")) {
      rest = uri.substring(6);
      sep = '/';
    } else if (uri.startsWith("ssb:")) {
      rest = uri.substring(4);
      int slash = rest.indexOf('/');
      int colon = rest.indexOf(':');
      sep = slash >= 0 && (colon < 0 || slash < colon) ? '/' : ':';
    } else {
      throw new SsbException(SsbError.INVALID_URI, "not an ssb: URI: " + RefText.preview(uri));
    }
    String[] parts = rest.split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1);
    if (parts.length != 3) {
      throw new SsbException(SsbError.INVALID_URI, "expected ssb:TYPE/FORMAT/DATA: " + RefText.preview(uri));
    }
    String type = parts[0];
    String format = parts[1];
    String data = parts[2];
    byte[] bytes = null;
    if (!data.contains("+") && !data.contains("/")) {
      bytes = CanonicalBase64.decode(data.replace('-', '+').replace('_', '/'), 32);
    }
    if (bytes == null) {
      throw new SsbException(SsbError.INVALID_URI, "URI data is not canonical base64url of 32 bytes: " + RefText.preview(uri));
    }
    switch (type) {
      case "feed":
        if (format.equals("ed25519") || format.equals("classic")) {
          return FeedId.of(bytes);
        }
        break;
      case "message":
        if (format.equals("sha256") || format.equals("classic")) {
          return MessageId.of(bytes);
        }
        break;
      case "blob":
        if (format.equals("sha256") || format.equals("classic")) {
          return BlobId.of(bytes);
        }
        break;
      default:
        break;
    }
    throw new SsbException(SsbError.INVALID_URI, "unsupported URI type/format " + type + "/" + format);
  }
}
