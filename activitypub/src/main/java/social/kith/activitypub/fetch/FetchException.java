package social.kith.activitypub.fetch;

import java.net.URI;
import java.util.Objects;
import social.kith.core.KithException;

/**
 * A fetch that was refused before connecting, cut off, or whose document was rejected. The
 * {@link #error()} is machine-readable; {@link #uri()} is the URL the caller asked for (not a
 * redirect target), which is also the key of any negative-cache entry.
 */
public class FetchException extends KithException {
  private static final long serialVersionUID = 1L;

  private final FetchError error;
  private final transient URI uri;
  private final int status;
  private final boolean cached;

  public FetchException(FetchError error, URI uri, String message) {
    this(error, uri, message, -1, false, null);
  }

  public FetchException(FetchError error, URI uri, String message, Throwable cause) {
    this(error, uri, message, -1, false, cause);
  }

  FetchException(FetchError error, URI uri, String message, int status, boolean cached, Throwable cause) {
    super(Objects.requireNonNull(error, "error"), message, cause);
    this.error = error;
    this.uri = uri;
    this.status = status;
    this.cached = cached;
  }

  /** An {@link FetchError#HTTP_STATUS} failure carrying the status code. */
  public static FetchException status(URI uri, int status) {
    return new FetchException(FetchError.HTTP_STATUS, uri, "HTTP status " + status + " from " + uri, status,
        false, null);
  }

  /** The reason. */
  public FetchError error() {
    return error;
  }

  /** The URL the caller asked for, or null when the URL itself could not be parsed. */
  public URI uri() {
    return uri;
  }

  /** The HTTP status for {@link FetchError#HTTP_STATUS}, else -1. */
  public int status() {
    return status;
  }

  /** True when this failure was answered from the negative cache without contacting the remote. */
  public boolean isCached() {
    return cached;
  }

  /** A copy marked as answered from the negative cache. */
  FetchException asCached() {
    String m = getMessage();
    String prefix = error.name() + ": ";
    String bare = m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    return new FetchException(error, uri, "(recent failure, cached) " + bare, status, true, null);
  }
}
