package social.kith.core.event;

/**
 * Receives events. Called on the client's executor, one event at a time per listener and in the
 * order the bus accepted them. A listener that throws is logged and keeps receiving later events;
 * it never stops other listeners or the adapters.
 */
@FunctionalInterface
public interface EventListener {
  void onEvent(Event event);
}
