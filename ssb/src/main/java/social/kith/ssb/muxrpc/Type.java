package social.kith.ssb.muxrpc;

import java.util.Locale;
import java.util.Optional;

/** The kinds of muxrpc methods, as manifests name them. */
public enum Type {
  /** One request, one response (answered like async on the wire). */
  SYNC,
  /** One request, one response. */
  ASYNC,
  /** The responder streams values to the caller. */
  SOURCE,
  /** The caller streams values to the responder. */
  SINK,
  /** Both stream. */
  DUPLEX;

  /** The manifest name, e.g. {@code "async"}. */
  public String manifestName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether calls of this type use stream packets. */
  public boolean isStream() {
    return this == SOURCE || this == SINK || this == DUPLEX;
  }

  /** The type with this manifest name. */
  public static Optional<Type> ofManifestName(String name) {
    for (Type t : values()) {
      if (t.manifestName().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
