package social.kith.activitypub.fetch;

import java.net.URI;
import java.util.Objects;
import okhttp3.HttpUrl;

/** URL comparisons through the canonical parser; never string prefixes. */
final class Urls {
  private Urls() {}

  /** True if both are http(s) URLs naming the same resource: same origin, path and query (fragments ignored). */
  static boolean sameResource(URI a, URI b) {
    HttpUrl x = HttpUrl.parse(a.toString());
    HttpUrl y = HttpUrl.parse(b.toString());
    if (x == null || y == null) {
      return false;
    }
    return Origin.of(x).equals(Origin.of(y)) && x.encodedPath().equals(y.encodedPath())
        && Objects.equals(x.encodedQuery(), y.encodedQuery());
  }

  /**
   * True if both name the same resource and carry the same fragment after percent-decoding
   * (fragment normalisation of key ids: {@code #main-key} and {@code #main%2Dkey} are one).
   */
  static boolean sameWithFragment(URI a, URI b) {
    return sameResource(a, b) && Objects.equals(fragment(a), fragment(b));
  }

  private static String fragment(URI u) {
    String f = u.getFragment();
    return f == null || f.isEmpty() ? null : f;
  }

  static URI withoutFragment(URI u) {
    String s = u.toString();
    int i = s.indexOf('#');
    return i < 0 ? u : URI.create(s.substring(0, i));
  }
}
