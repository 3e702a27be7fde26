package social.kith.activitypub.discovery;

import social.kith.core.ErrorCode;

/** Why discovery (WebFinger, NodeInfo, HTML links) refused an input or a remote document. */
public enum DiscoveryError implements ErrorCode {
  /** Not a {@code @user@host} / {@code user@host} / {@code acct:user@host} handle. */
  INVALID_HANDLE,
  /** A WebFinger answer that is not a well-formed JRD. */
  INVALID_JRD,
  /** The WebFinger answer is about someone else (its subject and aliases do not name the handle). */
  SUBJECT_MISMATCH,
  /** The WebFinger answer has no {@code self} link of an ActivityStreams type. */
  NO_ACTOR_LINK,
  /** A NodeInfo document that does not follow the schema. */
  INVALID_NODEINFO,
  /** {@code /.well-known/nodeinfo} links to no NodeInfo schema Kith reads. */
  NO_NODEINFO_LINK,
  /** An HTML page without a {@code <link rel="alternate">} to an ActivityStreams document. */
  NO_ALTERNATE_LINK,
  /** Neither a handle nor an http(s) URL. */
  UNRECOGNISED_QUERY
}
