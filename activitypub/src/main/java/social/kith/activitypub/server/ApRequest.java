package social.kith.activitypub.server;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import social.kith.activitypub.signature.Headers;
import social.kith.activitypub.signature.HttpMessage;

/**
 * One HTTP request as plain values, so that {@link ApHandler} works under any HTTP stack (the
 * embedded {@link ApServer}, a servlet, Netty ...). The adapter builds {@link #target()} from the
 * scheme it serves, the {@code Host} header and the request-target it received, and has already
 * enforced its body cap and read deadlines.
 *
 * @param method the method token as received, e.g. {@code POST}
 * @param target the absolute target URI ({@code scheme://host[:port]/path?query})
 * @param headers the header fields
 * @param body the body bytes (copied in and out; empty for none)
 * @param remoteAddress the peer's address as the adapter saw it, for logs only (never trusted)
 */
public record ApRequest(String method, URI target, Headers headers, byte[] body, Optional<String> remoteAddress) {
  public ApRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(headers, "headers");
    body = Objects.requireNonNull(body, "body").clone();
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    if (!target.isAbsolute() || target.getRawAuthority() == null) {
      throw new IllegalArgumentException("target must be an absolute URI with an authority");
    }
  }

  /** A request without a peer address. */
  public static ApRequest of(String method, URI target, Headers headers, byte[] body) {
    return new ApRequest(method, target, headers, body, Optional.empty());
  }

  /** A GET without a body. */
  public static ApRequest get(URI target, Headers headers) {
    return of("GET", target, headers, new byte[0]);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body length in bytes. */
  public int bodyLength() {
    return body.length;
  }

  /** The first value of a header, if present. */
  public Optional<String> header(String name) {
    return headers.first(name);
  }

  /** The path, percent-encoded as received. */
  public String rawPath() {
    String p = target.getRawPath();
    return p == null || p.isEmpty() ? "/" : p;
  }

  /** A query parameter (decoded), the first if repeated. */
  public Optional<String> queryParameter(String name) {
    String q = target.getRawQuery();
    if (q == null) {
      return Optional.empty();
    }
    for (String pair : q.split("&", 64)) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      if (decode(k).equals(name)) {
        return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return Optional.empty();
  }

  private static String decode(String s) {
    try {
      return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** The same request as a {@link HttpMessage.Request} for signature verification. */
  public HttpMessage.Request toMessage() {
    return HttpMessage.Request.of(method, target, headers, body);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApRequest r && method.equals(r.method) && target.equals(r.target)
        && headers.equals(r.headers) && Arrays.equals(body, r.body) // not secret: request bodies
        && remoteAddress.equals(r.remoteAddress);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, target, headers, Arrays.hashCode(body), remoteAddress);
  }

  @Override
  public String toString() {
    return "ApRequest[" + method + " " + target + ", " + body.length + " bytes]";
  }
}
