package social.kith.core.event;

import java.time.Instant;
import java.util.Optional;
import social.kith.core.InvalidInputException;
import social.kith.core.internal.Checks;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Post;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;

/**
 * Something that arrived while an adapter runs. Sealed, so the set is closed (a pattern {@code switch} over it
 * is exhaustive on Java 21+); every event knows its protocol and when the adapter observed it ({@link #at}, the
 * adapter's clock, not the sender's claim). All ids in one event are on the same protocol.
 */
public sealed interface Event {
  /** The protocol the event came from. */
  Protocol protocol();

  /** When the adapter observed it. */
  Instant at();

  /** A post arrived (from someone followed, or addressed to a local identity). */
  record PostReceived(Post post, Instant at) implements Event {
    public PostReceived {
      Checks.present(post, "post");
      Checks.present(at, "at");
    }

    @Override
    public Protocol protocol() {
      return post.protocol();
    }
  }

  /** A post mentions a local identity. */
  record Mentioned(Post post, IdentityId mentioned, Instant at) implements Event {
    public Mentioned {
      Checks.present(post, "post");
      same(post.protocol(), mentioned);
      Checks.present(at, "at");
    }

    @Override
    public Protocol protocol() {
      return post.protocol();
    }
  }

  /** A post replies to a local identity's post. */
  record Replied(Post reply, Instant at) implements Event {
    public Replied {
      Checks.present(reply, "reply");
      if (reply.inReplyTo().isEmpty()) {
        throw new InvalidInputException("a reply event needs a post that replies to something");
      }
      Checks.present(at, "at");
    }

    /** The post replied to. */
    public PostId parent() {
      return reply.inReplyTo().orElseThrow();
    }

    @Override
    public Protocol protocol() {
      return reply.protocol();
    }
  }

  /** A post was edited; {@code post} is the new version. */
  record Edited(Post post, Instant at) implements Event {
    public Edited {
      Checks.present(post, "post");
      Checks.present(at, "at");
    }

    @Override
    public Protocol protocol() {
      return post.protocol();
    }
  }

  /** A post was deleted by {@code actor}. */
  record Deleted(IdentityId actor, PostId post, Instant at) implements Event {
    public Deleted {
      Checks.present(actor, "actor");
      Checks.present(post, "post");
      same(actor.protocol(), post.protocol());
      Checks.present(at, "at");
    }

    @Override
    public Protocol protocol() {
      return actor.protocol();
    }
  }

  /** {@code actor} liked a post, possibly with a reaction emoji. */
  record Liked(IdentityId actor, PostId post, Optional<String> reaction, Instant at) implements Event {
    public Liked {
      Checks.present(actor, "actor");
      Checks.present(post, "post");
      same(actor.protocol(), post.protocol());
      Checks.present(reaction, "reaction");
      reaction.ifPresent(r -> Checks.word(r, "reaction", 64));
      Checks.present(at, "at");
    }

    @Override
    public Protocol protocol() {
      return actor.protocol();
    }
  }

  /** {@code actor} shared (boosted) a post. */
  record Shared(IdentityId actor, PostId post, Instant at) implements Event {
    public Shared {
      Checks.present(actor, "actor");
      Checks.present(post, "post");
      same(actor.protocol(), post.protocol());
      Checks.present(at, "at");
    }

    @Override
    public Protocol protocol() {
      return actor.protocol();
    }
  }

  /** {@code follower} asked to follow {@code followee}, who has to accept. */
  record FollowRequested(IdentityId follower, IdentityId followee, Instant at) implements Event {
    public FollowRequested {
      pair(follower, followee);
      Checks.present(at, "at");
    }

    @Override
    public Protocol protocol() {
      return follower.protocol();
    }
  }

  /** {@code follower} now follows {@code followee}. */
  record Followed(IdentityId follower, IdentityId followee, Instant at) implements Event {
    public Followed {
      pair(follower, followee);
      Checks.present(at, "at");
    }

    @Override
    public Protocol protocol() {
      return follower.protocol();
    }
  }

  /** {@code follower} stopped following {@code followee}. */
  record Unfollowed(IdentityId follower, IdentityId followee, Instant at) implements Event {
    public Unfollowed {
      pair(follower, followee);
      Checks.present(at, "at");
    }

    @Override
    public Protocol protocol() {
      return follower.protocol();
    }
  }

  /** {@code actor} blocked {@code target}. */
  record Blocked(IdentityId actor, IdentityId target, Instant at) implements Event {
    public Blocked {
      pair(actor, target);
      Checks.present(at, "at");
    }

    @Override
    public Protocol protocol() {
      return actor.protocol();
    }
  }

  private static void same(Protocol protocol, IdentityId id) {
    Checks.present(id, "identity");
    same(protocol, id.protocol());
  }

  private static void same(Protocol a, Protocol b) {
    if (!a.equals(b)) {
      throw new InvalidInputException("an event cannot mix protocols " + a + " and " + b);
    }
  }

  private static void pair(IdentityId a, IdentityId b) {
    Checks.present(a, "identity");
    Checks.present(b, "identity");
    same(a.protocol(), b.protocol());
  }
}
