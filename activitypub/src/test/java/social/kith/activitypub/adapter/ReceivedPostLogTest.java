package social.kith.activitypub.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.vocab.ApMapper;
import social.kith.activitypub.vocab.AsParser;
import social.kith.core.StorageException;
import social.kith.core.log.AppendOnlyLog;
import social.kith.core.model.Post;
import social.kith.core.model.PostId;
import social.kith.core.model.Visibility;

/** The on-disk log of received posts: replay, edits and deletes, compaction, and what it refuses. */
class ReceivedPostLogTest {
  @TempDir
  Path dir;

  private static Post note(int n, String text, String... to) {
    StringBuilder addressed = new StringBuilder();
    for (String t : to) {
      addressed.append(addressed.length() == 0 ? "" : ",").append('"').append(t).append('"');
    }
    String json = "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"https://remote.example/notes/" + n
        + "\",\"type\":\"Note\",\"attributedTo\":\"https://remote.example/users/ann\",\"content\":\"<p>" + text
        + "</p>\",\"to\":[" + (to.length == 0 ? "\"https://www.w3.org/ns/activitystreams#Public\"" : addressed)
        + "]}";
    Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n);
    return ApMapper.withClock(InstantSource.fixed(at)).post(AsParser.DEFAULT.parse(json)).post();
  }

  /** Replays the log into an ordered map, as the adapter's post store would hold it. */
  private Map<PostId, Post> replay(Path file) {
    Map<PostId, Post> held = new LinkedHashMap<>();
    ReceivedPostLog.open(file, p -> held.put(p.id(), p), held::remove).close();
    return held;
  }

  @Test
  void postsEditsAndDeletesReplayInOrder() {
    Path file = dir.resolve("received.log");
    Post one = note(1, "one");
    Post two = note(2, "two");
    Post dm = note(3, "psst", "https://local.example/users/me");
    Post oneEdited = note(1, "one, edited");
    try (ReceivedPostLog log = ReceivedPostLog.open(file, p -> { }, id -> { })) {
      assertTrue(log.put(one));
      assertTrue(log.put(two));
      assertTrue(log.put(dm));
      assertTrue(log.put(oneEdited));
      log.remove(two.id());
      assertEquals(5, log.records());
    }
    Map<PostId, Post> held = replay(file);
    assertEquals(List.of(one.id(), dm.id()), List.copyOf(held.keySet()));
    assertEquals("one, edited", held.get(one.id()).content().plainText());
    assertEquals(one.createdAt(), held.get(one.id()).createdAt());
    assertEquals(Visibility.DIRECT, held.get(dm.id()).visibility());
    assertEquals(dm, held.get(dm.id()));
  }

  @Test
  void theLogIsReadableByItsOwnerOnlyAlsoAfterACompaction() throws Exception {
    Path file = dir.resolve("received.log");
    java.util.Set<java.nio.file.attribute.PosixFilePermission> ownerOnly =
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
    try (ReceivedPostLog log = ReceivedPostLog.open(file, p -> { }, id -> { })) {
      assertEquals(ownerOnly, Files.getPosixFilePermissions(file));
      for (int i = 0; i <= ReceivedPostLog.COMPACT_MIN_RECORDS; i++) {
        log.put(note(i, "n"));
      }
      assertTrue(log.compactIfWorthIt(List.of(note(1, "n"))));
    }
    assertEquals(ownerOnly, Files.getPosixFilePermissions(file));
  }

  @Test
  void aPostWithoutItsDocumentIsNotStored() {
    Post bare = note(1, "one").toBuilder().nativeDocument(null).build();
    try (ReceivedPostLog log = ReceivedPostLog.open(dir.resolve("received.log"), p -> { }, id -> { })) {
      assertFalse(log.put(bare));
      assertEquals(0, log.records());
    }
  }

  @Test
  void compactionKeepsExactlyTheHeldPostsAndLeavesSmallLogsAlone() throws Exception {
    Path file = dir.resolve("received.log");
    List<Post> held = new ArrayList<>();
    try (ReceivedPostLog log = ReceivedPostLog.open(file, p -> { }, id -> { })) {
      assertFalse(log.compactIfWorthIt(List.of()), "an empty log is left alone");
      for (int i = 0; i < 600; i++) {
        Post p = note(i, "post " + i);
        log.put(p);
        if (i % 10 == 0) {
          held.add(p);
        } else {
          log.remove(p.id());
        }
      }
      assertEquals(1140, log.records());
      List<Post> many = new ArrayList<>(held);
      for (int i = 0; i < 600; i++) {
        many.add(note(1000 + i, "x"));
      }
      assertFalse(log.compactIfWorthIt(many), "not worth it while at least half the records are held posts");
      assertEquals(1140, log.records());
      assertTrue(log.compactIfWorthIt(held));
      assertEquals(held.size(), log.records());
      Post late = note(5000, "after the compaction");
      assertTrue(log.put(late));
      held.add(late);
    }
    assertFalse(Files.exists(dir.resolve("received.log.compact")));
    assertEquals(held, List.copyOf(replay(file).values()));
  }

  @Test
  void aRunningLogCompactsItselfPastItsLimit() {
    Path file = dir.resolve("received.log");
    Map<PostId, Post> held = new LinkedHashMap<>();
    int asked;
    try (ReceivedPostLog log = ReceivedPostLog.open(file, p -> { }, id -> { })) {
      int[] calls = {0};
      log.compactWhenOver(ReceivedPostLog.COMPACT_MIN_RECORDS, () -> {
        calls[0]++;
        return List.copyOf(held.values());
      });
      // the same few posts edited over and over: the log grows, the held set does not
      for (int i = 0; i <= ReceivedPostLog.COMPACT_MIN_RECORDS; i++) {
        Post p = note(i % 5, "edit " + i);
        held.put(p.id(), p);
        log.put(p);
      }
      asked = calls[0];
      assertEquals(5, log.records(), "compacted down to the held posts");
    }
    assertEquals(1, asked);
    assertEquals(List.copyOf(held.values()), List.copyOf(replay(file).values()));
    assertThrows(IllegalArgumentException.class, () -> {
      try (ReceivedPostLog log = ReceivedPostLog.open(file, p -> { }, id -> { })) {
        log.compactWhenOver(10, List::of);
      }
    });
  }

  @Test
  void anUnfinishedCompactionIsDiscardedOnOpen() throws Exception {
    Path file = dir.resolve("received.log");
    Post one = note(1, "one");
    try (ReceivedPostLog log = ReceivedPostLog.open(file, p -> { }, id -> { })) {
      log.put(one);
    }
    Files.write(dir.resolve("received.log.compact"), new byte[] {1, 2, 3});
    assertEquals(List.of(one), List.copyOf(replay(file).values()));
    assertFalse(Files.exists(dir.resolve("received.log.compact")));
  }

  @Test
  void unreadableRecordsAreSkippedAndTheRestIsKept() {
    Path file = dir.resolve("received.log");
    Post one = note(1, "one");
    Post two = note(2, "two");
    try (ReceivedPostLog log = ReceivedPostLog.open(file, p -> { }, id -> { })) {
      log.put(one);
    }
    try (AppendOnlyLog raw = AppendOnlyLog.open(file)) {
      raw.append("not json".getBytes(UTF_8));
      raw.append("{\"v\":1,\"op\":\"put\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"doc\":\"{\\\"type\\\":\\\"Person\\\"}\"}"
          .getBytes(UTF_8));
      raw.append("{\"v\":1,\"op\":\"put\",\"createdAt\":\"yesterday\",\"doc\":\"{}\"}".getBytes(UTF_8));
      raw.append("{\"v\":1,\"op\":\"del\",\"id\":\"\"}".getBytes(UTF_8));
      raw.append("{\"v\":1,\"op\":\"frob\"}".getBytes(UTF_8));
    }
    try (ReceivedPostLog log = ReceivedPostLog.open(file, p -> { }, id -> { })) {
      log.put(two);
    }
    assertEquals(List.of(one, two), List.copyOf(replay(file).values()));
  }

  @Test
  void aRecordOfAnotherVersionIsRefusedAndTheFileLeftUntouched() throws Exception {
    Path file = dir.resolve("received.log");
    try (ReceivedPostLog log = ReceivedPostLog.open(file, p -> { }, id -> { })) {
      log.put(note(1, "one"));
    }
    try (AppendOnlyLog raw = AppendOnlyLog.open(file)) {
      raw.append("{\"v\":2,\"op\":\"put\"}".getBytes(UTF_8));
    }
    byte[] before = Files.readAllBytes(file);
    StorageException e = assertThrows(StorageException.class,
        () -> ReceivedPostLog.open(file, p -> { }, id -> { }));
    assertTrue(e.getMessage().contains("format version 2"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    // and the refused open released the file
    try (AppendOnlyLog raw = AppendOnlyLog.open(file)) {
      assertEquals(2, raw.recordCount());
    }
  }
}
