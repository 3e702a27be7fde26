package social.kith.core.store;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import social.kith.core.StorageException;
import social.kith.core.internal.Checks;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Protocol;

/**
 * An {@link IdentityStore} in memory, <b>for tests and small tools</b>. Holds at most
 * {@code capacity} identities; a {@code put} beyond that throws {@link StorageException} and stores
 * nothing. Thread-safe (one lock).
 */
public final class InMemoryIdentityStore implements IdentityStore {
  /** The capacity when none is given. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private final int capacity;
  private final Map<IdentityId, Identity> byId = new HashMap<>();
  private final Map<String, IdentityId> byHandle = new HashMap<>();

  public InMemoryIdentityStore() {
    this(DEFAULT_CAPACITY);
  }

  public InMemoryIdentityStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
  }

  private static String key(Protocol protocol, String handle) {
    return protocol.id() + " " + handle.toLowerCase(Locale.ROOT);
  }

  @Override
  public synchronized void put(Identity identity) {
    Checks.present(identity, "identity");
    Identity old = byId.get(identity.id());
    if (old == null && byId.size() >= capacity) {
      throw new StorageException("in-memory identity store is full (" + capacity + " identities)");
    }
    if (old != null) {
      old.handle().ifPresent(h -> byHandle.remove(key(old.protocol(), h), old.id()));
    }
    identity.handle().ifPresent(h -> {
      IdentityId previous = byHandle.put(key(identity.protocol(), h), identity.id());
      if (previous != null && !previous.equals(identity.id())) {
        Identity moved = byId.get(previous);
        if (moved != null) {
          byId.put(previous, withoutHandle(moved));
        }
      }
    });
    byId.put(identity.id(), identity);
  }

  private static Identity withoutHandle(Identity i) {
    return new Identity(i.id(), Optional.empty(), i.displayName(), i.bio(), i.avatar(), i.keys());
  }

  @Override
  public synchronized Optional<Identity> get(IdentityId id) {
    return Optional.ofNullable(byId.get(Checks.present(id, "identity id")));
  }

  @Override
  public synchronized Optional<Identity> byHandle(Protocol protocol, String handle) {
    Checks.present(protocol, "protocol");
    Checks.present(handle, "handle");
    IdentityId id = byHandle.get(key(protocol, handle));
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized boolean delete(IdentityId id) {
    Identity old = byId.remove(Checks.present(id, "identity id"));
    if (old == null) {
      return false;
    }
    old.handle().ifPresent(h -> byHandle.remove(key(old.protocol(), h), old.id()));
    return true;
  }

  @Override
  public synchronized long size() {
    return byId.size();
  }
}
