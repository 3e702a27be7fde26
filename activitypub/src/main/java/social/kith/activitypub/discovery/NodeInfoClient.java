package social.kith.activitypub.discovery;

import java.net.URI;
import java.util.Objects;
import social.kith.activitypub.fetch.DocumentKind;
import social.kith.activitypub.fetch.JsonDocument;
import social.kith.activitypub.fetch.RemoteFetcher;
import social.kith.activitypub.fetch.internal.Json;

/**
 * Reads a server's NodeInfo: {@code /.well-known/nodeinfo}, then the newest schema document it
 * links to (2.1, 2.0, 1.1, 1.0). Both fetches go through the guarded fetcher, so a link to a
 * private address is refused like any other URL (checklist item 44).
 */
public final class NodeInfoClient {
  private final RemoteFetcher fetcher;
  private final String scheme;

  private NodeInfoClient(RemoteFetcher fetcher, String scheme) {
    this.fetcher = fetcher;
    this.scheme = scheme;
  }

  /** A client that uses the same scheme as {@code webFinger} (https unless in its insecure test mode). */
  public static NodeInfoClient create(RemoteFetcher fetcher, WebFingerClient webFinger) {
    return new NodeInfoClient(Objects.requireNonNull(fetcher, "fetcher"), webFinger.scheme());
  }

  /** A client over https. */
  public static NodeInfoClient create(RemoteFetcher fetcher) {
    return new NodeInfoClient(Objects.requireNonNull(fetcher, "fetcher"), "https");
  }

  /**
   * The NodeInfo of {@code host} ({@code host[:port]}).
   *
   * @throws DiscoveryException {@link DiscoveryError#INVALID_NODEINFO},
   *     {@link DiscoveryError#NO_NODEINFO_LINK} or {@link DiscoveryError#INVALID_HANDLE} for a bad host
   */
  public NodeInfo lookup(String host) {
    String h = Handle.canonicalHost(host).orElseThrow(() ->
        new DiscoveryException(DiscoveryError.INVALID_HANDLE, "'" + host + "' is not a valid host"));
    JsonDocument wellKnown = fetcher.fetchJson(URI.create(scheme + "://" + h + "/.well-known/nodeinfo"),
        DocumentKind.NODEINFO);
    String href = NodeInfo.pickLink(wellKnown.json()).orElseThrow(() -> new DiscoveryException(
        DiscoveryError.NO_NODEINFO_LINK, h + " links to no NodeInfo schema 1.0 to 2.1"));
    URI schemaDoc = Json.httpUri(href).orElseThrow(() -> NodeInfo.invalid("the NodeInfo link is not an http(s) URL"));
    return NodeInfo.parse(fetcher.fetchJson(schemaDoc, DocumentKind.NODEINFO).json());
  }
}
