package social.kith.core.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import social.kith.core.event.Event;
import social.kith.core.event.EventSink;

/** Keeps every event emitted to it, for assertions. Thread-safe. */
public final class RecordingEventSink implements EventSink {
  private final List<Event> events = new CopyOnWriteArrayList<>();

  @Override
  public void emit(Event event) {
    events.add(event);
  }

  /** A snapshot of what arrived so far, in order. */
  public List<Event> events() {
    return List.copyOf(events);
  }

  /** Events of one kind. */
  public <T extends Event> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
