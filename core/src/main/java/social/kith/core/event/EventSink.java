package social.kith.core.event;

/**
 * Where an adapter reports what arrives. {@link #emit} never blocks and never throws because of a
 * listener or a slow subscriber, so an adapter can call it from its I/O threads.
 */
@FunctionalInterface
public interface EventSink {
  /** Hands {@code event} to whoever listens; returns at once. */
  void emit(Event event);

  /** A sink that drops every event, for adapters used without a client. */
  EventSink DISCARD = event -> { };
}
