package social.kith.ssb.adapter;

import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoredMessage;

/**
 * The seam between {@link SsbAdapter} and whatever moves messages between peers (the secret
 * handshake, muxrpc and replication in a networking peer, or a test double that copies messages
 * between two stores). The network writes what it receives into the shared {@link SsbStore} (which
 * validates every message) and then reports it through {@link Context#newMessages()}; the adapter
 * indexes it and emits events. The adapter reports what it publishes through {@link #published}, so
 * that a live replication stream can push it at once.
 *
 * <p>{@link #NONE} is the default: no network, so the adapter sees only what it publishes and what
 * others append to its store. Implementations must be thread-safe; they may call
 * {@link Context#newMessages()} from any thread, and must not call it after {@link #close()} returns.
 */
public interface SsbNetwork {
  /** No network: starts nothing, reports nothing. */
  SsbNetwork NONE = new SsbNetwork() {
    @Override
    public void start(Context context) {
      Objects.requireNonNull(context, "context");
    }

    @Override
    public void close() {
      // Nothing was started.
    }

    @Override
    public String toString() {
      return "SsbNetwork.NONE";
    }
  };

  /**
   * Starts networking; called once by {@link SsbAdapter#start}. Failing here fails the adapter's
   * start (with {@link social.kith.core.NetworkException}).
   */
  void start(Context context);

  /**
   * A message the node's own identities just published and stored; push it to live peers. Called
   * on the publishing thread after the store accepted it; must not block for long. The default does
   * nothing (a network that polls the store does not need it).
   */
  default void published(StoredMessage message) {
    Objects.requireNonNull(message, "message");
  }

  /** Stops networking and releases its resources; called once by {@link SsbAdapter#close()}. */
  void close();

  /**
   * What the adapter hands the network when it starts.
   *
   * @param keys the node's key pair (the secret handshake's identity); private key material, never log it
   * @param store where received messages go; it validates each and refuses forks
   * @param executor for background work; owned by the application, never shut down by the network
   * @param clock the adapter's time source
   * @param newMessages call with the messages appended to {@code store} after they were appended;
   *     it returns quickly and never throws because of a listener
   * @param blobs the adapter's blob store, when it has one (a network serves and fills it)
   */
  record Context(SsbKeyPair keys, SsbStore store, Executor executor, InstantSource clock,
      Consumer<List<StoredMessage>> newMessages, Optional<BlobStore> blobs) {
    public Context {
      Objects.requireNonNull(keys, "keys");
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(executor, "executor");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(newMessages, "newMessages");
      Objects.requireNonNull(blobs, "blobs");
    }

    /** A context without a blob store. */
    public Context(SsbKeyPair keys, SsbStore store, Executor executor, InstantSource clock,
        Consumer<List<StoredMessage>> newMessages) {
      this(keys, store, executor, clock, newMessages, Optional.empty());
    }

    /** Names the node's feed only; the key pair is never shown. */
    @Override
    public String toString() {
      return "SsbNetwork.Context[" + keys.id() + ", " + store + "]";
    }
  }
}
