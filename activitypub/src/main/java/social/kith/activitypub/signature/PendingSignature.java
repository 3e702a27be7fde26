package social.kith.activitypub.signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request whose signature passed every check that needs no key (see
 * {@link HttpSignatureVerifier#check}). Only the verifier makes these, so holding one proves the
 * cheap checks ran; {@link #verify(KeyResolver)} does the rest.
 */
public final class PendingSignature {
  private final HttpSignatureVerifier verifier;
  private final HttpMessage.Request request;
  private final List<ParsedSignature> signatures;
  private final boolean digestVerified;

  PendingSignature(HttpSignatureVerifier verifier, HttpMessage.Request request,
      List<? extends ParsedSignature> signatures, boolean digestVerified) {
    this.verifier = verifier;
    this.request = request;
    this.signatures = List.copyOf(signatures);
    this.digestVerified = digestVerified;
  }

  /** The generation. */
  public SignatureGeneration generation() {
    return signatures.get(0).generation();
  }

  /** The key id of the first (for draft-cavage, the only) signature. */
  public String keyId() {
    return signatures.get(0).keyId();
  }

  /** The key ids of every signature, in order. */
  public List<String> keyIds() {
    List<String> out = new ArrayList<>();
    for (ParsedSignature s : signatures) {
      out.add(s.keyId());
    }
    return out;
  }

  /** The parsed signatures. */
  public List<ParsedSignature> signatures() {
    return signatures;
  }

  /**
   * Resolves each signature's key and verifies it; every signature must verify.
   *
   * @return the first signature's result (see {@link #verifyAll} for all of them)
   * @throws SignatureException {@link SignatureError#KEY_UNAVAILABLE},
   *     {@link SignatureError#ALGORITHM_KEY_MISMATCH}, {@link SignatureError#SIGNATURE_INVALID}
   */
  public VerifiedSignature verify(KeyResolver keys) {
    return verifyAll(keys).get(0);
  }

  /** Verifies with one key for every signature. */
  public VerifiedSignature verify(VerificationKey key) {
    Objects.requireNonNull(key, "key");
    return verify(id -> Optional.of(key));
  }

  /** Verifies every signature and returns each result, in order. */
  public List<VerifiedSignature> verifyAll(KeyResolver keys) {
    Objects.requireNonNull(keys, "keys");
    List<VerifiedSignature> out = new ArrayList<>();
    for (ParsedSignature sig : signatures) {
      VerificationKey key = keys.resolve(sig.keyId()).orElseThrow(() -> new SignatureException(
          SignatureError.KEY_UNAVAILABLE, "no key for '" + Cavage12.printable(sig.keyId()) + "'"));
      if (sig instanceof CavageSignature) {
        CavageSignature c = (CavageSignature) sig;
        SignatureAlgorithm alg = Cavage12.algorithmFor(c.algorithmName().orElse(null), key);
        boolean queryCovered = Cavage12.verify(request, c, key,
            verifier.policy().allowsPathOnlyRequestTarget(request));
        out.add(new VerifiedSignature(SignatureGeneration.CAVAGE_12, "", c.keyId(), alg,
            c.coveredComponents(), c.created(), c.expires(), queryCovered, digestVerified));
      } else {
        Rfc9421Signature r = (Rfc9421Signature) sig;
        Rfc9421.verify(request, r, key);
        out.add(new VerifiedSignature(SignatureGeneration.RFC_9421, r.label(), r.keyId(),
            key.algorithm(), r.coveredComponents(), r.created(), r.expires(),
            HttpSignatureVerifier.coversQuery(request, r), digestVerified));
      }
      verifier.recordVerified(request, sig);
    }
    return out;
  }

  @Override
  public String toString() {
    return "PendingSignature[" + generation() + ", keyIds=" + keyIds() + "]";
  }
}
