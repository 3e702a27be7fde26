package social.kith.core;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import social.kith.core.model.Capability;
import social.kith.core.model.Protocol;

/**
 * A request that needs a {@link Capability} the protocol does not offer ({@code UNSUPPORTED}).
 * Kith refuses rather than silently dropping a feature: nothing was published or changed.
 */
public class UnsupportedCapabilityException extends KithException {
  private static final long serialVersionUID = 1L;

  private final transient Protocol protocol;
  private final transient Set<Capability> missing;

  public UnsupportedCapabilityException(Protocol protocol, Set<Capability> missing) {
    super(ErrorCode.Standard.UNSUPPORTED,
        Objects.requireNonNull(protocol, "protocol").id() + " does not support " + missing);
    if (missing.isEmpty()) {
      throw new IllegalArgumentException("missing must not be empty");
    }
    this.protocol = protocol;
    this.missing = Set.copyOf(missing);
  }

  /** The protocol that lacks the capabilities. */
  public Protocol protocol() {
    return protocol;
  }

  /** The capabilities that were needed and are not offered (never empty). */
  public Set<Capability> missing() {
    return missing;
  }

  /**
   * Throws unless {@code offered} contains every capability in {@code needed}; the exception names
   * all that are missing, not just the first.
   */
  public static void requireAll(Protocol protocol, Set<Capability> offered, Collection<Capability> needed) {
    EnumSet<Capability> missing = EnumSet.noneOf(Capability.class);
    for (Capability c : needed) {
      if (!offered.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new UnsupportedCapabilityException(protocol, missing);
    }
  }
}
