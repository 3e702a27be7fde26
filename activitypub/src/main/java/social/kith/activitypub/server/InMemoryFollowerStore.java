package social.kith.activitypub.server;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link FollowerStore} in memory: for tests, and as the working copy of {@link FileFollowerStore}.
 * Lost when the process ends. Thread-safe (one lock; follow traffic is small).
 */
public class InMemoryFollowerStore implements FollowerStore {
  private final Map<String, Map<Direction, LinkedHashMap<URI, FollowRecord>>> byActor = new LinkedHashMap<>();

  @Override
  public synchronized Optional<FollowRecord> get(String local, Direction direction, URI remote) {
    return Optional.ofNullable(side(local, direction, false).get(remote));
  }

  @Override
  public synchronized void put(String local, Direction direction, FollowRecord record) {
    Objects.requireNonNull(record, "record");
    LinkedHashMap<URI, FollowRecord> side = side(local, direction, true);
    FollowRecord previous = side.put(record.remote(), record);
    try {
      changed(local);
    } catch (RuntimeException e) {
      if (previous == null) {
        side.remove(record.remote());
      } else {
        side.put(record.remote(), previous);
      }
      throw e;
    }
  }

  @Override
  public synchronized boolean remove(String local, Direction direction, URI remote) {
    LinkedHashMap<URI, FollowRecord> side = side(local, direction, false);
    if (!side.containsKey(remote)) {
      return false;
    }
    LinkedHashMap<URI, FollowRecord> before = new LinkedHashMap<>(side);
    side.remove(remote);
    try {
      changed(local);
    } catch (RuntimeException e) {
      side.clear();
      side.putAll(before);
      throw e;
    }
    return true;
  }

  @Override
  public synchronized List<FollowRecord> list(String local, Direction direction) {
    return List.copyOf(new ArrayList<>(side(local, direction, false).values()));
  }

  /** Usernames that have any record. */
  public synchronized List<String> actors() {
    return List.copyOf(byActor.keySet());
  }

  /** Called under the lock after every change; {@link FileFollowerStore} persists here. */
  void changed(String local) {}

  private LinkedHashMap<URI, FollowRecord> side(String local, Direction direction, boolean create) {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(direction, "direction");
    Map<Direction, LinkedHashMap<URI, FollowRecord>> sides = byActor.get(local);
    if (sides == null) {
      if (!create) {
        return new LinkedHashMap<>();
      }
      sides = new EnumMap<>(Direction.class);
      byActor.put(local, sides);
    }
    return create ? sides.computeIfAbsent(direction, d -> new LinkedHashMap<>())
        : sides.getOrDefault(direction, new LinkedHashMap<>());
  }

  /** Replaces everything for {@code local} (used when loading from disk). */
  synchronized void load(String local, Direction direction, List<FollowRecord> records) {
    LinkedHashMap<URI, FollowRecord> side = side(local, direction, true);
    side.clear();
    records.forEach(r -> side.put(r.remote(), r));
  }
}
