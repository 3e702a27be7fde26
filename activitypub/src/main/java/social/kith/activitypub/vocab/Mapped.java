package social.kith.activitypub.vocab;

/**
 * What {@link ApMapper#map} made of a document: a post, an actor, an activity, or another object
 * (a collection, a tombstone ...) that has no neutral-model counterpart.
 */
public sealed interface Mapped permits MappedPost, MappedActor, MappedActivity, Mapped.Other {
  /** The document that was mapped. */
  AsObject source();

  /** A document that is neither a post, an actor nor an activity. */
  record Other(AsObject source) implements Mapped {
    public Other {
      java.util.Objects.requireNonNull(source, "source");
    }
  }
}
