package social.kith.activitypub.signature;

import java.util.Optional;
import social.kith.crypto.CryptoException;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PublicKey;
import social.kith.crypto.encoding.DidKey;

/**
 * Finds the Ed25519 key of a proof's {@code verificationMethod}: an actor's {@code assertionMethod}
 * entry (FEP-521a; I/O and ownership checks are the caller's) or a {@code did:key}.
 */
@FunctionalInterface
public interface ProofKeyResolver {
  /** The key, or empty if there is none. */
  Optional<Ed25519PublicKey> resolve(String verificationMethod);

  /**
   * Resolves {@code did:key:z6Mk...} (with or without the {@code #z6Mk...} fragment) locally, with
   * no I/O; anything else is empty.
   */
  static ProofKeyResolver didKey() {
    return vm -> {
      if (!vm.startsWith(DidKey.PREFIX)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Ed25519.publicKey(DidKey.parseEd25519(vm)));
      } catch (CryptoException e) {
        return Optional.empty();
      }
    };
  }

  /** This resolver, then {@code other} when this one has no key. */
  default ProofKeyResolver orElse(ProofKeyResolver other) {
    return vm -> {
      Optional<Ed25519PublicKey> k = resolve(vm);
      return k.isPresent() ? k : other.resolve(vm);
    };
  }
}
