package social.kith.activitypub.signature;

import java.net.URI;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP message as plain values, so that signing and verification need no HTTP library and do
 * no I/O: a {@link Request} (method, absolute target URI, headers, body) or a {@link Response}
 * (status, headers, body, and optionally the request it answers, for RFC 9421 {@code ;req}).
 *
 * <p>A server adapter builds the target URI from the scheme it serves, the {@code Host} header (or
 * HTTP/2 {@code :authority}) and the request-target it received, so that a signature made for
 * another host, path or method fails (checklist item 14). Bodies are copied in and out.
 */
public sealed interface HttpMessage permits HttpMessage.Request, HttpMessage.Response {
  /** The header fields. */
  Headers headers();

  /** A copy of the body bytes (empty if there is no body). */
  byte[] body();

  /** The body length in bytes. */
  int bodyLength();

  /** An HTTP request. */
  final class Request implements HttpMessage {
    private final String method;
    private final URI target;
    private final Headers headers;
    private final byte[] body;

    private Request(String method, URI target, Headers headers, byte[] body) {
      this.method = method;
      this.target = target;
      this.headers = headers;
      this.body = body;
    }

    /**
     * A request.
     *
     * @param method an HTTP method token, e.g. {@code POST} (kept as given: methods are
     *     case-sensitive)
     * @param target the absolute target URI, with scheme and host
     * @param headers the header fields
     * @param body the body bytes (copied); empty for none
     */
    public static Request of(String method, URI target, Headers headers, byte[] body) {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(headers, "headers");
      Objects.requireNonNull(body, "body");
      if (method.isEmpty()) {
        throw new IllegalArgumentException("empty method");
      }
      for (int i = 0; i < method.length(); i++) {
        if (!HttpSyntax.isTchar(method.charAt(i))) {
          throw new IllegalArgumentException("method is not an HTTP token");
        }
      }
      if (!target.isAbsolute() || target.isOpaque() || target.getHost() == null) {
        throw new IllegalArgumentException("target must be an absolute URI with a host");
      }
      return new Request(method, target, headers, body.clone());
    }

    /** A request without a body. */
    public static Request of(String method, URI target, Headers headers) {
      return of(method, target, headers, new byte[0]);
    }

    /** The method, as given. */
    public String method() {
      return method;
    }

    /** The absolute target URI. */
    public URI target() {
      return target;
    }

    @Override
    public Headers headers() {
      return headers;
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    @Override
    public int bodyLength() {
      return body.length;
    }

    byte[] bodyUnsafe() {
      return body;
    }

    /** The path as sent (percent-encoding kept); {@code /} when empty. */
    public String path() {
      String p = target.getRawPath();
      return p == null || p.isEmpty() ? "/" : p;
    }

    /** The raw query without {@code ?}, if there is one. */
    public Optional<String> query() {
      return Optional.ofNullable(target.getRawQuery());
    }

    /** The origin-form request-target: the path and, if present, {@code ?} and the query. */
    public String requestTarget() {
      String q = target.getRawQuery();
      return q == null ? path() : path() + "?" + q;
    }

    /**
     * The authority as RFC 9421 {@code @authority} normalises it: the host in lower case and the
     * port only when it is not the scheme's default.
     */
    public String authority() {
      String host = target.getHost().toLowerCase(Locale.ROOT);
      int port = target.getPort();
      String scheme = target.getScheme().toLowerCase(Locale.ROOT);
      boolean defaultPort = port == -1
          || port == 80 && scheme.equals("http")
          || port == 443 && scheme.equals("https");
      return defaultPort ? host : host + ":" + port;
    }

    /** This request with {@code extra} header fields appended. */
    public Request withHeaders(Headers extra) {
      return new Request(method, target, headers.plus(extra), body);
    }

    /** This request with other headers. */
    public Request replacingHeaders(Headers replacement) {
      return new Request(method, target, Objects.requireNonNull(replacement, "replacement"), body);
    }

    /** This request with another body. */
    public Request withBody(byte[] newBody) {
      return of(method, target, headers, newBody);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Request)) {
        return false;
      }
      Request r = (Request) o;
      return r.method.equals(method) && r.target.equals(target) && r.headers.equals(headers)
          && MessageDigest.isEqual(r.body, body);
    }

    @Override
    public int hashCode() {
      return Objects.hash(method, target, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
      return "Request[" + method + " " + target + ", " + headers + ", " + body.length + " body bytes]";
    }
  }

  /** An HTTP response, optionally with the request it answers (for RFC 9421 {@code ;req}). */
  final class Response implements HttpMessage {
    private final int status;
    private final Headers headers;
    private final byte[] body;
    private final Request request;

    private Response(int status, Headers headers, byte[] body, Request request) {
      this.status = status;
      this.headers = headers;
      this.body = body;
      this.request = request;
    }

    /** A response with a status of 100 to 599. */
    public static Response of(int status, Headers headers, byte[] body) {
      return of(status, headers, body, null);
    }

    /** A response to {@code request} (may be null). */
    public static Response of(int status, Headers headers, byte[] body, Request request) {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("status must be 100..599");
      }
      return new Response(status, Objects.requireNonNull(headers, "headers"),
          Objects.requireNonNull(body, "body").clone(), request);
    }

    /** The status code. */
    public int status() {
      return status;
    }

    @Override
    public Headers headers() {
      return headers;
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    @Override
    public int bodyLength() {
      return body.length;
    }

    byte[] bodyUnsafe() {
      return body;
    }

    /** The request this response answers, if known. */
    public Optional<Request> request() {
      return Optional.ofNullable(request);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Response)) {
        return false;
      }
      Response r = (Response) o;
      return r.status == status && r.headers.equals(headers) && MessageDigest.isEqual(r.body, body)
          && Objects.equals(r.request, request);
    }

    @Override
    public int hashCode() {
      return Objects.hash(status, headers, Arrays.hashCode(body), request);
    }

    @Override
    public String toString() {
      return "Response[" + status + ", " + headers + ", " + body.length + " body bytes]";
    }
  }
}
