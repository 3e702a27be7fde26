package social.kith.activitypub.signature;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An integrity proof that verified. The caller must still check that the controller of
 * {@link #verificationMethod()} owns the object (FEP-8b32: the actor, or a DID tied to it).
 *
 * @param verificationMethod the key URL or DID URL that verified
 * @param proofPurpose always {@code assertionMethod}
 * @param created the proof's {@code created}, if present
 */
public record VerifiedProof(String verificationMethod, String proofPurpose, Optional<Instant> created) {
  public VerifiedProof {
    Objects.requireNonNull(verificationMethod, "verificationMethod");
    Objects.requireNonNull(proofPurpose, "proofPurpose");
    Objects.requireNonNull(created, "created");
  }
}
