package social.kith.activitypub.server;

import java.net.URI;
import social.kith.activitypub.fetch.KeyResolver;
import social.kith.activitypub.fetch.ResolvedKey;

/**
 * Finds the key behind a signature's {@code keyId} together with the actor that provably owns it.
 * {@link #of(KeyResolver)} adapts the fetch module's resolver, which checks ownership (checklist
 * item 11), guards against SSRF and caches; tests pass a map.
 */
@FunctionalInterface
public interface KeyLookup {
  /**
   * The proven key.
   *
   * @throws social.kith.activitypub.fetch.FetchException if there is none, or it is not owned
   */
  ResolvedKey resolve(URI keyId);

  /** Forgets a cached key (after a signature failed under it, the owner may have rotated it). */
  default void invalidate(URI keyId) {}

  /** The fetch module's resolver. */
  static KeyLookup of(KeyResolver resolver) {
    return new KeyLookup() {
      @Override
      public ResolvedKey resolve(URI keyId) {
        return resolver.resolve(keyId);
      }

      @Override
      public void invalidate(URI keyId) {
        resolver.invalidate(keyId);
      }
    };
  }
}
