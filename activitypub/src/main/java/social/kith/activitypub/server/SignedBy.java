package social.kith.activitypub.server;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import social.kith.activitypub.signature.VerifiedSignature;

/**
 * Who signed a request: every signature on it verified, and each key is provably owned by
 * {@link #actor()}.
 *
 * @param actor the actor that owns the key(s)
 * @param signatures the verified signatures, in header order
 */
public record SignedBy(URI actor, List<VerifiedSignature> signatures) {
  public SignedBy {
    Objects.requireNonNull(actor, "actor");
    signatures = List.copyOf(signatures);
    if (signatures.isEmpty()) {
      throw new IllegalArgumentException("no signatures");
    }
  }
}
