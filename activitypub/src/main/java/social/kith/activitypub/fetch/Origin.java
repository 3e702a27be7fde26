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
 * {@code https://victim.example@evil.com/} and {@code https://victim.example.evil.com/} are not it.
 */
public record Origin(String scheme, String host, int port) {
  public Origin {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(host, "host");
  }

  /** The origin of an http(s) URL, or empty if it is not one. */
  public static Optional<Origin> parse(String url) {
    if (url == null) {
      return Optional.empty();
    }
    HttpUrl u = HttpUrl.parse(url);
    return u == null ? Optional.empty() : Optional.of(of(u));
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
