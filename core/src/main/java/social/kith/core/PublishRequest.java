package social.kith.core;

import java.util.LinkedHashMap;
import java.util.Map;
import social.kith.core.internal.Checks;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.PostDraft;
import social.kith.core.model.Protocol;

/**
 * What {@link Kith#publish(PublishRequest)} sends where: one draft for every protocol, per-protocol
 * overrides where a protocol needs a different draft (e.g. without a content warning that it cannot
 * carry), and optionally the identities to publish as.
 *
 * @param draft the draft for every target protocol without an override
 * @param overrides a replacement draft per protocol
 * @param identities whom to publish as, per protocol; when empty, the client's registered
 *     identities are used and every adapter that can publish and has one is a target; when not
 *     empty, exactly these protocols are the targets
 */
public record PublishRequest(PostDraft draft, Map<Protocol, PostDraft> overrides,
    Map<Protocol, LocalIdentity> identities) {
  public PublishRequest {
    Checks.present(draft, "draft");
    overrides = Map.copyOf(Checks.present(overrides, "overrides"));
    identities = Map.copyOf(Checks.present(identities, "identities"));
    identities.forEach((p, id) -> {
      if (!id.protocol().equals(p)) {
        throw new InvalidInputException("identity " + id.id() + " is filed under protocol " + p);
      }
    });
  }

  /** The same draft for every target, as the client's registered identities. */
  public static PublishRequest of(PostDraft draft) {
    return new PublishRequest(draft, Map.of(), Map.of());
  }

  /** A builder starting from the draft used where no override is given. */
  public static Builder builder(PostDraft draft) {
    return new Builder(Checks.present(draft, "draft"));
  }

  /** The draft for {@code protocol}: its override, or the common draft. */
  public PostDraft draftFor(Protocol protocol) {
    return overrides.getOrDefault(protocol, draft);
  }

  /** Collects a request; fails fast when a protocol is given twice. Not thread-safe. */
  public static final class Builder {
    private final PostDraft draft;
    private final Map<Protocol, PostDraft> overrides = new LinkedHashMap<>();
    private final Map<Protocol, LocalIdentity> identities = new LinkedHashMap<>();

    private Builder(PostDraft draft) {
      this.draft = draft;
    }

    /** Uses {@code replacement} instead of the common draft on {@code protocol}. */
    public Builder override(Protocol protocol, PostDraft replacement) {
      Checks.present(protocol, "protocol");
      Checks.present(replacement, "override");
      if (overrides.putIfAbsent(protocol, replacement) != null) {
        throw new IllegalStateException("an override for " + protocol + " was already given");
      }
      return this;
    }

    /** Publishes as {@code identity} on its protocol, and makes the targets explicit. */
    public Builder as(LocalIdentity identity) {
      Checks.present(identity, "identity");
      if (identities.putIfAbsent(identity.protocol(), identity) != null) {
        throw new IllegalStateException("an identity for " + identity.protocol() + " was already given");
      }
      return this;
    }

    public PublishRequest build() {
      return new PublishRequest(draft, overrides, identities);
    }
  }
}
