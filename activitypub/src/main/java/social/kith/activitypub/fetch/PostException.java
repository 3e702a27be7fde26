package social.kith.activitypub.fetch;

import java.net.URI;

/**
 * A POST that failed without an HTTP response: a timeout, a refused or dropped connection. {@link
 * #requestMayHaveBeenSent()} tells an ambiguous outcome (the peer may have received and processed
 * the request before the connection dropped) from one where nothing left this process, so that a
 * caller never re-sends a non-idempotent request within the same call (checklist item 66) and
 * leaves the retry to its queue, under the same activity id.
 */
public final class PostException extends FetchException {
  private static final long serialVersionUID = 1L;

  private final boolean mayHaveBeenSent;

  public PostException(FetchError error, URI uri, String message, boolean mayHaveBeenSent, Throwable cause) {
    super(error, uri, message, cause);
    this.mayHaveBeenSent = mayHaveBeenSent;
  }

  /** True when the request (or part of it) was written before the failure: the outcome is unknown. */
  public boolean requestMayHaveBeenSent() {
    return mayHaveBeenSent;
  }
}
