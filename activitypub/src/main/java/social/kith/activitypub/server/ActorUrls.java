package social.kith.activitypub.server;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The URL layout of a Kith server under one base ({@code https://example.com}): actors at
 * {@code /users/{name}}, their inbox, outbox, followers, following and featured collections below
 * that, the shared inbox at {@code /inbox}, media files at {@code /media/{sha256}}. The inbox, the router and the application all derive
 * ids from here so they agree.
 *
 * @param base the public base URL: http(s), no path, query or fragment
 */
public record ActorUrls(URI base) {
  public ActorUrls {
    Objects.requireNonNull(base, "base");
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || base.getHost() == null
        || !(base.getRawPath() == null || base.getRawPath().isEmpty() || base.getRawPath().equals("/"))
        || base.getRawQuery() != null || base.getRawFragment() != null || base.getRawUserInfo() != null) {
      throw new IllegalArgumentException("the base must be http(s)://host[:port] without path: " + base);
    }
    base = URI.create(scheme + "://" + base.getRawAuthority().toLowerCase(Locale.ROOT));
  }

  /** {@code host[:port]}, as WebFinger's {@code acct:} names it. */
  public String authority() {
    return base.getRawAuthority();
  }

  public URI actor(String username) {
    return URI.create(base + "/users/" + username);
  }

  public URI keyId(String username) {
    return URI.create(actor(username) + "#main-key");
  }

  public URI inbox(String username) {
    return URI.create(actor(username) + "/inbox");
  }

  public URI outbox(String username) {
    return URI.create(actor(username) + "/outbox");
  }

  public URI followers(String username) {
    return URI.create(actor(username) + "/followers");
  }

  public URI following(String username) {
    return URI.create(actor(username) + "/following");
  }

  public URI featured(String username) {
    return URI.create(actor(username) + "/collections/featured");
  }

  public URI sharedInbox() {
    return URI.create(base + "/inbox");
  }

  /** A new object id under the actor, e.g. {@code /users/alice/statuses/123}. */
  public URI object(String username, String kind, String localId) {
    if (!LocalActor.isUsername(kind) || !localId.matches("[A-Za-z0-9_-]{1,128}")) {
      throw new IllegalArgumentException("kind and local id must be plain path segments");
    }
    return URI.create(actor(username) + "/" + kind + "/" + localId);
  }

  /**
   * The URL of the media file {@code id} (64 lower-case hex digits, see
   * {@link social.kith.activitypub.media.MediaStore#isId}).
   */
  public URI media(String id) {
    if (!social.kith.activitypub.media.MediaStore.isId(id)) {
      throw new IllegalArgumentException("a media id is 64 lower-case hex digits");
    }
    return URI.create(base + "/media/" + id);
  }

  /**
   * The media id if {@code uri} is exactly a media URL of this server ({@code base/media/<id>},
   * no query or fragment), else empty.
   */
  public Optional<String> mediaId(URI uri) {
    if (!isLocal(uri) || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawPath() == null
        || !uri.getRawPath().startsWith("/media/")) {
      return Optional.empty();
    }
    String id = uri.getRawPath().substring("/media/".length());
    return social.kith.activitypub.media.MediaStore.isId(id) ? Optional.of(id) : Optional.empty();
  }

  /** True if {@code uri} is on this server (same scheme, host and port). */
  public boolean isLocal(URI uri) {
    return uri != null && uri.getScheme() != null && uri.getRawAuthority() != null
        && uri.getScheme().equalsIgnoreCase(base.getScheme())
        && uri.getRawAuthority().equalsIgnoreCase(base.getRawAuthority());
  }

  /** The username if {@code uri} is a local actor id ({@code base/users/name}), else empty. */
  public Optional<String> username(URI uri) {
    if (!isLocal(uri) || uri.getRawQuery() != null) {
      return Optional.empty();
    }
    String p = uri.getRawPath();
    if (p == null || !p.startsWith("/users/")) {
      return Optional.empty();
    }
    String name = p.substring("/users/".length());
    return LocalActor.isUsername(name) ? Optional.of(name) : Optional.empty();
  }
}
