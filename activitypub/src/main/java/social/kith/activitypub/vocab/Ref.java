package social.kith.activitypub.vocab;

import java.util.Objects;
import java.util.Optional;

/**
 * A value that names another object, in the three shapes servers send: a bare IRI, an embedded
 * object, or a {@code Link} (an object with {@code href}). {@link #id()} gives the IRI in each case.
 */
public sealed interface Ref {
  /** The IRI this reference names: the IRI itself, the object's {@code id}, the link's {@code href}. */
  Optional<String> id();

  /** The embedded object or link, if this is not a bare IRI. */
  Optional<AsObject> embedded();

  /** A bare IRI. */
  record Iri(String iri) implements Ref {
    public Iri {
      Objects.requireNonNull(iri, "iri");
    }

    @Override
    public Optional<String> id() {
      return Optional.of(iri);
    }

    @Override
    public Optional<AsObject> embedded() {
      return Optional.empty();
    }
  }

  /** An embedded object (possibly with only an {@code id}). */
  record Embedded(AsObject object) implements Ref {
    public Embedded {
      Objects.requireNonNull(object, "object");
    }

    @Override
    public Optional<String> id() {
      return object.id();
    }

    @Override
    public Optional<AsObject> embedded() {
      return Optional.of(object);
    }
  }

  /** A {@code Link} object: its target is {@code href}, and it may carry a media type and name. */
  record Link(AsObject link) implements Ref {
    public Link {
      Objects.requireNonNull(link, "link");
    }

    @Override
    public Optional<String> id() {
      return link.href();
    }

    @Override
    public Optional<AsObject> embedded() {
      return Optional.of(link);
    }

    /** The link's media type ({@code mediaType}, or Funkwhale's {@code mimeType}). */
    public Optional<String> mediaType() {
      Optional<String> m = link.string("mediaType");
      return m.isPresent() ? m : link.string("mimeType");
    }
  }
}
