package social.kith.ssb.net;

import java.time.Duration;
import java.util.Objects;

/**
 * The time limits of a connection.
 *
 * @param connect TCP connect (default 10 s)
 * @param handshake the whole secret handshake, however the peer spreads its bytes (default 15 s)
 * @param idle silence after the handshake before the connection is dropped (default 10 min;
 *     ssb-server pings every 5 min)
 * @param write how long a send may wait for a peer that does not read (default 30 s)
 * @param stall how long reading pauses for a full stream buffer before that stream is dropped (default 30 s)
 */
public record NetTimeouts(Duration connect, Duration handshake, Duration idle, Duration write, Duration stall) {
  /** The defaults above. */
  public static final NetTimeouts DEFAULT = new NetTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(15),
      Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(30));

  public NetTimeouts {
    for (Duration d : new Duration[] {connect, handshake, idle, write, stall}) {
      Objects.requireNonNull(d, "timeout");
      if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("timeouts must be positive and under 24 days: " + d);
      }
    }
  }

  public NetTimeouts withConnect(Duration d) {
    return new NetTimeouts(d, handshake, idle, write, stall);
  }

  public NetTimeouts withHandshake(Duration d) {
    return new NetTimeouts(connect, d, idle, write, stall);
  }

  public NetTimeouts withIdle(Duration d) {
    return new NetTimeouts(connect, handshake, d, write, stall);
  }

  public NetTimeouts withWrite(Duration d) {
    return new NetTimeouts(connect, handshake, idle, d, stall);
  }

  public NetTimeouts withStall(Duration d) {
    return new NetTimeouts(connect, handshake, idle, write, d);
  }
}
