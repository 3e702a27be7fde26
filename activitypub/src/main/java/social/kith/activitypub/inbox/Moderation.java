package social.kith.activitypub.inbox;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's moderation lists, changeable while it runs. A blocked domain covers its subdomains
 * and is refused before the body is parsed or a key is fetched (403). A blocked actor is refused
 * after its signature verified (403). A muted actor's activities are processed (follows, deletes)
 * but raise no post, mention, like or share events. Thread-safe.
 */
public final class Moderation {
  private final Set<String> blockedDomains = ConcurrentHashMap.newKeySet();
  private final Set<URI> blockedActors = ConcurrentHashMap.newKeySet();
  private final Set<URI> mutedActors = ConcurrentHashMap.newKeySet();

  /** Blocks {@code domain} and its subdomains. */
  public Moderation blockDomain(String domain) {
    blockedDomains.add(normalize(domain));
    return this;
  }

  public Moderation unblockDomain(String domain) {
    blockedDomains.remove(normalize(domain));
    return this;
  }

  public Moderation blockActor(URI actor) {
    blockedActors.add(Objects.requireNonNull(actor, "actor"));
    return this;
  }

  public Moderation unblockActor(URI actor) {
    blockedActors.remove(actor);
    return this;
  }

  public Moderation mute(URI actor) {
    mutedActors.add(Objects.requireNonNull(actor, "actor"));
    return this;
  }

  public Moderation unmute(URI actor) {
    mutedActors.remove(actor);
    return this;
  }

  /** True if {@code host} or one of its parent domains is blocked. */
  public boolean isDomainBlocked(String host) {
    if (host == null || blockedDomains.isEmpty()) {
      return false;
    }
    String h = normalize(host);
    while (true) {
      if (blockedDomains.contains(h)) {
        return true;
      }
      int dot = h.indexOf('.');
      if (dot < 0) {
        return false;
      }
      h = h.substring(dot + 1);
    }
  }

  /** True if the host of {@code uri} is blocked. */
  public boolean isDomainBlocked(URI uri) {
    return uri != null && isDomainBlocked(uri.getHost());
  }

  public boolean isActorBlocked(URI actor) {
    return blockedActors.contains(actor) || isDomainBlocked(actor);
  }

  public boolean isMuted(URI actor) {
    return mutedActors.contains(actor);
  }

  private static String normalize(String domain) {
    String d = Objects.requireNonNull(domain, "domain").strip().toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    if (d.isEmpty()) {
      throw new IllegalArgumentException("empty domain");
    }
    return d;
  }

  @Override
  public String toString() {
    return "Moderation[" + blockedDomains.size() + " domains, " + blockedActors.size() + " actors blocked, "
        + mutedActors.size() + " muted]";
  }
}
