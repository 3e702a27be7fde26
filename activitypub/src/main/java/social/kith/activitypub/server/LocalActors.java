package social.kith.activitypub.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local actors a server publishes, looked up by username. A seam so that an application can
 * back it with its own user table; {@link #inMemory()} holds them in a map.
 */
public interface LocalActors {
  /** The actor named {@code username}, if it exists. */
  Optional<LocalActor> find(String username);

  /** Every local actor (for NodeInfo's user count and the inbox's addressing checks). */
  List<LocalActor> all();

  /** A thread-safe in-memory directory; {@link InMemory#put} adds or replaces an actor. */
  static InMemory inMemory() {
    return new InMemory();
  }

  /** A directory held in memory. */
  final class InMemory implements LocalActors {
    private final Map<String, LocalActor> actors = new ConcurrentHashMap<>();

    private InMemory() {}

    /** Adds or replaces the actor with the same username. */
    public InMemory put(LocalActor actor) {
      actors.put(actor.username(), actor);
      return this;
    }

    @Override
    public Optional<LocalActor> find(String username) {
      return username == null ? Optional.empty() : Optional.ofNullable(actors.get(username));
    }

    @Override
    public List<LocalActor> all() {
      return List.copyOf(new LinkedHashMap<>(actors).values());
    }
  }
}
