package social.kith.activitypub.discovery;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import social.kith.activitypub.fetch.DocumentKind;
import social.kith.activitypub.fetch.JsonDocument;
import social.kith.activitypub.fetch.RemoteFetcher;

/**
 * Looks up handles with WebFinger through the guarded {@link RemoteFetcher}:
 * {@code https://host/.well-known/webfinger?resource=acct:user@host}.
 *
 * <p>The answer must be about the handle: its {@code subject} or one of its {@code aliases} must be
 * the handle's {@code acct:} URI. A subject on another host (a server that delegates its handles
 * to another domain) is accepted only after that host confirms it with its own WebFinger answer
 * whose subject is exactly that handle; one confirmation, no chains. Anything else is
 * {@link DiscoveryError#SUBJECT_MISMATCH}. The actor URL is the JRD's {@code self} link of an
 * ActivityStreams type; the actor document itself is checked by the actor resolver.
 */
public final class WebFingerClient {
  private static final System.Logger LOG = System.getLogger("social.kith.activitypub.discovery");

  private final RemoteFetcher fetcher;
  private final String scheme;

  private WebFingerClient(RemoteFetcher fetcher, String scheme) {
    this.fetcher = fetcher;
    this.scheme = scheme;
  }

  /** A client that queries over https. */
  public static WebFingerClient create(RemoteFetcher fetcher) {
    return new WebFingerClient(Objects.requireNonNull(fetcher, "fetcher"), "https");
  }

  /**
   * INSECURE, TESTS AND LOCAL DEMOS ONLY: queries WebFinger over plain http (a loopback test server
   * has no certificate). The fetcher must allow plain http ({@code insecureAllowLoopbackForTesting}).
   * Logs a WARNING.
   */
  public static WebFingerClient insecurePlainHttpForTesting(RemoteFetcher fetcher) {
    if (!fetcher.policy().allowsLoopbackAndPlainHttp()) {
      throw new IllegalStateException("plain-http WebFinger needs a fetcher policy that allows plain http");
    }
    LOG.log(System.Logger.Level.WARNING, "INSECURE: WebFinger and NodeInfo are queried over plain http (tests only)");
    return new WebFingerClient(fetcher, "http");
  }

  /** The scheme this client queries with ({@code https}, or {@code http} in the insecure test mode). */
  public String scheme() {
    return scheme;
  }

  /**
   * What a WebFinger lookup found.
   *
   * @param requested the handle that was asked for
   * @param canonical the handle the server answered for (differs when the server delegates)
   * @param actorId the actor URL of the {@code self} link
   * @param document the JRD that named the actor
   */
  public record Result(Handle requested, Handle canonical, URI actorId, WebFingerDocument document) {}

  /**
   * Looks {@code handle} up.
   *
   * @throws DiscoveryException {@link DiscoveryError#INVALID_JRD}, {@link DiscoveryError#SUBJECT_MISMATCH}
   *     or {@link DiscoveryError#NO_ACTOR_LINK}
   * @throws social.kith.activitypub.fetch.FetchException for guard refusals and fetch failures
   */
  public Result lookup(Handle handle) {
    WebFingerDocument doc = query(handle);
    Handle canonical = handle;
    if (!doc.names(handle)) {
      Optional<Handle> delegated = doc.subject().flatMap(WebFingerClient::asHandle)
          .filter(s -> !s.host().equals(handle.host()));
      if (delegated.isEmpty()) {
        throw new DiscoveryException(DiscoveryError.SUBJECT_MISMATCH, "the WebFinger answer of " + handle.host()
            + " is about " + doc.subject().orElse("(no subject)") + ", not " + handle);
      }
      canonical = delegated.get();
      WebFingerDocument confirmed = query(canonical);
      if (!confirmed.subject().map(canonical::isNamedBy).orElse(false)) {
        throw new DiscoveryException(DiscoveryError.SUBJECT_MISMATCH, handle + " is delegated to " + canonical
            + ", but " + canonical.host() + " does not confirm it");
      }
      doc = confirmed;
    }
    URI actor = doc.actorLink().orElseThrow(() -> new DiscoveryException(DiscoveryError.NO_ACTOR_LINK,
        "the WebFinger answer for " + handle + " has no self link of type application/activity+json"));
    return new Result(handle, canonical, actor, doc);
  }

  private static Optional<Handle> asHandle(String acct) {
    if (!acct.regionMatches(true, 0, "acct:", 0, 5)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Handle.parse(acct));
    } catch (DiscoveryException e) {
      return Optional.empty();
    }
  }

  /** The WebFinger URL of {@code handle}. */
  public URI urlFor(Handle handle) {
    HttpUrl url = HttpUrl.parse(scheme + "://" + handle.host() + "/.well-known/webfinger");
    if (url == null) {
      throw new DiscoveryException(DiscoveryError.INVALID_HANDLE, "no WebFinger URL for host " + handle.host());
    }
    return url.newBuilder().addQueryParameter("resource", handle.acct()).build().uri();
  }

  private WebFingerDocument query(Handle handle) {
    JsonDocument d = fetcher.fetchJson(urlFor(handle), DocumentKind.WEBFINGER);
    return WebFingerDocument.parse(d.json());
  }
}
