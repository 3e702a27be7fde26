package social.kith.activitypub.signature;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A signature read from a message but not yet checked: what it claims to cover, when it claims to
 * have been made, and which key it names. Nothing here is trusted until verified.
 */
public sealed interface ParsedSignature permits CavageSignature, Rfc9421Signature {
  /** Which generation the signature is. */
  SignatureGeneration generation();

  /** The key id the signature names. */
  String keyId();

  /** The algorithm name the message states, if any (never used to pick the algorithm). */
  Optional<String> algorithmName();

  /**
   * The covered components in signing order: draft-cavage header names such as
   * {@code (request-target)}; RFC 9421 serialised component identifiers such as
   * {@code "@method"}.
   */
  List<String> coveredComponents();

  /**
   * True if the whole of {@code name} is covered: a draft-cavage header name, or an RFC 9421
   * component name covered without a narrowing parameter ({@code ;key}, {@code ;name},
   * {@code ;req}).
   */
  boolean covers(String name);

  /** The {@code created} parameter, if present. */
  Optional<Instant> created();

  /** The {@code expires} parameter, if present. */
  Optional<Instant> expires();

  /** A copy of the signature bytes. */
  byte[] signatureBytes();
}
