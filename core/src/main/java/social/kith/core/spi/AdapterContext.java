package social.kith.core.spi;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import social.kith.core.event.EventSink;
import social.kith.core.internal.Checks;

/**
 * What the client hands an adapter when it starts: where to report events, the clock to read
 * (never {@code Instant.now()}), the executor for background work (the adapter does not own it,
 * so it never shuts it down), the logger name, and the deadline for one blocking call.
 *
 * @param events where to emit what arrives
 * @param clock the time source for timestamps and time windows
 * @param executor for background work; owned by the caller
 * @param loggerName the {@link System.Logger} name the adapter logs under
 * @param callTimeout how long one blocking call ({@code resolve}, {@code publish}, ...) may take
 *     before the adapter gives up with {@link social.kith.core.NetworkException}
 */
public record AdapterContext(EventSink events, InstantSource clock, Executor executor, String loggerName,
    Duration callTimeout) {
  public AdapterContext {
    Checks.present(events, "events");
    Checks.present(clock, "clock");
    Checks.present(executor, "executor");
    Checks.word(loggerName, "logger name", 200);
    Checks.present(callTimeout, "call timeout");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("call timeout must be positive");
    }
  }

  /** The adapter's logger. */
  public System.Logger logger() {
    return System.getLogger(loggerName);
  }
}
