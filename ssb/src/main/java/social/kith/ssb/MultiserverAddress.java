package social.kith.ssb;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import social.kith.ssb.internal.RefText;

/**
 * A multiserver address ({@code net:host:port~shs:<base64 key>}, several joined by {@code ;}), in
 * the grammar of the multiserver-address package: protocol names {@code [a-z][a-z0-9-]+}, data in
 * printable ASCII with {@code !} escaping {@code !}, {@code ~}, {@code :} and {@code ;}. Immutable.
 */
public record MultiserverAddress(List<Address> addresses) {
  /** The longest address text accepted. */
  public static final int MAX_LENGTH = 4096;

  public MultiserverAddress {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("a multiserver address has at least one address");
    }
  }

  /** One address: a transport followed by transforms, e.g. {@code net:host:port} then {@code shs:key}. */
  public record Address(List<Protocol> protocols) {
    public Address {
      protocols = List.copyOf(protocols);
      if (protocols.isEmpty()) {
        throw new IllegalArgumentException("an address has at least one protocol");
      }
    }

    @Override
    public String toString() {
      return String.join("~", protocols.stream().map(Protocol::toString).toList());
    }
  }

  /** One protocol: a name and its (unescaped) data fields. */
  public record Protocol(String name, List<String> data) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z\\-0-9]+");

    public Protocol {
      Objects.requireNonNull(name, "name");
      data = List.copyOf(data);
      if (!NAME.matcher(name).matches()) {
        throw new SsbException(SsbError.INVALID_ADDRESS, "bad protocol name " + RefText.preview(name));
      }
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(name);
      for (String d : data) {
        sb.append(':');
        for (int i = 0; i < d.length(); i++) {
          char c = d.charAt(i);
          if (c == '!' || c == '~' || c == ':' || c == ';') {
            sb.append('!');
          }
          sb.append(c);
        }
      }
      return sb.toString();
    }
  }

  /** An address usable with the secret handshake: host, port and the peer's feed id. */
  public record ShsAddress(String host, int port, FeedId key) {
    /** The canonical multiserver text, as ssb-ref's {@code toMultiServerAddress} writes it. */
    public String toMultiserver() {
      String prefix = host.startsWith("ws:") || host.startsWith("wss:") ? host
          : host.endsWith(".onion") ? "onion:" + host : "net:" + host;
      String k = key.toString();
      return prefix + ":" + port + "~shs:" + k.substring(1, 45);
    }
  }

  /** Parses the text; {@link SsbError#INVALID_ADDRESS} if it does not follow the grammar. */
  public static MultiserverAddress parse(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      throw new SsbException(SsbError.INVALID_ADDRESS, "empty or too long multiserver address");
    }
    List<Address> addresses = new ArrayList<>();
    List<Protocol> protocols = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    String name = null;
    int n = text.length();
    for (int i = 0; i <= n; i++) {
      char c = i < n ? text.charAt(i) : ';';
      if (c == '!' && i + 1 < n && "!~:;".indexOf(text.charAt(i + 1)) >= 0) {
        if (name == null) {
          throw bad(text);
        }
        current.append(text.charAt(++i));
      } else if (c == ':' || c == '~' || c == ';') {
        if (name == null) {
          name = current.toString();
        } else {
          fields.add(current.toString());
        }
        current.setLength(0);
        if (c != ':') {
          try {
            protocols.add(new Protocol(name, fields));
          } catch (SsbException e) {
            throw bad(text);
          }
          name = null;
          fields.clear();
          if (c == ';') {
            addresses.add(new Address(protocols));
            protocols.clear();
          }
        }
      } else if ((c >= '"' && c <= '9') || (c >= '<' && c <= '}')) {
        current.append(c);
      } else {
        throw bad(text);
      }
    }
    return new MultiserverAddress(addresses);
  }

  private static SsbException bad(String text) {
    return new SsbException(SsbError.INVALID_ADDRESS, "not a multiserver address: " + RefText.preview(text));
  }

  /** Whether {@code text} follows the grammar. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (SsbException e) {
      return false;
    }
  }

  /**
   * The first {@code net}/{@code ws}/{@code wss}/{@code onion} address with an {@code shs} transform,
   * a valid host and port and a valid key (ssb-ref's {@code parseMultiServerAddress}).
   */
  public Optional<ShsAddress> shs() {
    for (Address a : addresses) {
      if (a.protocols().size() < 2) {
        continue;
      }
      Protocol transport = a.protocols().get(0);
      Protocol transform = a.protocols().get(1);
      if (!transport.name().matches("net|wss?|onion") || !transform.name().startsWith("shs")) {
        continue;
      }
      // ssb-ref decides on the first matching address only.
      List<String> d = transport.data();
      if (d.isEmpty() || transform.data().isEmpty()) {
        return Optional.empty();
      }
      String portText = d.get(d.size() - 1);
      String host = (transport.name().startsWith("ws") ? transport.name() + ":" : "")
          + String.join(":", d.subList(0, d.size() - 1));
      Optional<FeedId> key = parseKey(transform.data().get(0));
      int port = parsePort(portText);
      if (key.isEmpty() || port < 0 || !Hosts.isHost(host)) {
        return Optional.empty();
      }
      return Optional.of(new ShsAddress(host, port, key.get()));
    }
    return Optional.empty();
  }

  /** The key of the first {@code shs*} transform anywhere in the address (ssb-ref's {@code getKeyFromAddress}). */
  public Optional<FeedId> shsKey() {
    for (Address a : addresses) {
      for (Protocol p : a.protocols()) {
        if (p.name().startsWith("shs") && !p.data().isEmpty()) {
          return parseKey(p.data().get(0));
        }
      }
    }
    return Optional.empty();
  }

  static Optional<FeedId> parseKey(String base64) {
    String id = "@" + base64 + ".ed25519";
    return FeedId.isValid(id) ? Optional.of(FeedId.parse(id)) : Optional.empty();
  }

  /** {@code +text} as a port ({@code Number.isInteger(p) && p <= 65536}), or -1. */
  static int parsePort(String text) {
    if (!text.matches("[0-9]{1,5}")) {
      return text.isEmpty() ? 0 : -1;
    }
    int p = Integer.parseInt(text);
    return p <= 65536 ? p : -1;
  }

  @Override
  public String toString() {
    return String.join(";", addresses.stream().map(Address::toString).toList());
  }

  /** Host checks of ssb-ref: an IPv4 or IPv6 literal, a domain name, or {@code localhost}. */
  static final class Hosts {
    private Hosts() {}

    private static final Pattern V4 = Pattern.compile("^(\\d{1,3}\\.){3,3}\\d{1,3}$");
    private static final Pattern V6 = Pattern.compile(
        "^(::)?(((\\d{1,3}\\.){3}(\\d{1,3}){1})?([0-9a-f]){0,4}:{0,2}){1,8}(::)?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_-]+");
    private static final Pattern LAST_LABEL = Pattern.compile("[a-z0-9-]+");
    private static final Pattern TLD = Pattern.compile("(?:xn--)?(?!\\d+$)[a-z0-9]+");

    static boolean isHost(String host) {
      String h = host.replaceFirst("^wss?://", "");
      if (h.length() > 253 + 1) {
        return false;
      }
      return V4.matcher(h).matches() || V6.matcher(h).matches() || isDomain(h) || h.equals("localhost");
    }

    static boolean isDomain(String value) {
      String v = value.toLowerCase(java.util.Locale.ROOT);
      if (v.endsWith(".")) {
        v = v.substring(0, v.length() - 1);
      }
      if (v.length() > 253 || !v.matches("[a-z0-9\\-._*]+")) {
        return false;
      }
      String[] labels = v.split("\\.", -1);
      if (labels.length <= 1 || !TLD.matcher(labels[labels.length - 1]).matches()) {
        return false;
      }
      for (int i = 0; i < labels.length - 1; i++) {
        String label = labels[i];
        boolean last = i == labels.length - 2;
        if (!(last ? LAST_LABEL : LABEL).matcher(label).matches() || label.length() >= 64
            || label.startsWith("-") || label.endsWith("-")) {
          return false;
        }
        int doubleDash = label.split("--", -1).length - 1;
        int xn = label.split("xn--", -1).length - 1;
        if (doubleDash != xn) {
          return false;
        }
      }
      return true;
    }
  }
}
