package social.kith.activitypub.fetch;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import social.kith.activitypub.fetch.internal.MediaType;

/**
 * The body of a successful fetch: where it was asked for, where it finally came from after
 * redirects, its Content-Type (already checked against the {@link DocumentKind}) and its bytes
 * (within the body cap). Immutable: {@link #body()} returns a copy.
 */
public final class FetchedDocument {
  private final URI requestedUri;
  private final URI finalUri;
  private final String contentType;
  private final byte[] body;

  public FetchedDocument(URI requestedUri, URI finalUri, String contentType, byte[] body) {
    this.requestedUri = Objects.requireNonNull(requestedUri, "requestedUri");
    this.finalUri = Objects.requireNonNull(finalUri, "finalUri");
    this.contentType = Objects.requireNonNull(contentType, "contentType");
    this.body = body.clone();
  }

  /** The URL the caller asked for. */
  public URI requestedUri() {
    return requestedUri;
  }

  /** The URL the body came from, after redirects (without fragment). */
  public URI finalUri() {
    return finalUri;
  }

  /** The response's Content-Type header as sent. */
  public String contentType() {
    return contentType;
  }

  /** The Content-Type's {@code type/subtype} in lower case, without parameters (the raw header if it does not parse). */
  public String mediaType() {
    MediaType m = MediaType.parse(contentType);
    return m == null ? contentType : m.essence();
  }

  /** True if the Content-Type is an HTML type. */
  public boolean isHtml() {
    return DocumentKind.isHtml(contentType);
  }

  /** A copy of the body. */
  public byte[] body() {
    return body.clone();
  }

  public int length() {
    return body.length;
  }

  /** The body as text in the Content-Type's charset (UTF-8 when absent or unknown). */
  public String text() {
    Charset cs = StandardCharsets.UTF_8;
    MediaType m = MediaType.parse(contentType);
    String name = m == null ? null : m.parameter("charset");
    if (name != null) {
      try {
        cs = Charset.forName(name);
      } catch (IllegalArgumentException e) {
        cs = StandardCharsets.UTF_8;
      }
    }
    return new String(body, cs);
  }

  @Override
  public String toString() {
    return "FetchedDocument[" + finalUri + ", " + contentType + ", " + body.length + " bytes]";
  }
}
