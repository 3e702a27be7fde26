package social.kith.ssb.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.core.feed.FeedPage;
import social.kith.core.log.AppendOnlyLog;
import social.kith.core.log.LogEntry;
import social.kith.ssb.FeedId;
import social.kith.ssb.MessageId;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.store.internal.RecordCodec;
import social.kith.testkit.ChildJvm;

/**
 * Kills a child JVM that appends signed messages with SIGKILL, several rounds, and checks on every
 * reopen that each acknowledged append is stored, no partial record is visible, the indexes equal
 * a rebuild from the log, and the fork mark made in the first round is still in place (security
 * checklist items 49 and 62).
 */
class StoreCrashTest {
  private static final long ROUND_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

  @TempDir Path dir;

  /** Acknowledged (feed, sequence) → id across rounds. */
  private final Map<String, String> acknowledged = new HashMap<>();
  private String forkedFeed;
  private String forkConflict;

  @Test
  void everyAcknowledgedAppendAndTheForkMarkSurviveSigkill() throws Exception {
    Path store = dir.resolve("store");
    int round = 0;
    for (int target : new int[] {30, 60, 90}) {
      killAfter(store, "single", target, round++);
    }
    killAfter(store, "batch", 150, round);
    assertTrue(acknowledged.size() >= 30 + 60 + 90 + 150);
  }

  private void killAfter(Path store, String mode, int target, int round) throws Exception {
    long before = messagesIn(store);
    ChildJvm child = ChildJvm.start(StoreCrashWriter.class, dir.resolve("child-" + round + ".err"),
        Duration.ofNanos(ROUND_DEADLINE_NANOS), store.toString(), mode);
    int acks = 0;
    try {
      assertEquals("ready " + before, child.nextLine(), "the child sees what survived");
      while (acks < target) {
        if (handle(child.nextLine(), child)) {
          acks++;
        }
      }
    } finally {
      child.kill();
    }
    for (String line = child.nextLine(); !line.equals(ChildJvm.EOF); line = child.nextLine()) {
      handle(line, child);
    }
    assertTrue(forkedFeed != null, "the first round forks a feed");
    verify(store, round);
  }

  private void verify(Path storeDir, int round) {
    long messages;
    try (SsbStore store = SsbStore.open(storeDir, StoreOptions.defaults())) {
      for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
        String[] key = ack.getKey().split(" ");
        FeedId feed = FeedId.parse(key[0]);
        int seq = Integer.parseInt(key[1]);
        StoredMessage m = store.get(MessageId.parse(ack.getValue()))
            .orElseThrow(() -> new AssertionError("round " + round + ": acknowledged " + ack + " lost"));
        assertEquals(feed, m.author());
        assertEquals(seq, m.sequence());
      }
      // Every feed is whole: sequences 1..latest, each chaining to the one before.
      for (Map.Entry<FeedId, Long> latest : store.latestSequences().entrySet()) {
        long expected = 1;
        PageRequest page = PageRequest.oldestFirst().limit(PageRequest.MAX_LIMIT);
        String previous = null;
        while (true) {
          FeedPage<StoredMessage> p = store.byFeed(latest.getKey(), page);
          for (StoredMessage m : p.items()) {
            assertEquals(expected++, m.sequence());
            assertEquals(previous == null ? "null" : previous, m.value().get("previous").orElseThrow().toString()
                .replace("\"", ""));
            previous = m.key().toString();
          }
          if (p.next().isEmpty()) {
            break;
          }
          page = page.after(p.next().get());
        }
        assertEquals(latest.getValue() + 1, expected);
      }
      FeedId forker = FeedId.parse(forkedFeed);
      assertTrue(store.isForked(forker), "round " + round + ": the fork mark survives");
      assertEquals(forkConflict, store.forkEvidence(forker).orElseThrow().conflicting().key().toString());
      assertEquals(3L, store.latestSequences().get(forker), "nothing after the fork was stored");

      StoreSnapshot opened = store.snapshot();
      store.rebuildIndexes();
      assertEquals(opened, store.snapshot(), "indexes equal a rebuild from the log");
      messages = opened.messages();
    }
    // Straight from the log: every record whole, each message record's id the hash of its JSON.
    long messageRecords = 0;
    long forkRecords = 0;
    try (AppendOnlyLog log = AppendOnlyLog.open(storeDir.resolve(SsbStore.LOG_FILE))) {
      assertTrue(log.recovery().clean(), "the store's open already recovered the torn tail");
      for (LogEntry e : log) {
        RecordCodec.Record r = RecordCodec.decode(e.payload(), e.offset());
        if (r instanceof RecordCodec.MessageRecord m) {
          messageRecords++;
          assertEquals(m.id(), SsbMessage.idOfSignedJson(new String(m.json(), StandardCharsets.UTF_8)));
        } else {
          forkRecords++;
        }
      }
    }
    assertEquals(messages, messageRecords);
    assertEquals(1, forkRecords);
  }

  /** Records an acknowledgement (true) or the fork line (false). */
  private boolean handle(String line, ChildJvm child) {
    String[] parts = line.split(" ");
    if (parts.length == 4 && parts[0].equals("ack")) {
      assertNull(acknowledged.put(parts[1] + " " + parts[2], parts[3]), "acknowledged twice: " + line);
      return true;
    }
    if (parts.length == 3 && parts[0].equals("fork")) {
      assertNull(forkedFeed, "forked once only");
      forkedFeed = parts[1];
      forkConflict = parts[2];
      return false;
    }
    return fail("unexpected child output '" + line + "'; stderr: " + child.stderrText());
  }

  private static long messagesIn(Path store) {
    if (!Files.exists(store)) {
      return 0;
    }
    try (SsbStore s = SsbStore.open(store, StoreOptions.defaults())) {
      return s.snapshot().messages();
    }
  }
}
