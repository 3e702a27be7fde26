package social.kith.ssb.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import social.kith.core.log.Durability;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.ValidationError;
import social.kith.ssb.store.StoreFixtures.Feed;

/**
 * The child process of {@link StoreCrashTest}: appends signed messages of several feeds until it is
 * killed, printing {@code ack <feed> <sequence> <id>} after each append returns. On its first run it
 * also forks a feed and prints {@code fork <feed> <conflicting id>} once the fork is recorded.
 *
 * <p>Arguments: the store directory, and {@code single} (one {@code append} per message under
 * {@link Durability#EVERY_RECORD}) or {@code batch} ({@code appendAll} of 15 under {@link Durability#EVERY_BATCH}).
 */
public final class StoreCrashWriter {
  static final String[] FEEDS = {"crash-a", "crash-b", "crash-c"};
  static final String FORKER = "crash-fork";

  private StoreCrashWriter() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    boolean batch = args[1].equals("batch");
    PrintStream out = System.out;
    StoreOptions options = StoreOptions.builder()
        .durability(batch ? Durability.EVERY_BATCH : Durability.EVERY_RECORD).batchSize(4).build();
    try (SsbStore store = SsbStore.open(dir, options)) {
      List<Feed> feeds = new ArrayList<>();
      for (String name : FEEDS) {
        Feed f = new Feed(name);
        f.state = store.feedState(f.id());
        feeds.add(f);
      }
      Feed forker = new Feed(FORKER);
      forker.state = store.feedState(forker.id());
      out.println("ready " + store.snapshot().messages());
      out.flush();
      if (!store.isForked(forker.id())) {
        List<SsbMessage> three = StoreFixtures.posts(forker, 3, "before the fork");
        store.appendAll(three);
        SsbMessage alt = forker.sign(Optional.of(new social.kith.ssb.FeedState(three.get(0).id(), 1, three.get(0).timestamp())),
            StoreFixtures.post("another second message"));
        try {
          store.append(alt);
          throw new AssertionError("the fork was accepted");
        } catch (RejectedMessageException e) {
          if (e.code() != ValidationError.FORK_DETECTED) {
            throw e;
          }
        }
        out.println("fork " + forker.id() + " " + alt.id());
        out.flush();
      }
      for (long i = 0; ; i++) {
        if (batch) {
          List<SsbMessage> msgs = new ArrayList<>();
          for (int k = 0; k < 5; k++) {
            for (Feed f : feeds) {
              msgs.add(f.post("batch " + i + "." + k));
            }
          }
          store.appendAll(msgs);
          for (SsbMessage m : msgs) {
            out.println("ack " + m.author() + " " + m.sequence() + " " + m.id());
          }
        } else {
          Feed f = feeds.get((int) (i % feeds.size()));
          SsbMessage m = f.post("single " + i);
          store.append(m);
          out.println("ack " + m.author() + " " + m.sequence() + " " + m.id());
        }
        out.flush();
      }
    }
  }
}
