package social.kith.activitypub.signature;

import java.util.Optional;

/**
 * Finds the key a signature names. This is where I/O happens (fetching an actor, a cache lookup);
 * the verifier calls it only after the cheap checks (parsing, coverage, time, digest) have passed,
 * so a malformed or stale request never causes a fetch.
 */
@FunctionalInterface
public interface KeyResolver {
  /** The key for {@code keyId}, or empty if there is none. */
  Optional<VerificationKey> resolve(String keyId);
}
