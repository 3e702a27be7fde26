package social.kith.activitypub.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves a host name to addresses: the DNS seam of the fetcher. Every address it returns is
 * checked by {@link SsrfGuard}, and the fetcher connects only to addresses from the same answer,
 * so a resolver that changes its answer between calls (DNS rebinding) cannot slip a private
 * address past the check. Tests inject a fake; {@link #SYSTEM} uses the JDK resolver.
 */
@FunctionalInterface
public interface HostResolver {
  /** The JDK's resolver ({@link InetAddress#getAllByName}). */
  HostResolver SYSTEM = host -> Arrays.asList(InetAddress.getAllByName(host));

  /**
   * All addresses of {@code host} (a lower-case ASCII name, never an IP literal).
   *
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
