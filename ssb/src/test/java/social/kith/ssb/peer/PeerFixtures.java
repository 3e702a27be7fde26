package social.kith.ssb.peer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import social.kith.core.log.Durability;
import social.kith.crypto.Ed25519;
import social.kith.ssb.FeedId;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.store.RejectedMessageException;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoreOptions;
import social.kith.ssb.store.StoredMessage;
import social.kith.ssb.store.PageRequest;
import social.kith.ssb.store.Order;

/** Shared helpers of the peer tests. */
final class PeerFixtures {
  private PeerFixtures() { }

  static SsbKeyPair keys() {
    var k = Ed25519.generate();
    return SsbKeyPair.of(k.seed(), k.publicKey().bytes());
  }

  static SsbStore store(Path dir) {
    return SsbStore.open(dir, StoreOptions.builder().durability(Durability.EVERY_BATCH).build());
  }

  static JsonObject post(String text) {
    return JsonObject.builder().put("type", "post").put("text", text).build();
  }

  static JsonObject contact(FeedId target) {
    return JsonObject.builder().put("type", "contact").put("contact", target.toString()).put("following", true).build();
  }

  /** Every stored message id of {@code feed}, in sequence order. */
  static List<String> ids(SsbStore store, FeedId feed) {
    List<String> out = new ArrayList<>();
    var page = store.byFeed(feed, new PageRequest(Order.OLDEST_FIRST, PageRequest.MAX_LIMIT, java.util.Optional.empty()));
    while (true) {
      for (StoredMessage m : page.items()) {
        out.add(m.key().toString());
      }
      if (page.next().isEmpty()) {
        return out;
      }
      page = store.byFeed(feed, new PageRequest(Order.OLDEST_FIRST, PageRequest.MAX_LIMIT, page.next()));
    }
  }

  /** Records what a peer reports. */
  static final class RecordingListener implements PeerListener {
    final List<String> rejected = new CopyOnWriteArrayList<>();
    final List<Integer> storedCounts = new CopyOnWriteArrayList<>();

    @Override
    public void stored(FeedId feed, long latestSequence, int count, FeedId from) {
      storedCounts.add(count);
    }

    @Override
    public void rejected(FeedId feed, FeedId from, RejectedMessageException reason) {
      rejected.add(feed + " " + reason.code());
    }

    int storedTotal() {
      return storedCounts.stream().mapToInt(Integer::intValue).sum();
    }
  }
}
