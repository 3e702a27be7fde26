package social.kith.activitypub.fetch;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The one canonical origin function of Kith (checklist item 37): scheme, host and port of an http(s)
 * URL after IDNA, lower-casing, removing a trailing dot from the host, and filling in the default
 * port. Comparisons of "same server" always go through it, never through string prefixes, so
 * {@code https://VICTIM.example.:443/} and {@code https://victim.example/} are one origin while
 * {@code https://victim.example@evil.com/} has no origin at all and {@code https://victim.example.evil.com/}
 * is another one.
 */
public record Origin(String scheme, String host, int port) {
  public Origin {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(host, "host");
  }

  /**
   * The origin of an http(s) URL, or empty if it is not one. URLs with userinfo
   * ({@code https://victim.example@evil.com/}, even an empty {@code https://@host/}) and URLs
   * containing a backslash (which WHATWG parsers read as {@code /} and RFC 3986 parsers refuse, a
   * classic parser differential) have no origin: no ActivityPub id legitimately carries either.
   */
  public static Optional<Origin> parse(String url) {
    if (url == null || url.indexOf('\\') >= 0) {
      return Optional.empty();
    }
    int scheme = url.indexOf("://");
    if (scheme >= 0) {
      int end = scheme + 3;
      while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
        end++;
      }
      if (url.substring(scheme + 3, end).indexOf('@') >= 0) {
        return Optional.empty();
      }
    }
    HttpUrl u = HttpUrl.parse(url);
    if (u == null || !u.username().isEmpty() || !u.password().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(of(u));
  }

  /**
   * The origin of an http(s) URI.
   *
   * @throws IllegalArgumentException if {@code uri} is not an absolute http(s) URL
   */
  public static Origin of(URI uri) {
    return parse(uri.toString())
        .orElseThrow(() -> new IllegalArgumentException("not an absolute http(s) URL: " + uri));
  }

  static Origin of(HttpUrl u) {
    String host = u.host().toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return new Origin(u.scheme(), host, u.port());
  }

  /** The authority as a URL writes it: the host, bracketed if IPv6, and the port unless it is the default. */
  public String authority() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    int defaultPort = scheme.equals("https") ? 443 : 80;
    return port == defaultPort ? h : h + ":" + port;
  }

  @Override
  public String toString() {
    return scheme + "://" + authority();
  }
}
