package social.kith.ssb;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import social.kith.ssb.internal.CanonicalBase64;

/**
 * ssb-ref's checks on untrusted text (link extraction, channel names, addresses, typed ids),
 * with its verdicts. All methods are total: they answer {@code false}/empty, never throw.
 */
public final class SsbRefs {
  private SsbRefs() {}

  /** What a string refers to (ssb-ref's {@code type}). */
  public enum Kind {
    FEED, MESSAGE, BLOB, ADDRESS, INVITE
  }

  /** The longest text these checks look at; longer input is rejected outright. */
  public static final int MAX_INPUT = 64 * 1024;

  private static final Pattern EXTRACT = Pattern.compile("([@%&][A-Za-z0-9/+]{43}=\\.[A-Za-z0-9_]+)");

  /**
   * The first sigil reference in text such as a URL, percent-decoded if needed (ssb-ref's
   * {@code extract}); not validated beyond its shape, so parse it before use.
   */
  public static Optional<String> extract(String text) {
    if (text == null || text.length() > MAX_INPUT) {
      return Optional.empty();
    }
    Matcher m = EXTRACT.matcher(text);
    if (m.find()) {
      return Optional.of(m.group(1));
    }
    String decoded = decodeUriComponent(text).orElse(text).replace("&amp;", "&");
    Matcher again = EXTRACT.matcher(decoded);
    return again.find() ? Optional.of(again.group(1)) : Optional.empty();
  }

  /** JavaScript's {@code decodeURIComponent}; empty where it would throw. */
  static Optional<String> decodeUriComponent(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      while (i < s.length() && s.charAt(i) == '%') {
        if (i + 2 >= s.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0 || s.charAt(i + 1) > 'f' || s.charAt(i + 2) > 'f') {
          return Optional.empty();
        }
        bytes.write(hi * 16 + lo);
        i += 3;
      }
      try {
        out.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())));
      } catch (CharacterCodingException e) {
        return Optional.empty();
      }
    }
    return Optional.of(out.toString());
  }

  private static final Pattern CHANNEL_STRIP = Pattern.compile(
      "[\\t\\n\\u000b\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff,.?!<>()\\[\\]\"#]");

  /**
   * A channel name as ssb-ref normalises it: lower case, without whitespace and
   * {@code , . ? ! < > ( ) [ ] " #}, cut to 30 UTF-16 units; empty if nothing is left.
   */
  public static Optional<String> normalizeChannel(String channel) {
    if (channel == null || channel.length() > MAX_INPUT) {
      return Optional.empty();
    }
    String s = CHANNEL_STRIP.matcher(channel.toLowerCase(Locale.ROOT)).replaceAll("");
    return s.isEmpty() ? Optional.empty() : Optional.of(s.length() > 30 ? s.substring(0, 30) : s);
  }

  /** ssb-ref's {@code isAddress} for text: a multiserver address with a transform, or {@code host:port:@key}. */
  public static boolean isAddress(String text) {
    if (text == null || text.length() > MultiserverAddress.MAX_LENGTH) {
      return false;
    }
    if (MultiserverAddress.isValid(text) && hasUnescapedTilde(text)) {
      return true;
    }
    return legacyAddress(text).isPresent();
  }

  private static boolean hasUnescapedTilde(String text) {
    for (int i = 1; i < text.length(); i++) {
      if (text.charAt(i) == '~' && text.charAt(i - 1) != '!') {
        return true;
      }
    }
    return false;
  }

  /** A legacy {@code host:port:@key.ed25519} address (the port defaults to 8008 when empty). */
  static Optional<MultiserverAddress.ShsAddress> legacyAddress(String text) {
    int keyAt = text.lastIndexOf(':');
    if (keyAt < 0) {
      return Optional.empty();
    }
    String id = text.substring(keyAt + 1);
    String rest = text.substring(0, keyAt);
    int portAt = rest.lastIndexOf(':');
    String portText = portAt < 0 ? rest : rest.substring(portAt + 1);
    String host = portAt < 0 ? "" : rest.substring(0, portAt);
    int port = MultiserverAddress.parsePort(portText);
    if (!FeedId.isValid(id) || port < 0 || !MultiserverAddress.Hosts.isHost(host)) {
      return Optional.empty();
    }
    return Optional.of(new MultiserverAddress.ShsAddress(host, port == 0 && portText.isEmpty() ? 8008 : port,
        FeedId.parse(id)));
  }

  /** ssb-ref's {@code isLink}: a feed, message or blob id, optionally followed by {@code ?query}. */
  public static boolean isLink(String text) {
    if (text == null) {
      return false;
    }
    int q = text.indexOf('?');
    String ref = q >= 0 ? text.substring(0, q) : text;
    return FeedId.isValid(ref) || MessageId.isValid(ref) || BlobId.isValid(ref);
  }

  /**
   * ssb-ref's typed-id check ({@code isFeedType}, {@code isMsgType}, {@code isBlobType}): the sigil,
   * canonical base64 of any length and a suffix {@code .[a-zA-Z0-9-]+}, for feed formats beyond classic.
   */
  public static boolean isTypedRef(String text, char sigil) {
    if (text == null || text.length() < 3 || text.length() > MAX_INPUT || text.charAt(0) != sigil) {
      return false;
    }
    int dot = text.indexOf('.');
    if (dot < 0 || !CanonicalBase64.isCanonical(text.substring(1, dot))) {
      return false;
    }
    String suffix = text.substring(dot + 1);
    return suffix.matches("[a-zA-Z0-9-]+");
  }

  /** ssb-ref's {@code isCloakedMsg}: {@code %<canonical base64 of 32 bytes>.cloaked} (private groups). */
  public static boolean isCloakedMessageId(String text) {
    return text != null && text.length() == 53 && text.startsWith("%") && text.endsWith(".cloaked")
        && CanonicalBase64.decode(text.substring(1, 45), 32) != null;
  }

  /** ssb-ref's {@code type}: what {@code text} is, if anything. */
  public static Optional<Kind> kind(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    char c = text.charAt(0);
    if (c == '@' && FeedId.isValid(text)) {
      return Optional.of(Kind.FEED);
    }
    if (c == '%' && MessageId.isValid(text)) {
      return Optional.of(Kind.MESSAGE);
    }
    if (c == '&' && BlobId.isValid(text)) {
      return Optional.of(Kind.BLOB);
    }
    if (isAddress(text)) {
      return Optional.of(Kind.ADDRESS);
    }
    if (Invite.isValid(text)) {
      return Optional.of(Kind.INVITE);
    }
    return Optional.empty();
  }
}
