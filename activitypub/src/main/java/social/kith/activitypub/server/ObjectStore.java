package social.kith.activitypub.server;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ActorServer} serves by id, in outboxes and in featured collections. Written by the
 * application (or the outbox module); read by the router. Implementations are thread-safe and
 * each write is all-or-nothing. Defaults: {@link InMemoryObjectStore} (tests),
 * {@link FileObjectStore}.
 */
public interface ObjectStore {
  /** Adds or replaces the object with the same id. */
  void put(StoredObject object);

  /** The object with {@code id}, if any. */
  Optional<StoredObject> get(URI id);

  /** Removes an object; true if there was one. */
  boolean remove(URI id);

  /** The activities {@code owner} published, newest first (the outbox). */
  List<StoredObject> activities(String owner);

  /** The ids of {@code owner}'s pinned objects, in order. */
  List<URI> featured(String owner);

  /** Replaces {@code owner}'s pinned objects. */
  void setFeatured(String owner, List<URI> ids);
}
