package social.kith.activitypub.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import social.kith.activitypub.signature.Headers;

/**
 * An HTTP response as plain values; the adapter writes it as it is.
 *
 * <p>A large body (a media file) can be a {@link BodySource} instead of bytes ({@link #streamed}):
 * the embedded {@link ApServer} copies it from the source to the socket without holding it in
 * memory, and an adapter for another stack should do the same (see {@link #source()}). An adapter
 * that only knows {@link #body()} still works: for a streamed response that call reads the whole
 * source into memory.
 *
 * @param status the status code (100 to 599)
 * @param headers the header fields (the adapter adds {@code Content-Length})
 * @param body the body bytes (copied in and out); empty when the body comes from {@code source}
 * @param source where a streamed body comes from; empty for a body held in {@code body}
 */
public record ApResponse(int status, Headers headers, byte[] body, Optional<ApResponse.BodySource> source) {
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
    Objects.requireNonNull(source, "source");
    if (source.isPresent() && body.length > 0) {
      throw new IllegalArgumentException("a streamed response has no body bytes besides its source");
    }
  }

  /** A response whose body is held in memory. */
  public ApResponse(int status, Headers headers, byte[] body) {
    this(status, headers, body, Optional.empty());
  }

  /**
   * A body that is read when the response is written: a file, typically. {@link #open()} may be
   * called more than once (each call starts again) and must yield exactly {@link #length()} bytes.
   */
  public interface BodySource {
    /** The body's length in bytes. */
    long length();

    /** A fresh stream of the body; the caller closes it. */
    InputStream open() throws IOException;
  }

  /** A response whose body of {@code source.length()} bytes is streamed from {@code source} when written. */
  public static ApResponse streamed(int status, Headers headers, BodySource source) {
    Objects.requireNonNull(source, "source");
    if (source.length() < 0) {
      throw new IllegalArgumentException("a body length is not negative");
    }
    return new ApResponse(status, headers, new byte[0], Optional.of(source));
  }

  /**
   * The body bytes. For a {@link #streamed} response this reads the whole source into memory (so
   * prefer {@link #source()}).
   *
   * @throws UncheckedIOException if the source of a streamed body fails or ends early
   */
  @Override
  public byte[] body() {
    if (source.isEmpty()) {
      return body.clone();
    }
    long length = source.get().length();
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("a body of " + length + " bytes does not fit in an array; stream it");
    }
    try (InputStream in = source.get().open()) {
      byte[] all = in.readNBytes((int) length);
      if (all.length != length) {
        throw new IOException("the body source ended after " + all.length + " of " + length + " bytes");
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body's length in bytes, without reading a streamed body. */
  public long bodyLength() {
    return source.isPresent() ? source.get().length() : body.length;
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body(), UTF_8);
  }

  /** A header value, if present. */
  public Optional<String> header(String name) {
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
    return new ApResponse(status, headers.toBuilder().add(name, value).build(), body, source);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApResponse r && status == r.status && headers.equals(r.headers)
        && Arrays.equals(body, r.body) // not secret: response bodies
        && source.equals(r.source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, Arrays.hashCode(body), source);
  }

  @Override
  public String toString() {
    return "ApResponse[" + status + ", " + bodyLength() + " bytes" + (source.isPresent() ? ", streamed" : "") + "]";
  }
}
