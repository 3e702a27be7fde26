package social.kith.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import social.kith.core.InvalidInputException;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Protocol;
import social.kith.core.testing.Eventually;
import social.kith.core.testing.RecordingLogHandler;

/** Drops go to the slow subscriber only; throwing listeners are isolated; close completes. */
final class EventBusTest {
  private static final IdentityId A = IdentityId.of(Protocol.SSB, "@a=.ed25519");
  private static final IdentityId B = IdentityId.of(Protocol.SSB, "@b=.ed25519");
  private final ExecutorService executor = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private static Event follow(int i) {
    return new Event.Followed(A, B, Instant.ofEpochSecond(i));
  }

  @Test
  void aSlowSubscriberMissesEvents_withoutSlowingAListener() {
    try (EventBus bus = new EventBus(executor, 64); RecordingLogHandler log = RecordingLogHandler.attach(EventBus.class.getName())) {
      bus.publisher().subscribe(new Flow.Subscriber<>() { // never requests anything
        @Override public void onSubscribe(Flow.Subscription s) { }
        @Override public void onNext(Event item) { }
        @Override public void onError(Throwable t) { }
        @Override public void onComplete() { }
      });
      List<Event> got = new CopyOnWriteArrayList<>();
      bus.subscribe(got::add);
      for (int batch = 0; batch < 3; batch++) {
        for (int i = 0; i < 64; i++) {
          bus.emit(follow(batch * 64 + i));
        }
        int expected = (batch + 1) * 64;
        Eventually.await("the listener keeps up", () -> got.size() == expected);
      }
      assertEquals(128, bus.droppedEvents(), "the idle subscriber's buffer of 64 filled, the rest were dropped for it");
      assertEquals(Instant.ofEpochSecond(191), got.get(191).at(), "the listener got every event in order");
      assertTrue(log.records(Level.WARNING).size() >= 1, "drops are logged");
    }
  }

  @Test
  void aThrowingListener_isLoggedAndStaysSubscribed() {
    try (EventBus bus = new EventBus(executor, 16); RecordingLogHandler log = RecordingLogHandler.attach(EventBus.class.getName())) {
      List<Event> seen = new CopyOnWriteArrayList<>();
      bus.subscribe(e -> {
        seen.add(e);
        throw new AssertionError("boom");
      });
      bus.emit(follow(1));
      bus.emit(follow(2));
      Eventually.await("both events delivered despite the throws", () -> seen.size() == 2);
      Eventually.await("both throws counted", () -> bus.listenerFailures() == 2);
      // the counter is bumped just before the warning is written, so wait for the log too
      Eventually.await("both throws logged", () -> log.records(Level.WARNING).stream()
          .filter(r -> r.getThrown() instanceof AssertionError).count() == 2);
      assertEquals(2, bus.listenerFailures());
    }
  }

  @Test
  void closedRegistration_stopsDeliveries_andClosingTheBusCompletesSubscribers() {
    EventBus bus = new EventBus(executor, 16);
    List<Event> seen = new CopyOnWriteArrayList<>();
    Registration r = bus.subscribe(seen::add);
    bus.emit(follow(1));
    Eventually.await("first event", () -> seen.size() == 1);
    r.close();
    r.close();
    Eventually.await("unsubscribed", () -> bus.subscriberCount() == 0);
    bus.emit(follow(2));
    AtomicBoolean completed = new AtomicBoolean();
    bus.publisher().subscribe(new Flow.Subscriber<>() {
      @Override public void onSubscribe(Flow.Subscription s) { s.request(1); }
      @Override public void onNext(Event item) { }
      @Override public void onError(Throwable t) { }
      @Override public void onComplete() { completed.set(true); }
    });
    bus.close();
    Eventually.await("onComplete after close", completed::get);
    bus.emit(follow(3)); // ignored, no exception
    assertEquals(1, seen.size());
  }

  @Test
  void events_refuseMixedProtocols() {
    assertThrows(InvalidInputException.class,
        () -> new Event.Followed(A, IdentityId.of(Protocol.ACTIVITYPUB, "https://x.example/u"), Instant.EPOCH));
    assertThrows(InvalidInputException.class, () -> new Event.Liked(A,
        social.kith.core.model.PostId.of(Protocol.ACTIVITYPUB, "https://x.example/n"), java.util.Optional.empty(), Instant.EPOCH));
  }
}
