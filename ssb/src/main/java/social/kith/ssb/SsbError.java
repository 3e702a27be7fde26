package social.kith.ssb;

import social.kith.core.ErrorCode;

/**
 * Why the SSB module refused an input. Message validation verdicts have their own, finer codes in
 * {@link ValidationError}; these are for parsing references, JSON, keys and files.
 */
public enum SsbError implements ErrorCode {
  /** A feed, message or blob reference that is not {@code sigil + canonical base64 + suffix}. */
  INVALID_REF,
  /** An {@code ssb:} URI of an unknown type or format, or with bad data. */
  INVALID_URI,
  /** A multiserver address that does not follow the grammar or has no usable host, port or key. */
  INVALID_ADDRESS,
  /** An invite code that is neither a legacy nor a multiserver invite. */
  INVALID_INVITE,
  /** JSON text that {@code JSON.parse} would reject. */
  JSON_SYNTAX,
  /** JSON nested deeper than the parser's documented limit. */
  JSON_TOO_DEEP,
  /** JSON text longer than the parser's documented limit. */
  JSON_TOO_LARGE,
  /** An HMAC (sign-cap) key that is not 32 bytes of canonical base64. */
  INVALID_HMAC_KEY,
  /** A message that cannot be built: content of the wrong kind, too large, or a bad type. */
  INVALID_MESSAGE,
  /** A secret key file that is not in the ssb-keys format. */
  MALFORMED_SECRET,
  /** A secret key file that already exists and would be overwritten. */
  SECRET_EXISTS
}
