package social.kith.activitypub.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.net.Proxy;
import javax.net.SocketFactory;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

/** The OkHttp seams through which {@link SsrfGuard} sees every lookup and every socket. */
final class GuardedNetwork {
  private GuardedNetwork() {}

  /**
   * The one way a Kith HTTP client is configured: the caller's client (or a new one) with DNS and
   * sockets through {@code guard}, no proxy (the guard must see the real destination), redirects left
   * to the caller (each hop is re-checked there) and the policy's timeouts and total deadline. Both the
   * fetcher and the poster start from here, so a change to the guard's wiring reaches both.
   */
  static OkHttpClient.Builder client(OkHttpClient base, SsrfGuard guard, FetchPolicy policy) {
    return (base != null ? base : new OkHttpClient()).newBuilder()
        .dns(new GuardedDns(guard))
        .socketFactory(new GuardedSocketFactory(guard))
        .proxy(Proxy.NO_PROXY)
        .followRedirects(false)
        .followSslRedirects(false)
        .connectTimeout(policy.connectTimeout())
        .readTimeout(policy.readTimeout())
        .writeTimeout(policy.readTimeout())
        .callTimeout(policy.deadline());
  }

  /** A {@code User-Agent} value: 1 to 256 printable ASCII characters (no header injection). */
  static String checkUserAgent(String userAgent) {
    java.util.Objects.requireNonNull(userAgent, "userAgent");
    if (userAgent.isBlank() || userAgent.length() > 256 || !userAgent.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("userAgent must be 1-256 printable ASCII characters");
    }
    return userAgent;
  }

  /** DNS through the guard: every address of the answer is checked, one refusal refuses all. */
  static final class GuardedDns implements Dns {
    private final SsrfGuard guard;

    GuardedDns(SsrfGuard guard) {
      this.guard = guard;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
      return guard.resolveChecked(hostname);
    }
  }

  /**
   * Plain sockets that check the address they are about to connect to, whatever produced it (a
   * literal URL, a DNS answer, a route retry). TLS is layered on top of these sockets by OkHttp,
   * so https is covered too.
   */
  static final class GuardedSocketFactory extends SocketFactory {
    private final SsrfGuard guard;

    GuardedSocketFactory(SsrfGuard guard) {
      this.guard = guard;
    }

    @Override
    public Socket createSocket() {
      return new GuardedSocket(guard);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      Socket s = createSocket();
      s.connect(new InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      Socket s = createSocket();
      s.bind(new InetSocketAddress(localHost, localPort));
      s.connect(new InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      Socket s = createSocket();
      s.connect(new InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      Socket s = createSocket();
      s.bind(new InetSocketAddress(localAddress, localPort));
      s.connect(new InetSocketAddress(address, port));
      return s;
    }
  }

  static final class GuardedSocket extends Socket {
    private final SsrfGuard guard;

    GuardedSocket(SsrfGuard guard) {
      this.guard = guard;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (!(endpoint instanceof InetSocketAddress) || ((InetSocketAddress) endpoint).isUnresolved()) {
        throw new SsrfGuard.GuardRefusal(FetchError.BLOCKED_ADDRESS, "refusing to connect to an unresolved endpoint");
      }
      InetAddress address = ((InetSocketAddress) endpoint).getAddress();
      Optional<String> refused = guard.refusal(address);
      if (refused.isPresent()) {
        throw new SsrfGuard.GuardRefusal(FetchError.BLOCKED_ADDRESS, "connection refused by the guard: " + refused.get());
      }
      super.connect(endpoint, timeout);
    }
  }
}
