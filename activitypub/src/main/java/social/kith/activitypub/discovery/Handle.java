package social.kith.activitypub.discovery;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import social.kith.activitypub.fetch.Origin;

/**
 * A fediverse handle {@code @user@host} (RFC 7565 {@code acct:} URI). Parsing accepts
 * {@code @user@host}, {@code user@host} and {@code acct:user@host}; the host may carry a port. The
 * host is canonicalised by {@link Origin} (IDNA, lower case, no trailing dot), so
 * {@code @Alice@Example.COM.} and {@code acct:Alice@example.com} are the same handle; the user part
 * keeps its case but compares case-insensitively, as servers treat it.
 *
 * @param user the user part, 1 to {@value #MAX_USER} characters of {@code A-Z a-z 0-9 . _ ~ + -}
 * @param host the canonical host, with {@code :port} if not 443
 */
public record Handle(String user, String host) {
  /** The longest user part accepted. */
  public static final int MAX_USER = 128;

  public Handle {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(host, "host");
  }

  /**
   * Parses a handle.
   *
   * @throws DiscoveryException {@link DiscoveryError#INVALID_HANDLE} with a reason
   */
  public static Handle parse(String text) {
    if (text == null || text.isBlank()) {
      throw invalid("a handle is required, such as @alice@example.com");
    }
    String s = text.strip();
    if (s.length() > 512) {
      throw invalid("the handle is longer than 512 characters");
    }
    if (s.regionMatches(true, 0, "acct:", 0, 5)) {
      s = s.substring(5);
    } else if (s.startsWith("@")) {
      s = s.substring(1);
    }
    int at = s.indexOf('@');
    if (at < 0) {
      throw invalid("'" + text + "' has no @host part (expected @user@host)");
    }
    if (s.indexOf('@', at + 1) >= 0) {
      throw invalid("'" + text + "' has more than one @ after the user part");
    }
    String user = s.substring(0, at);
    String host = s.substring(at + 1);
    if (user.isEmpty() || user.length() > MAX_USER) {
      throw invalid("the user part must be 1 to " + MAX_USER + " characters");
    }
    for (int i = 0; i < user.length(); i++) {
      char c = user.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '~' || c == '+' || c == '-';
      if (!ok) {
        throw invalid("the user part contains '" + (c < 0x20 || c > 0x7e ? "\\u" + Integer.toHexString(c) : c)
            + "', which handles do not use");
      }
    }
    return new Handle(user, canonicalHost(host).orElseThrow(() -> invalid("'" + host + "' is not a valid host")));
  }

  /** The canonical {@code host[:port]} of {@code host}, or empty if it is not a host. */
  static Optional<String> canonicalHost(String host) {
    if (host.isEmpty() || host.length() > 260) {
      return Optional.empty();
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '@' || c == '\\' || c == '%' || c <= ' ') {
        return Optional.empty();
      }
    }
    return Origin.parse("https://" + host + "/").map(Origin::authority).filter(a -> !a.isEmpty());
  }

  /** {@code acct:user@host}. */
  public String acct() {
    return "acct:" + user + "@" + host;
  }

  /** True if {@code acct} (an {@code acct:} URI from a JRD) names this handle. */
  public boolean isNamedBy(String acct) {
    if (acct == null || !acct.regionMatches(true, 0, "acct:", 0, 5)) {
      return false;
    }
    try {
      Handle other = parse(acct);
      return other.user.equalsIgnoreCase(user) && other.host.equals(host);
    } catch (DiscoveryException e) {
      return false;
    }
  }

  /** The host without port, lower case. */
  public String hostName() {
    return Origin.parse("https://" + host + "/").orElseThrow().host();
  }

  private static DiscoveryException invalid(String why) {
    return new DiscoveryException(DiscoveryError.INVALID_HANDLE, why);
  }

  /** {@code @user@host}. */
  @Override
  public String toString() {
    return "@" + user + "@" + host.toLowerCase(Locale.ROOT);
  }
}
