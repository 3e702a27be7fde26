package social.kith.ssb.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import social.kith.core.feed.Cursor;
import social.kith.core.feed.FeedPage;
import social.kith.ssb.FeedId;
import social.kith.ssb.FeedState;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.store.Order;
import social.kith.ssb.store.PageRequest;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoredMessage;

/**
 * An in-process {@link SsbNetwork} for tests: a peer "sends" messages by {@link #deliver}ing them,
 * and two nodes "replicate" by {@link #pullFrom} copying what one store has and the other lacks,
 * feed by feed in sequence order, as createHistoryStream would. Whatever is copied goes through the
 * receiving store's validation and is then reported through the seam. Records what the adapter hands it.
 */
final class FakeSsbNetwork implements SsbNetwork {
  private volatile Context context;
  private final AtomicInteger starts = new AtomicInteger();
  private final AtomicInteger closes = new AtomicInteger();
  private final List<StoredMessage> published = new CopyOnWriteArrayList<>();
  private volatile RuntimeException startFailure;

  /** Makes {@link #start} throw {@code failure}. */
  FakeSsbNetwork failingToStartWith(RuntimeException failure) {
    this.startFailure = failure;
    return this;
  }

  @Override
  public void start(Context context) {
    starts.incrementAndGet();
    RuntimeException failure = startFailure;
    if (failure != null) {
      throw failure;
    }
    if (this.context != null) {
      throw new IllegalStateException("started twice");
    }
    this.context = context;
  }

  @Override
  public void published(StoredMessage message) {
    published.add(message);
  }

  @Override
  public void close() {
    closes.incrementAndGet();
  }

  Context context() {
    Context c = context;
    if (c == null) {
      throw new IllegalStateException("the network was not started");
    }
    return c;
  }

  int starts() {
    return starts.get();
  }

  int closes() {
    return closes.get();
  }

  /** What the adapter reported as published, in order. */
  List<StoredMessage> published() {
    return List.copyOf(published);
  }

  /** A peer sends {@code messages}: the store validates and appends them, then the adapter hears of them. */
  List<StoredMessage> deliver(List<SsbMessage> messages) {
    Context c = context();
    c.store().appendAll(messages);
    List<StoredMessage> stored = messages.stream().map(m -> c.store().get(m.id()).orElseThrow()).toList();
    c.newMessages().accept(stored);
    return stored;
  }

  /** Copies every message that {@code other}'s store has and this one lacks; returns what was added. */
  List<StoredMessage> pullFrom(FakeSsbNetwork other) {
    SsbStore source = other.context().store();
    SsbStore target = context().store();
    List<JsonValue> values = new ArrayList<>();
    List<social.kith.ssb.MessageId> keys = new ArrayList<>();
    for (var latest : source.latestSequences().entrySet()) {
      FeedId feed = latest.getKey();
      long have = target.feedState(feed).map(FeedState::sequence).orElse(0);
      if (have >= latest.getValue()) {
        continue;
      }
      Optional<Cursor> after = Optional.empty();
      do {
        FeedPage<StoredMessage> page = source.byFeed(feed, have + 1, latest.getValue(),
            new PageRequest(Order.OLDEST_FIRST, PageRequest.MAX_LIMIT, after));
        page.items().forEach(m -> {
          values.add(m.value());
          keys.add(m.key());
        });
        after = page.next();
      } while (after.isPresent());
    }
    if (values.isEmpty()) {
      return List.of();
    }
    target.appendAllValues(values);
    List<StoredMessage> stored = keys.stream().map(k -> target.get(k).orElseThrow()).toList();
    context().newMessages().accept(stored);
    return stored;
  }

  /** Both nodes pull from each other. */
  static void exchange(FakeSsbNetwork a, FakeSsbNetwork b) {
    a.pullFrom(b);
    b.pullFrom(a);
  }
}
