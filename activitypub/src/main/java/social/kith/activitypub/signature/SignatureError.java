package social.kith.activitypub.signature;

import social.kith.core.ErrorCode;

/**
 * Why an HTTP signature, a body digest or an object integrity proof was refused. HTTP adapters map
 * these to status codes (most to 401; {@link #SIGNATURE_HEADER_TOO_LARGE} to 400); logs and metrics
 * can count them by name.
 */
public enum SignatureError implements ErrorCode {
  /** No {@code Signature}, {@code Signature-Input} or {@code Authorization: Signature} header. */
  MISSING_SIGNATURE,
  /** A signature header that does not parse (bad syntax, duplicate or missing parameters). */
  MALFORMED_SIGNATURE_HEADER,
  /** A signature header longer than the documented limit. */
  SIGNATURE_HEADER_TOO_LARGE,
  /** RFC 9421: a label in {@code Signature} without a {@code Signature-Input} entry, or the reverse. */
  SIGNATURE_LABEL_MISMATCH,
  /** An algorithm Kith does not accept ({@code rsa-sha1}, {@code hmac-sha1}, unknown names). */
  UNSUPPORTED_ALGORITHM,
  /** The algorithm named in the message contradicts the type of the key (algorithm confusion). */
  ALGORITHM_KEY_MISMATCH,
  /** RFC 9421: a component or component parameter that Kith cannot compute. */
  UNSUPPORTED_COMPONENT,
  /** A covered header (or derived component) is absent from the message. */
  COVERED_HEADER_MISSING,
  /** No key could be found for the key id. */
  KEY_UNAVAILABLE,
  /** The key is not owned by the actor the message claims to come from. */
  KEY_NOT_OWNED,
  /** The signature does not verify under the key. */
  SIGNATURE_INVALID,
  /** The body does not hash to the value in {@code Digest} / {@code Content-Digest}. */
  DIGEST_MISMATCH,
  /** A digest header is present but not covered by the signature. */
  DIGEST_NOT_SIGNED,
  /** A body that needs a digest header (POST, PUT, PATCH or any body) has none. */
  DIGEST_MISSING,
  /** Only digest algorithms that Kith does not accept (e.g. {@code MD5}). */
  UNSUPPORTED_DIGEST,
  /** A digest value that is not canonical base64 or not the algorithm's length. */
  MALFORMED_DIGEST,
  /** The signature covers too little of the request for the policy. */
  INSUFFICIENT_COVERAGE,
  /** A covered {@code Date} header that is not an HTTP date. */
  SIG_DATE_INVALID,
  /** {@code Date} or {@code created} lies outside the accepted window around the local clock. */
  SIG_DATE_OUT_OF_WINDOW,
  /** {@code expires} lies in the past. */
  SIG_EXPIRED,
  /** {@code created} lies in the future beyond the allowed skew. */
  SIG_CREATED_IN_FUTURE,
  /** RFC 9421: no {@code created} parameter where the policy requires one. */
  SIG_CREATED_MISSING,
  /** {@code expires} is further after {@code created} than the policy allows. */
  SIG_VALIDITY_TOO_LONG,
  /** Diagnostic: the local clock appears to be off (many peers disagree with it the same way). */
  CLOCK_SKEW_SUSPECTED,
  /** JSON that is malformed, not I-JSON (lone surrogates, non-finite numbers) or over a limit. */
  MALFORMED_JSON,
  /** An integrity proof that is structurally wrong (missing or mistyped members). */
  MALFORMED_PROOF,
  /** A proof type or cryptosuite other than {@code DataIntegrityProof} / {@code eddsa-jcs-2022}. */
  UNSUPPORTED_CRYPTOSUITE,
  /** The proof's {@code @context} is not a prefix of the document's. */
  PROOF_CONTEXT_MISMATCH,
  /** The proof's {@code expires} lies in the past. */
  PROOF_EXPIRED,
  /** The proof does not verify. */
  PROOF_INVALID
}
