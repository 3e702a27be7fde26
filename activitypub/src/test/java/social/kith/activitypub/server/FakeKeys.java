package social.kith.activitypub.server;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import social.kith.activitypub.fetch.FetchError;
import social.kith.activitypub.fetch.FetchException;
import social.kith.activitypub.fetch.ResolvedKey;

/** A key lookup over known remotes; counts lookups so tests can prove none happened. */
public final class FakeKeys implements KeyLookup {
  private final Map<URI, ResolvedKey> keys = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private final Map<URI, Integer> gone = new ConcurrentHashMap<>();

  public FakeKeys add(FakeRemote remote) {
    keys.put(remote.keyId(), remote.resolved());
    return this;
  }

  /** Registers {@code remote}'s key as owned by {@code owner} (what a lying key document would claim). */
  public FakeKeys addOwnedBy(FakeRemote remote, URI owner) {
    ResolvedKey k = remote.resolved();
    keys.put(remote.keyId(), new ResolvedKey(owner, k.keyId(), k.publicKeyPem(), k.key()));
    return this;
  }

  /** Makes {@code remote}'s key answer with HTTP {@code status} (a deleted actor: 404 or 410). */
  public FakeKeys gone(FakeRemote remote, int status) {
    gone.put(remote.keyId(), status);
    return this;
  }

  public int lookups() {
    return lookups.get();
  }

  @Override
  public ResolvedKey resolve(URI keyId) {
    lookups.incrementAndGet();
    Integer status = gone.get(keyId);
    if (status != null) {
      throw FetchException.status(keyId, status);
    }
    ResolvedKey k = keys.get(keyId);
    if (k == null) {
      throw new FetchException(FetchError.KEY_NOT_OWNED, keyId, "unknown key");
    }
    return k;
  }
}
