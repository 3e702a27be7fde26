package social.kith.activitypub.signature;

/** The two generations of HTTP message signatures in use on the fediverse. */
public enum SignatureGeneration {
  /** draft-cavage-http-signatures-12: one {@code Signature} header (Mastodon, most servers). */
  CAVAGE_12,
  /** RFC 9421 HTTP Message Signatures: {@code Signature-Input} and {@code Signature}. */
  RFC_9421;

  /** The other generation (for double-knocking). */
  public SignatureGeneration other() {
    return this == CAVAGE_12 ? RFC_9421 : CAVAGE_12;
  }
}
