package social.kith.activitypub.fetch;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Decides whether Kith may contact a URL, a host name or an address (checklist items 41, 42 and
 * 47). The fetcher applies it three times per connection: to the URL before the request (scheme,
 * userinfo, host form, IP literals), to every address the {@link HostResolver} returns (one
 * refused address refuses the whole answer), and to the address of every socket it opens, so
 * that what is checked is what is connected to.
 *
 * <p>{@link #checkUrl(URI)} and {@link #resolve(String)} are also for applications that want to
 * vet a URL they are about to hand out (an avatar, an inbox); they do not make a later connection
 * trusted: the connection is checked again.
 */
public final class SsrfGuard {
  private final FetchPolicy policy;
  private final HostResolver resolver;

  public SsrfGuard(FetchPolicy policy, HostResolver resolver) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  public FetchPolicy policy() {
    return policy;
  }

  /**
   * Checks a URL without resolving it and returns it in canonical form (lower-case host,
   * punycode, IPv4-mapped IPv6 written as IPv4, no fragment).
   *
   * @throws FetchException {@link FetchError#INVALID_URL}, {@link FetchError#BLOCKED_SCHEME},
   *     {@link FetchError#BLOCKED_HOST} or {@link FetchError#BLOCKED_ADDRESS}
   */
  public URI checkUrl(URI uri) {
    return httpUrl(uri).uri();
  }

  /** As {@link #checkUrl(URI)}, for the fetcher: the OkHttp form of the URL. */
  HttpUrl httpUrl(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme == null || !uri.isAbsolute() || uri.isOpaque()) {
      if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
        throw new FetchException(FetchError.BLOCKED_SCHEME, uri, "only https URLs are fetched, not " + scheme + ":");
      }
      throw new FetchException(FetchError.INVALID_URL, uri, "not an absolute http(s) URL");
    }
    checkScheme(scheme, uri);
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      throw new FetchException(FetchError.INVALID_URL, uri, "the URL has no host");
    }
    if (authority.indexOf('@') >= 0) {
      throw new FetchException(FetchError.BLOCKED_HOST, uri, "URLs with userinfo (user@host) are refused");
    }
    if (authority.indexOf('%') >= 0) {
      throw new FetchException(FetchError.BLOCKED_HOST, uri,
          "percent-encoded hosts and IPv6 zone ids (fe80::1%eth0) are refused");
    }
    HttpUrl url = HttpUrl.parse(uri.toString());
    if (url == null) {
      throw new FetchException(FetchError.INVALID_URL, uri, "not a valid http(s) URL");
    }
    url = url.newBuilder().fragment(null).build();
    checkHost(url.host(), uri);
    return url;
  }

  /** Checks a redirect target or other already-parsed URL. */
  void checkHttpUrl(HttpUrl url, URI requested) {
    checkScheme(url.scheme(), requested);
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new FetchException(FetchError.BLOCKED_HOST, requested, "URLs with userinfo (user@host) are refused");
    }
    checkHost(url.host(), requested);
  }

  private void checkScheme(String scheme, URI uri) {
    if (scheme.equals("https")) {
      return;
    }
    if (scheme.equals("http")) {
      if (policy.allowsLoopbackAndPlainHttp()) {
        return;
      }
      throw new FetchException(FetchError.BLOCKED_SCHEME, uri, "plain http is refused; only https is fetched");
    }
    throw new FetchException(FetchError.BLOCKED_SCHEME, uri, "only https URLs are fetched, not " + scheme + ":");
  }

  private void checkHost(String host, URI uri) {
    Optional<InetAddress> literal = AddressPolicy.ipLiteral(host);
    if (literal.isPresent()) {
      refusal(literal.get()).ifPresent(reason -> {
        throw new FetchException(FetchError.BLOCKED_ADDRESS, uri, reason);
      });
      return;
    }
    if (host.indexOf(':') >= 0) {
      throw new FetchException(FetchError.BLOCKED_HOST, uri, "malformed IPv6 literal host");
    }
    hostRefusal(host).ifPresent(reason -> {
      throw new FetchException(FetchError.BLOCKED_HOST, uri, reason);
    });
  }

  /** Why {@code host} (a name, not a literal) may not be resolved, or empty. */
  Optional<String> hostRefusal(String host) {
    Optional<AddressPolicy.HostProblem> problem = AddressPolicy.hostProblem(host);
    if (problem.isEmpty()
        || (problem.get() == AddressPolicy.HostProblem.LOCALHOST && policy.allowsLoopbackAndPlainHttp())) {
      return Optional.empty();
    }
    switch (problem.get()) {
      case LOCALHOST:
        return Optional.of("host " + host + " is localhost");
      case HIDDEN_SERVICE:
        return Optional.of("host " + host + " is a hidden service (.onion/.i2p), which Kith does not reach");
      case LOCAL_NAME:
        return Optional.of("host " + host + " is a local-network name");
      case NON_CANONICAL_IP:
        return Optional.of("host " + host
            + " ends in a number: a non-canonical IPv4 literal (integer, octal or hex) or an invalid name");
      default:
        return Optional.of("host name " + host + " is malformed");
    }
  }

  /** Why Kith may not connect to {@code address}, or empty when it may. */
  public Optional<String> refusal(InetAddress address) {
    Optional<AddressPolicy.Range> range = AddressPolicy.specialUse(address);
    if (range.isEmpty()) {
      return Optional.empty();
    }
    AddressPolicy.Range r = range.get();
    if (r == AddressPolicy.Range.LOOPBACK && policy.allowsLoopbackAndPlainHttp()) {
      return Optional.empty();
    }
    if (r == AddressPolicy.Range.DOCUMENTATION && policy.allowsDocumentationRanges()) {
      return Optional.empty();
    }
    return Optional.of("address " + address.getHostAddress() + " is special-use (" + r + ")");
  }

  /**
   * Resolves {@code host} through the resolver and checks every address.
   *
   * @throws FetchException {@link FetchError#BLOCKED_HOST} or {@link FetchError#BLOCKED_ADDRESS}
   *     if the name or any address is refused, {@link FetchError#CONNECTION_FAILED} if it does not
   *     resolve
   */
  public List<InetAddress> resolve(String host) {
    URI where = URI.create("https://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + "/");
    try {
      return resolveChecked(host);
    } catch (GuardRefusal e) {
      throw new FetchException(e.error(), where, e.getMessage());
    } catch (UnknownHostException e) {
      throw new FetchException(FetchError.CONNECTION_FAILED, where, "host " + host + " does not resolve", e);
    }
  }

  /** The checked answer for the OkHttp {@code Dns} seam: refusals are {@link GuardRefusal}s. */
  List<InetAddress> resolveChecked(String rawHost) throws UnknownHostException {
    String host = rawHost.toLowerCase(Locale.ROOT);
    Optional<InetAddress> literal = AddressPolicy.ipLiteral(host);
    if (literal.isPresent()) {
      Optional<String> refused = refusal(literal.get());
      if (refused.isPresent()) {
        throw new GuardRefusal(FetchError.BLOCKED_ADDRESS, refused.get());
      }
      return List.of(literal.get());
    }
    Optional<String> badName = hostRefusal(host);
    if (badName.isPresent()) {
      throw new GuardRefusal(FetchError.BLOCKED_HOST, badName.get());
    }
    List<InetAddress> addresses = resolver.resolve(host);
    if (addresses == null || addresses.isEmpty()) {
      throw new UnknownHostException("host " + host + " has no addresses");
    }
    List<InetAddress> copy = List.copyOf(addresses);
    for (InetAddress a : copy) {
      Optional<String> refused = refusal(a);
      if (refused.isPresent()) {
        throw new GuardRefusal(FetchError.BLOCKED_ADDRESS,
            "host " + host + " resolves to a refused address: " + refused.get());
      }
    }
    return copy;
  }

  /** A refusal raised inside OkHttp (DNS or socket), unwrapped by the fetcher into a {@link FetchException}. */
  static final class GuardRefusal extends UnknownHostException {
    private static final long serialVersionUID = 1L;
    private final FetchError error;

    GuardRefusal(FetchError error, String message) {
      super(message);
      this.error = error;
    }

    FetchError error() {
      return error;
    }
  }
}
