package social.kith.ssb.peer;

import social.kith.core.ErrorCode;

/** Why a pub invite could not be used; nothing was published in any of these cases. */
public enum InvitesError implements ErrorCode {
  /** Not a legacy or multiserver invite code, or its seed is not 32 bytes of base64. */
  INVALID_CODE,
  /** The pub could not be reached (connection refused, timed out). */
  UNREACHABLE,
  /** The pub closed the handshake of the invite key: an unknown, used-up or revoked invite. */
  REFUSED,
  /** The pub answered {@code invite.use} with an error ("invite has expired", "already following"). */
  NOT_ACCEPTED,
  /** The pub's answer is not its signed follow of our feed. */
  BAD_ANSWER,
  /** The pub did not answer {@code invite.use} in time. */
  TIMEOUT
}
