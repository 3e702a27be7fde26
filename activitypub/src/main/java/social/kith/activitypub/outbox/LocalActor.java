package social.kith.activitypub.outbox;

import java.net.URI;
import java.util.Objects;
import social.kith.core.InvalidInputException;

/**
 * A local actor as the outbox addresses it: its id and its followers collection. Activity and
 * object ids are minted under the id ({@code <id>/activities/<uuid>}, {@code <id>/notes/<uuid>}).
 *
 * @param id the actor URI, e.g. {@code https://example.com/users/alice}
 * @param followers the followers collection URI
 */
public record LocalActor(URI id, URI followers) {
  public LocalActor {
    checkHttp(id, "actor id");
    checkHttp(followers, "followers");
  }

  /** An actor whose followers collection is {@code <id>/followers} (Mastodon's layout). */
  public static LocalActor of(URI id) {
    checkHttp(id, "actor id");
    return new LocalActor(id, URI.create(stripSlash(id.toString()) + "/followers"));
  }

  /** {@code <id>/<segment>/<uuid>}. */
  String mint(String segment, String uuid) {
    return stripSlash(id.toString()) + "/" + segment + "/" + uuid;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  static void checkHttp(URI u, String what) {
    Objects.requireNonNull(u, what);
    String scheme = u.getScheme();
    if (!u.isAbsolute() || u.getHost() == null || scheme == null
        || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http")) || u.getFragment() != null) {
      throw new InvalidInputException(what + " must be an absolute http(s) URI without a fragment: " + u);
    }
  }
}
