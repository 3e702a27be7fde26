package social.kith.activitypub.fetch;

import social.kith.core.ErrorCode;

/**
 * Why a remote fetch was refused or failed. {@link #isNetworkFailure()} separates a remote that did
 * not answer or answered with an error status (a later retry may succeed) from a URL, redirect or
 * document that Kith refuses (retrying the same thing does not help).
 */
public enum FetchError implements ErrorCode {
  /** The URL is not a well-formed absolute http(s) URL. */
  INVALID_URL(false),
  /** A scheme other than https (or http under the loopback test switch). */
  BLOCKED_SCHEME(false),
  /** A host Kith never contacts: {@code localhost}, {@code .onion}, a non-canonical IP literal, userinfo, a zone id. */
  BLOCKED_HOST(false),
  /** The host is, or resolves to, a special-use address (loopback, private, link-local, ...). */
  BLOCKED_ADDRESS(false),
  /** More redirects than the policy allows (at most five). */
  TOO_MANY_REDIRECTS(false),
  /** A redirect back to a URL already visited in this fetch. */
  REDIRECT_LOOP(false),
  /** A redirect from https to plain http. */
  DOWNGRADE(false),
  /** The body grew past the size cap while it was read. */
  BODY_TOO_LARGE(false),
  /** The total deadline of the fetch (all hops, headers and body) passed. */
  DEADLINE_EXCEEDED(true),
  /** A connect or read timeout (no progress for too long). */
  TIMEOUT(true),
  /** The host name did not resolve, the connection was refused or broke. */
  CONNECTION_FAILED(true),
  /** The response's Content-Type is not one the fetched kind of document allows. */
  UNSUPPORTED_CONTENT_TYPE(false),
  /** The server answered with a status other than 2xx (see {@link FetchException#status()}). */
  HTTP_STATUS(true),
  /** The body is not a JSON object within the parser limits. */
  INVALID_JSON(false),
  /** The document has no usable {@code id}. */
  MISSING_ID(false),
  /** The document's {@code id} is on another origin than the URL it was finally fetched from. */
  ORIGIN_MISMATCH(false),
  /** The document is not an acceptable actor (type, inbox, keys, id). */
  INVALID_ACTOR(false),
  /** The key is not owned by the actor it names, or the actor does not list it. */
  KEY_NOT_OWNED(false),
  /**
   * The {@link FetchBudget} of the inbound request is spent: too many fetches, a chain deeper than
   * its maximum, or a URL that already failed in this request (checklist item 34).
   */
  FETCH_BUDGET_EXCEEDED(false),
  /** A document that should be a collection or collection page is not one (checklist item 35). */
  INVALID_COLLECTION(false),
  /**
   * A fetch refused by a local rate limit without contacting the remote: a key refetch inside its
   * cool-off, or too many new key ids on one host (checklist item 20). Retrying later may succeed.
   */
  RATE_LIMITED(false),
  /**
   * A media body that does not start the way its (allowed) Content-Type requires, e.g. HTML
   * served as {@code image/png} ({@link RemoteFetcher#fetchMedia}).
   */
  MEDIA_MISMATCH(false);

  private final boolean networkFailure;

  FetchError(boolean networkFailure) {
    this.networkFailure = networkFailure;
  }

  /** True when the remote side failed (no answer in time, no connection, an error status), rather than Kith refusing. */
  public boolean isNetworkFailure() {
    return networkFailure;
  }
}
