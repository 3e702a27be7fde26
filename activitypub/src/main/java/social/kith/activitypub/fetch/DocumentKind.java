package social.kith.activitypub.fetch;

import java.util.Locale;
import social.kith.activitypub.ActivityPub;
import social.kith.activitypub.fetch.internal.MediaType;
import social.kith.activitypub.media.MediaTypes;

/**
 * What kind of document a fetch expects: it sets the {@code Accept} header and the Content-Type
 * allowlist the response must pass (checklist item 28). Everything outside the list is refused
 * with {@link FetchError#UNSUPPORTED_CONTENT_TYPE} before the body is read.
 */
public enum DocumentKind {
  /**
   * An ActivityStreams document: {@code application/activity+json} (with any parameters), or
   * {@code application/ld+json} whose {@code profile} names the ActivityStreams context. Plain
   * {@code application/json} is refused.
   */
  ACTIVITY(ActivityPub.ACCEPT),
  /** A WebFinger JRD: {@code application/jrd+json} or {@code application/json}. */
  WEBFINGER("application/jrd+json, application/json;q=0.9"),
  /** A NodeInfo discovery or schema document: {@code application/json} or {@code application/jrd+json}. */
  NODEINFO("application/json, application/jrd+json;q=0.9"),
  /**
   * An ActivityStreams document, or an HTML page ({@code text/html}, {@code application/xhtml+xml})
   * whose {@code <link rel="alternate">} points at one.
   */
  ACTIVITY_OR_HTML(ActivityPub.ACCEPT + ", text/html;q=0.5, application/xhtml+xml;q=0.5"),
  /**
   * A media file (an attachment, an avatar): exactly the types of {@link MediaTypes#SAFE} (passive
   * images, video and audio; never HTML, SVG or {@code application/*}). See
   * {@link RemoteFetcher#fetchMedia}, which also checks the body's file signature.
   */
  MEDIA(String.join(", ", MediaTypes.SAFE));

  private final String accept;

  DocumentKind(String accept) {
    this.accept = accept;
  }

  /** The Accept header sent for this kind. */
  public String accept() {
    return accept;
  }

  /** True if a response with {@code contentType} (the raw header, possibly null) is acceptable. */
  public boolean allows(String contentType) {
    MediaType m = MediaType.parse(contentType);
    if (m == null) {
      return false;
    }
    switch (this) {
      case ACTIVITY:
        return isActivityStreams(m);
      case WEBFINGER:
      case NODEINFO:
        return m.is("application", "jrd+json") || m.is("application", "json");
      case MEDIA:
        return MediaTypes.SAFE.contains(m.essence());
      default:
        return isActivityStreams(m) || isHtml(m);
    }
  }

  /**
   * True if {@code contentType} names an ActivityStreams document: {@code application/activity+json},
   * or {@code application/ld+json} with the ActivityStreams profile. Used for responses and for
   * the {@code type} of WebFinger and HTML links.
   */
  public static boolean isActivityStreams(String contentType) {
    MediaType m = MediaType.parse(contentType);
    return m != null && isActivityStreams(m);
  }

  /** True for {@code text/html} and {@code application/xhtml+xml}. */
  public static boolean isHtml(String contentType) {
    MediaType m = MediaType.parse(contentType);
    return m != null && isHtml(m);
  }

  private static boolean isHtml(MediaType m) {
    return m.is("text", "html") || m.is("application", "xhtml+xml");
  }

  private static boolean isActivityStreams(MediaType m) {
    if (m.is("application", "activity+json")) {
      return true;
    }
    if (!m.is("application", "ld+json")) {
      return false;
    }
    String profile = m.parameter("profile");
    if (profile == null) {
      return false;
    }
    for (String p : profile.trim().split("[ \\t]+")) {
      if (p.toLowerCase(Locale.ROOT).equals(ActivityPub.CONTEXT)) {
        return true;
      }
    }
    return false;
  }
}
