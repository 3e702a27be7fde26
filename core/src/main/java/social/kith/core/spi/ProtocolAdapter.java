package social.kith.core.spi;

import java.util.Set;
import social.kith.core.ClosedException;
import social.kith.core.InvalidInputException;
import social.kith.core.NetworkException;
import social.kith.core.NotFoundException;
import social.kith.core.UnsupportedCapabilityException;
import social.kith.core.feed.FeedPage;
import social.kith.core.feed.FeedPosition;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.Capability;
import social.kith.core.model.Identity;
import social.kith.core.model.Interaction;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.Protocol;
import social.kith.core.model.Receipt;

/**
 * The one seam a protocol implements. Applications reach adapters through
 * {@link social.kith.core.Kith}; a program that needs protocol detail uses the adapter's own API.
 *
 * <p><b>Contract</b> (checked by {@code ProtocolAdapterContract} in core's test-jar):
 * <ul>
 *   <li>{@link #capabilities()} is immutable and truthful: a call that needs a capability not in it
 *       throws {@link UnsupportedCapabilityException} (code {@code UNSUPPORTED}) before doing
 *       anything; it is never a silent no-op, and no feature of a draft is dropped silently.
 *   <li>Bad input gives {@link InvalidInputException} (or a subclass) and changes nothing.
 *   <li>{@link #start} is called once, before any other call except {@link #protocol},
 *       {@link #capabilities}, {@link #recognizes} and {@link #close}; calls before it throw
 *       {@link IllegalStateException}.
 *   <li>Blocking calls ({@link #resolve}, {@link #publish}, {@link #interact}, {@link #feed}) give
 *       up after {@link AdapterContext#callTimeout()} with {@link NetworkException}.
 *   <li>Feeds are in {@link FeedPosition} order (newest first, ties by post id), a page's cursor
 *       continues strictly after its last item, and any cursor made by
 *       {@link FeedPosition#toCursor()} is accepted.
 *   <li>{@link #close()} is idempotent; any other call after it throws {@link ClosedException}.
 *   <li>Implementations are thread-safe.
 * </ul>
 */
public interface ProtocolAdapter extends AutoCloseable {
  /** The protocol this adapter speaks. */
  Protocol protocol();

  /** What this adapter can do; an immutable set that does not change over the adapter's life. */
  Set<Capability> capabilities();

  /** Shorthand for {@code capabilities().contains(capability)}. */
  default boolean supports(Capability capability) {
    return capabilities().contains(capability);
  }

  /**
   * True if {@code handleOrId} has the form of a handle or id of this protocol (e.g.
   * {@code @user@host} or an {@code https} actor URI for ActivityPub, {@code @...=.ed25519} for SSB).
   * Pure syntax: no I/O, never throws.
   */
  boolean recognizes(String handleOrId);

  /** Starts background work (listeners, replication) and begins emitting events. */
  void start(AdapterContext context);

  /**
   * Looks up an identity by handle or id. Needs {@link Capability#RESOLVE_HANDLE}.
   *
   * @throws NotFoundException if nobody has that handle or id
   * @throws InvalidInputException if {@link #recognizes} is false for it
   */
  Identity resolve(String handleOrId);

  /**
   * Publishes {@code draft} as {@code author}. Needs {@link PostDraft#requiredCapabilities()}; the
   * author must be on this protocol.
   *
   * @return the published post with its protocol id
   */
  Post publish(LocalIdentity author, PostDraft draft);

  /**
   * Performs {@code interaction} as {@code actor}. Needs
   * {@link Interaction#requiredCapabilities()}; the actor and the target must be on this protocol.
   */
  Receipt interact(LocalIdentity actor, Interaction interaction);

  /** One page of a feed. Needs {@link FeedQuery#capability()}. */
  FeedPage<Post> feed(FeedQuery query);

  /** Stops background work and releases resources. Idempotent; does not throw checked exceptions. */
  @Override
  void close();
}
