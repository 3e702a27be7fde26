package social.kith.activitypub.server;

import java.net.URI;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An {@link ObjectStore} in memory, for tests and as the working copy of {@link FileObjectStore}. */
public class InMemoryObjectStore implements ObjectStore {
  private final Map<URI, StoredObject> objects = new LinkedHashMap<>();
  private final Map<String, List<URI>> featured = new HashMap<>();

  @Override
  public synchronized void put(StoredObject object) {
    Objects.requireNonNull(object, "object");
    StoredObject previous = objects.put(object.id(), object);
    try {
      written(object);
    } catch (RuntimeException e) {
      if (previous == null) {
        objects.remove(object.id());
      } else {
        objects.put(object.id(), previous);
      }
      throw e;
    }
  }

  @Override
  public synchronized Optional<StoredObject> get(URI id) {
    return Optional.ofNullable(objects.get(id));
  }

  @Override
  public synchronized boolean remove(URI id) {
    StoredObject previous = objects.get(id);
    if (previous == null) {
      return false;
    }
    removed(previous);
    objects.remove(id);
    return true;
  }

  @Override
  public synchronized List<StoredObject> activities(String owner) {
    return objects.values().stream().filter(o -> o.activity() && o.owner().equals(owner))
        .sorted(Comparator.comparing(StoredObject::published).reversed()).toList();
  }

  @Override
  public synchronized List<URI> featured(String owner) {
    return featured.getOrDefault(owner, List.of());
  }

  @Override
  public synchronized void setFeatured(String owner, List<URI> ids) {
    List<URI> copy = List.copyOf(ids);
    featuredWritten(owner, copy);
    featured.put(owner, copy);
  }

  /** All objects, for export. */
  public synchronized List<StoredObject> all() {
    return List.copyOf(objects.values());
  }

  void written(StoredObject object) {}

  void removed(StoredObject object) {}

  void featuredWritten(String owner, List<URI> ids) {}

  synchronized void loadObject(StoredObject o) {
    objects.put(o.id(), o);
  }

  synchronized void loadFeatured(String owner, List<URI> ids) {
    featured.put(owner, List.copyOf(ids));
  }
}
