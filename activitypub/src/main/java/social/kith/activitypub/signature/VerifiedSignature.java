package social.kith.activitypub.signature;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A signature that verified and passed the policy. Who owns {@link #keyId()} is still the
 * caller's question (an actor must own the key before its activity is trusted: checklist items 10
 * and 11).
 *
 * @param generation the signature generation
 * @param label the RFC 9421 label, or empty for draft-cavage
 * @param keyId the key id that verified
 * @param algorithm the algorithm used (taken from the key)
 * @param coveredComponents what the signature covers, as {@link ParsedSignature#coveredComponents()}
 * @param created the {@code created} parameter, if any
 * @param expires the {@code expires} parameter, if any
 * @param queryCovered false only when a draft-cavage signature verified over the path alone
 * @param bodyDigestVerified true if a covered {@code Digest}/{@code Content-Digest} matched the body
 */
public record VerifiedSignature(SignatureGeneration generation, String label, String keyId,
    SignatureAlgorithm algorithm, List<String> coveredComponents, Optional<Instant> created,
    Optional<Instant> expires, boolean queryCovered, boolean bodyDigestVerified) {
  public VerifiedSignature {
    Objects.requireNonNull(generation, "generation");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(algorithm, "algorithm");
    coveredComponents = List.copyOf(coveredComponents);
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expires, "expires");
  }
}
