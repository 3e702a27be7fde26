package social.kith.activitypub.inbox;

import social.kith.core.ErrorCode;

/** Why the inbox refused a delivery, with the HTTP status it answers. */
public enum InboxError implements ErrorCode {
  /** The body is larger than the inbox accepts. */
  PAYLOAD_TOO_LARGE(413),
  /** The signer's (or claimed signer's) domain is blocked. */
  DOMAIN_BLOCKED(403),
  /** The actor is blocked. */
  ACTOR_BLOCKED(403),
  /** The signer's server sent more than its rate allows; see {@code Retry-After}. */
  RATE_LIMITED(429),
  /** The HTTP signature is missing or does not verify (the cause holds the signature reason). */
  SIGNATURE_REJECTED(401),
  /** The signature verified, but the key's owner is not the activity's actor (checklist item 10). */
  SIGNER_NOT_ACTOR(401),
  /** The body is not an ActivityStreams activity Kith can act on (bad JSON, no id, no actor ...). */
  MALFORMED_ACTIVITY(400),
  /** An id that is not on the actor's origin, or an embedded object that cannot be trusted (item 23, 24). */
  ORIGIN_MISMATCH(400),
  /** The actor tries to change something that is not theirs (item 25). */
  NOT_OWNER(403),
  /** A remote activity tries to create or change an object on this server (item 26). */
  LOCAL_OBJECT(403),
  /** The personal inbox of an actor that does not exist. */
  UNKNOWN_RECIPIENT(404);

  private final int status;

  InboxError(int status) {
    this.status = status;
  }

  /** The HTTP status the inbox answers with. */
  public int httpStatus() {
    return status;
  }
}
