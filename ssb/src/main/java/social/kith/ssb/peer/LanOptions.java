package social.kith.ssb.peer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where LAN discovery listens and broadcasts. {@link #DEFAULT} is ssb-local's: UDP port 8008, broadcast
 * to 255.255.255.255 once a second, listening on every interface. Tests use a free port with
 * {@code 127.255.255.255} and {@code 127.0.0.1} so that nothing leaves the machine.
 *
 * @param port the UDP port announcements are sent to and received on
 * @param broadcast where announcements go
 * @param bind the local address the UDP socket binds to (the wildcard address receives broadcasts)
 * @param interval time between two announcements of our own address
 * @param connect whether discovered peers are dialled (else they are only reported)
 */
public record LanOptions(int port, InetAddress broadcast, InetAddress bind, Duration interval, boolean connect) {
  /** ssb-local's defaults, dialling discovered peers. */
  public static final LanOptions DEFAULT = new LanOptions(8008, address("255.255.255.255"), address("0.0.0.0"),
      Duration.ofSeconds(1), true);

  public LanOptions {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in [1, 65535], was " + port);
    }
    Objects.requireNonNull(broadcast, "broadcast");
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(interval, "interval");
    if (interval.toMillis() < 10 || interval.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("interval must be in [10 ms, 1 h], was " + interval);
    }
  }

  /** Only the loopback network: broadcast to 127.255.255.255 on {@code port}, for tests and single-machine setups. */
  public static LanOptions loopback(int port) {
    return new LanOptions(port, address("127.255.255.255"), address("0.0.0.0"), Duration.ofMillis(200), true);
  }

  public LanOptions withConnect(boolean on) {
    return new LanOptions(port, broadcast, bind, interval, on);
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: no name lookup
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
