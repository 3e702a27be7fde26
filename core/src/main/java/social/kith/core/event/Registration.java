package social.kith.core.event;

/** A listener's subscription; {@link #close()} stops deliveries. Idempotent. */
@FunctionalInterface
public interface Registration extends AutoCloseable {
  @Override
  void close();
}
