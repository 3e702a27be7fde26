package social.kith.activitypub.fetch;

import java.net.URI;
import java.util.Map;

/**
 * Signs an outgoing request (authorized fetch): the seam through which an HTTP-signature signer
 * plugs into the fetcher. The fetcher calls it once per hop to the origin it was asked to fetch,
 * and never for a hop that a redirect sent to another origin, so signatures do not leak across
 * origins (checklist item 43).
 */
@FunctionalInterface
public interface RequestSigner {
  /**
   * The headers to add to the request.
   *
   * @param method the request method, upper case ({@code GET})
   * @param uri the URL being requested (without fragment)
   * @param headers the headers the request will carry, names in lower case: at least
   *     {@code host}, {@code date}, {@code accept} and {@code user-agent}
   * @param body the request body, empty for GET
   * @return headers to set (for example {@code signature}), never null
   */
  Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body);
}
