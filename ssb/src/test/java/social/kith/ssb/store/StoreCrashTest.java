package social.kith.ssb.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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

/**
 * Kills a child JVM that appends signed messages with SIGKILL, several rounds, and checks on every
 * reopen that each acknowledged append is stored, no partial record is visible, the indexes equal
 * a rebuild from the log, and the fork mark made in the first round is still in place (security
 * checklist items 49 and 62).
 */
class StoreCrashTest {
  private static final String EOF = "<eof>";
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
    Path stderr = dir.resolve("child-" + round + ".err");
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            StoreCrashWriter.class.getName(), store.toString(), mode)
        .redirectError(stderr.toFile())
        .start();
    BlockingQueue<String> lines = pump(child);
    long deadline = System.nanoTime() + ROUND_DEADLINE_NANOS;
    int acks = 0;
    try {
      assertEquals("ready " + before, nextLine(lines, deadline, child, stderr), "the child sees what survived");
      while (acks < target) {
        if (handle(nextLine(lines, deadline, child, stderr), stderr)) {
          acks++;
        }
      }
    } finally {
      // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the pipe.
      child.toHandle().destroyForcibly();
      assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child did not die");
    }
    for (String line = nextLine(lines, deadline, child, stderr); !line.equals(EOF);
        line = nextLine(lines, deadline, child, stderr)) {
      handle(line, stderr);
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
  private boolean handle(String line, Path stderr) throws IOException {
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
    return fail("unexpected child output '" + line + "'; stderr: " + Files.readString(stderr));
  }

  private static long messagesIn(Path store) {
    if (!Files.exists(store)) {
      return 0;
    }
    try (SsbStore s = SsbStore.open(store, StoreOptions.defaults())) {
      return s.snapshot().messages();
    }
  }

  /** Reads the child's stdout, one complete line at a time; a fragment cut by the kill is dropped. */
  private static BlockingQueue<String> pump(Process child) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread t = new Thread(() -> {
      try (InputStream in = child.getInputStream()) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
          if (b == '\n') {
            lines.add(line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else {
            line.write(b);
          }
        }
      } catch (IOException e) {
        lines.add("pump failed: " + e);
      } finally {
        lines.add(EOF);
      }
    }, "store-crash-child-stdout");
    t.setDaemon(true);
    t.start();
    return lines;
  }

  private static String nextLine(BlockingQueue<String> lines, long deadline, Process child, Path stderr)
      throws InterruptedException, IOException {
    String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    if (line == null) {
      fail("no output from the child before the deadline (alive=" + child.isAlive() + "); stderr: "
          + Files.readString(stderr));
    }
    assertFalse(line.startsWith("pump failed"), line);
    return line;
  }
}
