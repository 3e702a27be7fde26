package social.kith.core;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Set;
import social.kith.core.model.Post;
import social.kith.core.model.Protocol;

/**
 * The outcome of publishing to several protocols: one protocol failing does not lose what the
 * others published. Every target protocol appears in exactly one of the two maps.
 *
 * @param published the post each protocol published
 * @param failed why each other target failed; a {@code NETWORK_FAILURE} timeout leaves it unknown
 *     whether the remote side acted
 */
public record PublishResult(Map<Protocol, Post> published, Map<Protocol, KithException> failed) {
  public PublishResult {
    published = Collections.unmodifiableMap(new TreeMap<>(published));
    failed = Collections.unmodifiableMap(new TreeMap<>(failed));
    for (Protocol p : published.keySet()) {
      if (failed.containsKey(p)) {
        throw new IllegalArgumentException(p + " cannot both succeed and fail");
      }
    }
  }

  /** True if every target published. */
  public boolean isComplete() {
    return failed.isEmpty();
  }

  /** Every protocol that was a target. */
  public Set<Protocol> targets() {
    Set<Protocol> all = new TreeSet<>(published.keySet());
    all.addAll(failed.keySet());
    return Collections.unmodifiableSet(all);
  }

  /** The post {@code protocol} published, if it did. */
  public Optional<Post> post(Protocol protocol) {
    return Optional.ofNullable(published.get(protocol));
  }

  /**
   * Returns this result if complete; otherwise throws a new {@link KithException} with the code of
   * the first failure (in protocol order), that failure as its cause and the others as suppressed.
   */
  public PublishResult orThrow() {
    if (failed.isEmpty()) {
      return this;
    }
    KithException first = failed.values().iterator().next();
    KithException thrown = new KithException(first.code(), "publishing failed on " + failed.keySet()
        + " (published on " + published.keySet() + ")", first);
    failed.values().stream().skip(1).forEach(thrown::addSuppressed);
    throw thrown;
  }
}
