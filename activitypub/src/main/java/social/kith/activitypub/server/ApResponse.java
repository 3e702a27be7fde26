package social.kith.activitypub.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.Objects;
import social.kith.activitypub.signature.Headers;

/**
 * An HTTP response as plain values; the adapter writes it as it is.
 *
 * @param status the status code (100 to 599)
 * @param headers the header fields (the adapter adds {@code Content-Length})
 * @param body the body bytes (copied in and out)
 */
public record ApResponse(int status, Headers headers, byte[] body) {
  /** The AS2 media type Kith serves. */
  public static final String ACTIVITY_JSON = "application/activity+json";
  /** The media type of WebFinger answers. */
  public static final String JRD_JSON = "application/jrd+json";

  public ApResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status out of range: " + status);
    }
    Objects.requireNonNull(headers, "headers");
    body = Objects.requireNonNull(body, "body").clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, UTF_8);
  }

  /** A header value, if present. */
  public java.util.Optional<String> header(String name) {
    return headers.first(name);
  }

  /** A JSON body with {@code contentType}. */
  public static ApResponse json(int status, String contentType, String json) {
    return new ApResponse(status, Headers.of("Content-Type", contentType), json.getBytes(UTF_8));
  }

  /** A short plain-text body (reasons for refusals). */
  public static ApResponse text(int status, String text) {
    return new ApResponse(status, Headers.of("Content-Type", "text/plain; charset=utf-8"), text.getBytes(UTF_8));
  }

  /** A response with no body. */
  public static ApResponse empty(int status) {
    return new ApResponse(status, Headers.empty(), new byte[0]);
  }

  /** This response with one more header field. */
  public ApResponse withHeader(String name, String value) {
    return new ApResponse(status, headers.toBuilder().add(name, value).build(), body);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApResponse r && status == r.status && headers.equals(r.headers)
        && Arrays.equals(body, r.body); // not secret: response bodies
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "ApResponse[" + status + ", " + body.length + " bytes]";
  }
}
