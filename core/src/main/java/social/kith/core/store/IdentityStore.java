package social.kith.core.store;

import java.util.Optional;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Protocol;

/**
 * Known identities (profiles and public keys), by id and by handle. A handle names at most one
 * identity per protocol: storing an identity with a handle that another identity holds moves the
 * handle. Implementations are thread-safe; a failed write changes nothing.
 */
public interface IdentityStore {
  /** Stores {@code identity}, replacing a stored identity with the same id. */
  void put(Identity identity);

  Optional<Identity> get(IdentityId id);

  /** The identity on {@code protocol} whose handle is {@code handle} (compared ignoring case). */
  Optional<Identity> byHandle(Protocol protocol, String handle);

  /** Removes the identity; true if it was there. */
  boolean delete(IdentityId id);

  long size();
}
