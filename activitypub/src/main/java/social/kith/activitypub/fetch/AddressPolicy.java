package social.kith.activitypub.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The special-use address and host table that Kith never fetches from (checklist items 41 and 47).
 * Pure functions over address bytes and canonical host names; {@link SsrfGuard} applies them to
 * every URL, every resolved address and every socket actually opened.
 *
 * <p>IPv4: {@code 0/8}, {@code 10/8}, {@code 100.64/10}, {@code 127/8}, {@code 169.254/16},
 * {@code 172.16/12}, {@code 192.0.0/24}, {@code 192.0.2/24}, {@code 192.31.196/24},
 * {@code 192.52.193/24}, {@code 192.88.99/24}, {@code 192.168/16}, {@code 192.175.48/24},
 * {@code 198.18/15}, {@code 198.51.100/24}, {@code 203.0.113/24}, {@code 224/4} and {@code 240/4}
 * (which holds {@code 255.255.255.255}).
 *
 * <p>IPv6: everything outside {@code 2000::/3} (the only global unicast block: this covers
 * {@code ::}, {@code ::1}, the deprecated IPv4-compatible {@code ::/96}, {@code 100::/64},
 * {@code fc00::/7}, {@code fe80::/10}, {@code fec0::/10}, {@code ff00::/8} and unallocated space),
 * and inside it {@code 2001::/23} (IETF protocol assignments, Teredo {@code 2001::/32} among
 * them), {@code 2001:db8::/32} and {@code 3fff::/20} (documentation). Addresses that embed an
 * IPv4 address are judged by it: IPv4-mapped {@code ::ffff:0:0/96}, the well-known NAT64 prefix
 * {@code 64:ff9b::/96} (so {@code 64:ff9b::8.8.8.8} is allowed and {@code 64:ff9b::7f00:1} is
 * not), and 6to4 {@code 2002::/16}. The local-use NAT64 prefix {@code 64:ff9b:1::/48} is refused.
 *
 * <p>Hosts: {@code localhost} and {@code *.localhost}, the hidden-service names {@code .onion} and
 * {@code .i2p} (Kith has no Tor or I2P transport, so they are always refused), the link-local
 * names {@code .local} and {@code .home.arpa}, and any host whose last label is a number: the
 * integer, octal and hex IPv4 spellings ({@code 2130706433}, {@code 0177.0.0.1},
 * {@code 0x7f.1}, {@code 127.1}) that some resolvers turn into an address. Only canonical dotted
 * quads are treated as IPv4 literals.
 */
public final class AddressPolicy {
  private AddressPolicy() {}

  /** Why an address is not a public unicast destination. */
  public enum Range {
    /** {@code 0.0.0.0/8} ("this network") and {@code ::}. */
    UNSPECIFIED,
    /** {@code 127/8}, {@code ::1}. */
    LOOPBACK,
    /** RFC 1918 {@code 10/8}, {@code 172.16/12}, {@code 192.168/16}; local-use NAT64 {@code 64:ff9b:1::/48}. */
    PRIVATE,
    /** Carrier-grade NAT {@code 100.64/10}. */
    SHARED_ADDRESS,
    /** {@code 169.254/16} (cloud metadata lives here), {@code fe80::/10}. */
    LINK_LOCAL,
    /** Deprecated IPv6 site-local {@code fec0::/10}. */
    SITE_LOCAL,
    /** IPv6 unique local {@code fc00::/7}. */
    UNIQUE_LOCAL,
    /** {@code 192.0.0/24}, {@code 2001::/23} except Teredo. */
    PROTOCOL_ASSIGNMENTS,
    /** Teredo {@code 2001::/32}: the real peer hides behind a relay. */
    TEREDO,
    /** Anycast service blocks: AS112, AMT, the retired 6to4 relay {@code 192.88.99/24}. */
    ANYCAST_SERVICE,
    /** {@code 192.0.2/24}, {@code 198.51.100/24}, {@code 203.0.113/24}, {@code 2001:db8::/32}, {@code 3fff::/20}. */
    DOCUMENTATION,
    /** {@code 198.18/15}. */
    BENCHMARKING,
    /** {@code 224/4}, {@code ff00::/8}. */
    MULTICAST,
    /** {@code 240/4} (with the limited broadcast address), and IPv6 outside {@code 2000::/3}. */
    RESERVED,
    /** The deprecated IPv4-compatible IPv6 block {@code ::/96}. */
    IPV4_COMPATIBLE,
    /** The IPv6 discard prefix {@code 100::/64}. */
    DISCARD
  }

  /** Why a host name is refused before any resolution. */
  public enum HostProblem {
    /** {@code localhost} or a name under it. */
    LOCALHOST,
    /** {@code .onion} or {@code .i2p}. */
    HIDDEN_SERVICE,
    /** {@code .local} (mDNS) or {@code .home.arpa}. */
    LOCAL_NAME,
    /** The last label is a number: an integer, octal or hex IPv4 spelling, or an invalid name. */
    NON_CANONICAL_IP,
    /** Empty, too long, or with an empty label. */
    MALFORMED
  }

  /** The special-use range of {@code address}, or empty for a public unicast address. */
  public static Optional<Range> specialUse(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return v4(b);
    }
    if (address instanceof Inet6Address) {
      return v6(b);
    }
    return Optional.of(Range.RESERVED);
  }

  /** The special-use range of the raw 4- or 16-byte address. */
  public static Optional<Range> specialUse(byte[] address) {
    if (address.length == 4) {
      return v4(address);
    }
    if (address.length == 16) {
      return v6(address);
    }
    throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
  }

  private static Optional<Range> v4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    Range r = null;
    if (a0 == 0) {
      r = Range.UNSPECIFIED;
    } else if (a0 == 10) {
      r = Range.PRIVATE;
    } else if (a0 == 100 && (a1 & 0xc0) == 64) {
      r = Range.SHARED_ADDRESS;
    } else if (a0 == 127) {
      r = Range.LOOPBACK;
    } else if (a0 == 169 && a1 == 254) {
      r = Range.LINK_LOCAL;
    } else if (a0 == 172 && (a1 & 0xf0) == 16) {
      r = Range.PRIVATE;
    } else if (a0 == 192 && a1 == 0 && a2 == 0) {
      r = Range.PROTOCOL_ASSIGNMENTS;
    } else if (a0 == 192 && a1 == 0 && a2 == 2) {
      r = Range.DOCUMENTATION;
    } else if (a0 == 192 && ((a1 == 31 && a2 == 196) || (a1 == 52 && a2 == 193)
        || (a1 == 88 && a2 == 99) || (a1 == 175 && a2 == 48))) {
      r = Range.ANYCAST_SERVICE;
    } else if (a0 == 192 && a1 == 168) {
      r = Range.PRIVATE;
    } else if (a0 == 198 && (a1 == 18 || a1 == 19)) {
      r = Range.BENCHMARKING;
    } else if ((a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
      r = Range.DOCUMENTATION;
    } else if ((a0 & 0xf0) == 224) {
      r = Range.MULTICAST;
    } else if ((a0 & 0xf0) == 240) {
      r = Range.RESERVED;
    }
    return Optional.ofNullable(r);
  }

  private static Optional<Range> v6(byte[] b) {
    boolean first80Zero = true;
    for (int i = 0; i < 10; i++) {
      first80Zero &= b[i] == 0;
    }
    if (first80Zero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return v4(slice(b, 12)); // IPv4-mapped
    }
    if (first80Zero && b[10] == 0 && b[11] == 0) {
      boolean zeroTo14 = b[12] == 0 && b[13] == 0 && b[14] == 0;
      if (zeroTo14 && b[15] == 0) {
        return Optional.of(Range.UNSPECIFIED);
      }
      if (zeroTo14 && b[15] == 1) {
        return Optional.of(Range.LOOPBACK);
      }
      return Optional.of(Range.IPV4_COMPATIBLE);
    }
    int w0 = word(b, 0);
    int w1 = word(b, 2);
    int w2 = word(b, 4);
    if (w0 == 0x0064 && w1 == 0xff9b) {
      boolean wkp = w2 == 0;
      for (int i = 6; i < 12; i++) {
        wkp &= b[i] == 0;
      }
      if (wkp) {
        return v4(slice(b, 12)); // NAT64 well-known prefix: judged by the embedded IPv4 address
      }
      if (w2 == 1) {
        return Optional.of(Range.PRIVATE); // 64:ff9b:1::/48 local-use NAT64
      }
      return Optional.of(Range.RESERVED);
    }
    if ((w0 & 0xe000) != 0x2000) {
      if ((w0 & 0xfe00) == 0xfc00) {
        return Optional.of(Range.UNIQUE_LOCAL);
      }
      if ((w0 & 0xffc0) == 0xfe80) {
        return Optional.of(Range.LINK_LOCAL);
      }
      if ((w0 & 0xffc0) == 0xfec0) {
        return Optional.of(Range.SITE_LOCAL);
      }
      if ((w0 & 0xff00) == 0xff00) {
        return Optional.of(Range.MULTICAST);
      }
      if (w0 == 0x0100 && w1 == 0 && w2 == 0 && word(b, 6) == 0) {
        return Optional.of(Range.DISCARD);
      }
      return Optional.of(Range.RESERVED);
    }
    if (w0 == 0x2001 && w1 == 0x0db8) {
      return Optional.of(Range.DOCUMENTATION);
    }
    if (w0 == 0x2001 && w1 == 0) {
      return Optional.of(Range.TEREDO);
    }
    if (w0 == 0x2001 && w1 < 0x0200) {
      return Optional.of(Range.PROTOCOL_ASSIGNMENTS);
    }
    if (w0 == 0x3fff && (w1 & 0xf000) == 0) {
      return Optional.of(Range.DOCUMENTATION);
    }
    if (w0 == 0x2002) {
      return v4(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4: judged by the embedded IPv4 address
    }
    return Optional.empty();
  }

  private static int word(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  private static byte[] slice(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
  }

  /**
   * The problem with a host name (lower-case ASCII, as OkHttp canonicalises it), or empty when it
   * may be resolved. IP literals are not names: test them with {@link #ipLiteral(String)} first.
   */
  public static Optional<HostProblem> hostProblem(String asciiHost) {
    String h = asciiHost.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.isEmpty() || h.length() > 253 || h.startsWith(".") || h.contains("..")) {
      return Optional.of(HostProblem.MALFORMED);
    }
    String last = h.substring(h.lastIndexOf('.') + 1);
    if (isNumericLabel(last)) {
      return Optional.of(HostProblem.NON_CANONICAL_IP);
    }
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return Optional.of(HostProblem.LOCALHOST);
    }
    if (last.equals("onion") || last.equals("i2p")) {
      return Optional.of(HostProblem.HIDDEN_SERVICE);
    }
    if (last.equals("local") || h.equals("home.arpa") || h.endsWith(".home.arpa")) {
      return Optional.of(HostProblem.LOCAL_NAME);
    }
    return Optional.empty();
  }

  /** WHATWG "ends in a number": all decimal digits, or {@code 0x} followed by hex digits. */
  private static boolean isNumericLabel(String label) {
    if (label.isEmpty()) {
      return false;
    }
    int start = 0;
    boolean hex = false;
    if (label.length() >= 2 && label.charAt(0) == '0' && (label.charAt(1) == 'x' || label.charAt(1) == 'X')) {
      start = 2;
      hex = true;
    }
    for (int i = start; i < label.length(); i++) {
      char c = label.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      boolean hexDigit = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!(hex ? hexDigit : digit)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The address if {@code host} is an IP literal in canonical form: a dotted quad of decimal
   * numbers 0-255 without leading zeros, or an IPv6 address (with or without brackets, no zone
   * id). Empty for anything else, including non-canonical IPv4 spellings (see {@link #hostProblem}).
   */
  public static Optional<InetAddress> ipLiteral(String host) {
    String h = host;
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.indexOf(':') >= 0) {
      if (h.indexOf('%') >= 0) {
        return Optional.empty();
      }
      for (int i = 0; i < h.length(); i++) {
        char c = h.charAt(i);
        if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
          return Optional.empty();
        }
      }
      try {
        return Optional.of(InetAddress.getByName(h)); // a literal with ':' never reaches DNS
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return Optional.empty();
      }
      int v = 0;
      for (int k = 0; k < p.length(); k++) {
        char c = p.charAt(k);
        if (c < '0' || c > '9') {
          return Optional.empty();
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return Optional.empty();
      }
      b[i] = (byte) v;
    }
    try {
      return Optional.of(InetAddress.getByAddress(b));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
