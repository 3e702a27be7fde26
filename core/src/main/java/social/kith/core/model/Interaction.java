package social.kith.core.model;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import social.kith.core.InvalidInputException;
import social.kith.core.internal.Checks;

/**
 * Something a local identity does to a post or another identity. Closed: an adapter handles
 * exactly these kinds, each of which names the {@link Capability capabilities} it needs (sealed,
 * so a pattern {@code switch} over them is exhaustive on Java 21+). The target's protocol decides which adapter carries it.
 */
public sealed interface Interaction {
  /** The protocol of the target, which must match the acting identity's protocol. */
  Protocol protocol();

  /** What the adapter must offer to carry this interaction without dropping anything. */
  Set<Capability> requiredCapabilities();

  /** Publishes {@code draft} as a reply to {@code parent}. */
  record Reply(PostId parent, PostDraft draft) implements Interaction {
    public Reply {
      Checks.present(parent, "parent");
      Checks.present(draft, "draft");
      if (draft.inReplyTo().isPresent() && !draft.inReplyTo().get().equals(parent)) {
        throw new InvalidInputException("the draft replies to " + draft.inReplyTo().get() + ", not " + parent);
      }
      onlyProtocol(draft, parent.protocol());
    }

    /** The draft with {@code inReplyTo} set to the parent. */
    public PostDraft replyDraft() {
      return draft.inReplyTo().isPresent() ? draft : draft.toBuilder().inReplyTo(parent).build();
    }

    @Override
    public Protocol protocol() {
      return parent.protocol();
    }

    @Override
    public Set<Capability> requiredCapabilities() {
      return replyDraft().requiredCapabilities();
    }
  }

  /** Likes a post, optionally with a reaction emoji (e.g. {@code "🎉"} or {@code ":blobcat:"}). */
  record Like(PostId target, Optional<String> reaction) implements Interaction {
    /** The longest reaction accepted. */
    public static final int MAX_REACTION = 64;

    public Like {
      Checks.present(target, "target");
      Checks.present(reaction, "reaction");
      reaction.ifPresent(r -> Checks.word(r, "reaction", MAX_REACTION));
    }

    /** A plain like. */
    public static Like of(PostId target) {
      return new Like(target, Optional.empty());
    }

    /** A reaction emoji. */
    public static Like reaction(PostId target, String emoji) {
      return new Like(target, Optional.of(Checks.present(emoji, "reaction")));
    }

    @Override
    public Protocol protocol() {
      return target.protocol();
    }

    @Override
    public Set<Capability> requiredCapabilities() {
      return reaction.isPresent() ? Set.of(Capability.LIKE, Capability.REACTION_EMOJI) : Set.of(Capability.LIKE);
    }
  }

  /** Shares (boosts, announces) a post to one's followers. */
  record Share(PostId target) implements Interaction {
    public Share {
      Checks.present(target, "target");
    }

    @Override
    public Protocol protocol() {
      return target.protocol();
    }

    @Override
    public Set<Capability> requiredCapabilities() {
      return Set.of(Capability.SHARE);
    }
  }

  /** Follows an identity. On some protocols the follow stays pending until accepted. */
  record Follow(IdentityId target) implements Interaction {
    public Follow {
      Checks.present(target, "target");
    }

    @Override
    public Protocol protocol() {
      return target.protocol();
    }

    @Override
    public Set<Capability> requiredCapabilities() {
      return Set.of(Capability.FOLLOW);
    }
  }

  /** Stops following an identity. */
  record Unfollow(IdentityId target) implements Interaction {
    public Unfollow {
      Checks.present(target, "target");
    }

    @Override
    public Protocol protocol() {
      return target.protocol();
    }

    @Override
    public Set<Capability> requiredCapabilities() {
      return Set.of(Capability.UNFOLLOW);
    }
  }

  /** Blocks an identity. */
  record Block(IdentityId target) implements Interaction {
    public Block {
      Checks.present(target, "target");
    }

    @Override
    public Protocol protocol() {
      return target.protocol();
    }

    @Override
    public Set<Capability> requiredCapabilities() {
      return Set.of(Capability.BLOCK);
    }
  }

  /**
   * Replaces the content of one's own post with {@code draft}. The reply target cannot change, so
   * the draft must not set {@code inReplyTo}.
   */
  record Edit(PostId target, PostDraft draft) implements Interaction {
    public Edit {
      Checks.present(target, "target");
      Checks.present(draft, "draft");
      if (draft.inReplyTo().isPresent()) {
        throw new InvalidInputException("an edit cannot change what a post replies to");
      }
      onlyProtocol(draft, target.protocol());
    }

    @Override
    public Protocol protocol() {
      return target.protocol();
    }

    @Override
    public Set<Capability> requiredCapabilities() {
      EnumSet<Capability> caps = EnumSet.copyOf(draft.requiredCapabilities());
      caps.remove(Capability.PUBLISH);
      caps.add(Capability.EDIT);
      return Set.copyOf(caps);
    }
  }

  /** Deletes one's own post. */
  record Delete(PostId target) implements Interaction {
    public Delete {
      Checks.present(target, "target");
    }

    @Override
    public Protocol protocol() {
      return target.protocol();
    }

    @Override
    public Set<Capability> requiredCapabilities() {
      return Set.of(Capability.DELETE);
    }
  }

  private static void onlyProtocol(PostDraft draft, Protocol protocol) {
    for (Protocol p : draft.referencedProtocols()) {
      if (!p.equals(protocol)) {
        throw new InvalidInputException("the draft refers to " + p + " ids but the target is on " + protocol);
      }
    }
  }
}
