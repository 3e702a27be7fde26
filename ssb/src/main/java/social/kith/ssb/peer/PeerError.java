package social.kith.ssb.peer;

import social.kith.core.ErrorCode;

/** Why a peer refused a request or could not do what it was asked. */
public enum PeerError implements ErrorCode {
  /** A request's arguments are malformed: not a feed id, a negative or fractional sequence, a bad flag. */
  INVALID_ARGUMENT,
  /** The peer already uses its quota (open history streams, blob wants per second). */
  QUOTA_EXCEEDED,
  /** The method is reserved to clients holding the node's own key. */
  NOT_ALLOWED,
  /** A blob or feed this node does not hold. */
  NOT_FOUND,
  /** A blob larger than the configured maximum. */
  TOO_LARGE,
  /** The peer is not started, or is closed. */
  NOT_RUNNING,
  /** Replication did not catch up within the given time. */
  TIMEOUT
}
