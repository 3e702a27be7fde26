package social.kith.ssb.peer;

import social.kith.core.ErrorCode;

/** Why a pub invite could not be used; nothing was published in any of these cases. */
public enum InvitesError implements ErrorCode {
  /** Not a legacy or multiserver invite code, or its seed is not 32 bytes of base64. */
  INVALID_CODE,
  /** The pub could not be reached (connection refused, timed out). */
  UNREACHABLE,
  /**
   * The pub does not take the invite key: it closed the handshake (an unknown or revoked invite) or,
   * as ssb-invite does with a used-up key, let it in with no method allowed.
   */
  REFUSED,
  /** The pub answered {@code invite.use} with an error ("invite has expired", "already following"). */
  NOT_ACCEPTED,
  /** The pub's answer is not its signed follow of our feed. */
  BAD_ANSWER,
  /** The pub did not answer {@code invite.use} in time. */
  TIMEOUT
}
