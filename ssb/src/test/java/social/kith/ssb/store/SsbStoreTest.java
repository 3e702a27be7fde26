package social.kith.ssb.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.ssb.store.StoreFixtures.files;
import static social.kith.ssb.store.StoreFixtures.post;
import static social.kith.ssb.store.StoreFixtures.posts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.core.ClosedException;
import social.kith.core.ErrorCode;
import social.kith.core.InvalidInputException;
import social.kith.core.StorageException;
import social.kith.core.feed.Cursor;
import social.kith.core.feed.FeedPage;
import social.kith.core.log.Durability;
import social.kith.core.log.LogError;
import social.kith.core.log.LogException;
import social.kith.ssb.FeedState;
import social.kith.ssb.MessageId;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.ValidationError;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.store.StoreFixtures.Feed;

class SsbStoreTest {
  @TempDir Path dir;

  private SsbStore open() {
    return SsbStore.open(dir.resolve("store"), StoreOptions.defaults());
  }

  /** Runs {@code call}, expects a rejection with {@code code}, and checks that nothing changed. */
  private static RejectedMessageException rejects(SsbStore store, ValidationError code, RejectedAction call) {
    StoreSnapshot before = store.snapshot();
    Map<String, Long> filesBefore = files(store.directory());
    RejectedMessageException e = assertThrows(RejectedMessageException.class, call::run);
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(before, store.snapshot(), "indexes unchanged");
    assertEquals(filesBefore, files(store.directory()), "nothing written");
    return e;
  }

  @FunctionalInterface
  interface RejectedAction {
    void run() throws Throwable;
  }

  @Test
  void appendsAreReadableByIdFeedAndStateAndSurviveReopen() {
    Feed alice = new Feed("alice");
    List<SsbMessage> msgs = posts(alice, 3, "hello");
    StoreSnapshot snapshot;
    try (SsbStore store = open()) {
      for (SsbMessage m : msgs) {
        assertEquals(m.id(), store.append(m));
      }
      StoredMessage second = store.get(msgs.get(1).id()).orElseThrow();
      assertEquals(msgs.get(1).value(), second.value());
      assertEquals(msgs.get(1).signedJson(), second.signedJson());
      assertEquals(2, second.sequence());
      assertEquals(alice.id(), second.author());
      assertEquals(Optional.of("post"), second.type());
      assertEquals(Map.of(alice.id(), 3L), store.latestSequences());
      assertEquals(alice.state, store.feedState(alice.id()).map(s -> new FeedState(s.latest(), s.sequence(), s.timestamp())));
      assertTrue(store.get(MessageId.of(new byte[32])).isEmpty());
      snapshot = store.snapshot();
      assertEquals(3, snapshot.messages());
    }
    try (SsbStore store = open()) {
      assertEquals(snapshot, store.snapshot());
      assertEquals(msgs.get(2).value(), store.get(msgs.get(2).id()).orElseThrow().value());
    }
  }

  @Test
  void theSameMessageTwiceIsIdempotent() {
    Feed alice = new Feed("alice");
    List<SsbMessage> msgs = posts(alice, 2, "x");
    try (SsbStore store = open()) {
      store.appendAll(msgs);
      StoreSnapshot before = store.snapshot();
      Map<String, Long> filesBefore = files(store.directory());
      assertEquals(msgs.get(0).id(), store.append(msgs.get(0)));
      assertEquals(msgs.get(1).id(), store.append(msgs.get(1)));
      assertEquals(List.of(msgs.get(0).id(), msgs.get(1).id()), store.appendAll(msgs));
      assertEquals(before, store.snapshot());
      assertEquals(filesBefore, files(store.directory()));
    }
  }

  @Test
  void invalidMessagesStoreNothing() {
    Feed alice = new Feed("alice");
    SsbMessage first = alice.post("one");
    SsbMessage second = alice.post("two");
    SsbMessage third = alice.post("three");
    try (SsbStore store = open()) {
      // Not the first message of an empty feed.
      rejects(store, ValidationError.INVALID_FIRST_MESSAGE, () -> store.append(second));
      store.append(first);
      // A gap.
      rejects(store, ValidationError.SEQUENCE_GAP, () -> store.append(third));
      // Content changed after signing.
      JsonObject tampered = second.value().with("content", post("TWO"));
      rejects(store, ValidationError.SIGNATURE_INVALID, () -> store.append(tampered));
      // Not an object, or not a message at all.
      rejects(store, ValidationError.NOT_AN_OBJECT, () -> store.append(JsonValue.of("hello")));
      rejects(store, ValidationError.INVALID_AUTHOR, () -> store.append(JsonObject.builder().put("a", 1).build()));
      // Another previous, but not signed by the author: refused, and no fork is recorded.
      JsonObject forged = second.value().with("previous", JsonValue.of(MessageId.of(new byte[32]).toString()));
      RejectedMessageException e = rejects(store, ValidationError.SIGNATURE_INVALID, () -> store.append(forged));
      assertTrue(e.fatal());
      assertFalse(store.isForked(alice.id()));
      // A tampered copy of a message already held is refused too, not taken for a fork.
      JsonObject tamperedHeld = first.value().with("content", post("ONE"));
      rejects(store, ValidationError.SIGNATURE_INVALID, () -> store.append(tamperedHeld));
      assertFalse(store.isForked(alice.id()));
      assertEquals(Map.of(alice.id(), 1L), store.latestSequences());
    }
  }

  @Test
  void aSecondSignedMessageAtAHeldSequenceMarksTheFeedForkedForGood() {
    Feed alice = new Feed("alice");
    List<SsbMessage> msgs = posts(alice, 3, "m");
    SsbMessage alt = alice.sign(Optional.of(state(msgs.get(0))), post("the other history"));
    SsbMessage fourth = alice.post("after");
    try (SsbStore store = open()) {
      store.appendAll(msgs);
      long messagesBefore = store.snapshot().messages();
      RejectedMessageException e = assertThrows(RejectedMessageException.class, () -> store.append(alt));
      assertEquals(ValidationError.FORK_DETECTED, e.code());
      assertTrue(e.fatal());
      assertTrue(store.isForked(alice.id()));
      assertEquals(messagesBefore, store.snapshot().messages(), "the conflicting message is not in the feed");
      assertTrue(store.get(alt.id()).isEmpty());
      ForkEvidence ev = store.forkEvidence(alice.id()).orElseThrow();
      assertEquals(msgs.get(1).id(), ev.held().key());
      assertEquals(alt.id(), ev.conflicting().key());
      assertEquals(alt.value(), ev.conflicting().value());

      // Nothing more of the feed is stored; the prefix is unchanged; a repeat is still idempotent.
      rejects(store, ValidationError.FORK_DETECTED, () -> store.append(fourth));
      rejects(store, ValidationError.FORK_DETECTED, () -> store.append(alt));
      assertEquals(msgs.get(2).id(), store.append(msgs.get(2)));
      assertEquals(3L, store.latestSequences().get(alice.id()));
    }
    try (SsbStore store = open()) {
      assertTrue(store.isForked(alice.id()), "the mark is in the log");
      assertEquals(alt.id(), store.forkEvidence(alice.id()).orElseThrow().conflicting().key());
      assertEquals(3L, store.latestSequences().get(alice.id()));
      assertThrows(RejectedMessageException.class, () -> store.append(fourth));
    }
  }

  @Test
  void theNextSequenceWithAnotherPreviousIsAFork() {
    Feed alice = new Feed("alice");
    List<SsbMessage> msgs = posts(alice, 2, "m");
    SsbMessage altTwo = alice.sign(Optional.of(state(msgs.get(0))), post("other two"));
    SsbMessage altThree = alice.sign(Optional.of(state(altTwo)), post("other three"));
    Feed bob = new Feed("bob");
    try (SsbStore store = open()) {
      store.appendAll(msgs);
      store.append(bob.post("unrelated"));
      RejectedMessageException e = assertThrows(RejectedMessageException.class, () -> store.append(altThree));
      assertEquals(ValidationError.FORK_DETECTED, e.code());
      ForkEvidence ev = store.forkEvidence(alice.id()).orElseThrow();
      assertEquals(msgs.get(1).id(), ev.held().key(), "the message the conflicting one did not follow");
      assertEquals(altThree.id(), ev.conflicting().key());
      assertFalse(store.isForked(bob.id()));
      assertTrue(store.forkEvidence(bob.id()).isEmpty());
      store.append(bob.post("bob goes on"));
      assertEquals(2L, store.latestSequences().get(bob.id()));
    }
  }

  @Test
  void aForkInsideAnImportStoresNoneOfItButRecordsTheFork() {
    Feed alice = new Feed("alice");
    Feed bob = new Feed("bob");
    SsbMessage a1 = alice.post("1");
    SsbMessage a2 = alice.post("2");
    SsbMessage a2b = alice.sign(Optional.of(state(a1)), post("2b"));
    SsbMessage b1 = bob.post("b");
    try (SsbStore store = open()) {
      RejectedMessageException e = assertThrows(RejectedMessageException.class,
          () -> store.appendAll(List.of(b1, a1, a2, a2b)));
      assertEquals(ValidationError.FORK_DETECTED, e.code());
      assertEquals(3, e.index());
      assertEquals(0, store.snapshot().messages());
      assertTrue(store.isForked(alice.id()));
      ForkEvidence ev = store.forkEvidence(alice.id()).orElseThrow();
      assertEquals(a2.id(), ev.held().key());
      assertEquals(a2b.id(), ev.conflicting().key());
    }
  }

  @Test
  void importValidatesEverythingFirstAndWritesInChunks() {
    Feed alice = new Feed("alice");
    Feed bob = new Feed("bob");
    List<SsbMessage> all = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      all.add(alice.post("a" + i));
      all.add(bob.post("b" + i));
    }
    SsbMessage bad = bob.sign(Optional.of(new FeedState(MessageId.of(new byte[32]), 500, 0)), post("gap"));
    Path storeDir = dir.resolve("store");
    try (SsbStore store = SsbStore.open(storeDir, StoreOptions.builder().batchSize(50).durability(Durability.EVERY_BATCH).build())) {
      List<SsbMessage> withBad = new ArrayList<>(all);
      withBad.add(100, bad);
      RejectedMessageException e = rejects(store, ValidationError.SEQUENCE_GAP, () -> store.appendAll(withBad));
      assertEquals(100, e.index());
      List<MessageId> keys = store.appendAll(all);
      assertEquals(all.stream().map(SsbMessage::id).toList(), keys);
      assertEquals(Map.of(alice.id(), 120L, bob.id(), 120L), store.latestSequences());
      StoreSnapshot s = store.snapshot();
      store.rebuildIndexes();
      assertEquals(s, store.snapshot(), "indexes rebuilt from the log equal the incremental ones");
    }
  }

  @Test
  void aLargeImportChecksSignaturesOnTheVerifyExecutorWithTheSameVerdicts() {
    Feed alice = new Feed("alice");
    Feed bob = new Feed("bob");
    List<JsonValue> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add(alice.post("a" + i).value());
      all.add(bob.post("b" + i).value());
    }
    List<JsonValue> tampered = new ArrayList<>(all);
    tampered.set(51, ((JsonObject) all.get(51)).with("content", post("not what bob signed"))); // bob's 26th
    java.util.concurrent.atomic.AtomicInteger tasks = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    java.util.concurrent.Executor recording = r -> {
      tasks.incrementAndGet();
      pool.execute(r);
    };
    try (SsbStore store = SsbStore.open(dir.resolve("store"),
        StoreOptions.builder().verifyExecutor(recording).durability(Durability.EVERY_BATCH).build())) {
      RejectedMessageException e = rejects(store, ValidationError.SIGNATURE_INVALID, () -> store.appendAllValues(tampered));
      assertEquals(51, e.index());
      assertTrue(tasks.get() > 1, "the batch was checked on the verify executor: " + tasks.get());

      // the peer's retry without bob's bad message and the rest of bob's batch: the valid part goes in
      List<JsonValue> prefix = new ArrayList<>();
      for (int i = 0; i < tampered.size(); i++) {
        boolean bobsFromTheBadOne = i >= 51 && i % 2 == 1;
        if (!bobsFromTheBadOne) {
          prefix.add(tampered.get(i));
        }
      }
      List<MessageId> keys = store.appendAllValues(prefix);
      assertEquals(Map.of(alice.id(), 40L, bob.id(), 25L), store.latestSequences());

      int before = tasks.get();
      assertEquals(keys, store.appendAllValues(prefix), "held messages are duplicates");
      assertEquals(before, tasks.get(), "held messages are not checked again");
      store.appendAllValues(all.subList(51, 54)); // a small batch is checked on the calling thread
      assertEquals(before, tasks.get());
      assertEquals(Map.of(alice.id(), 40L, bob.id(), 27L), store.latestSequences(), "alice's 27th is a duplicate");
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void preparedValuesAreJudgedAgainstTheFeedsAsStoredWhenAppended() {
    Feed alice = new Feed("alice");
    List<JsonValue> first = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      first.add(alice.post("a" + i).value());
    }
    List<JsonValue> next = new ArrayList<>();
    for (int i = 20; i < 40; i++) {
      next.add(alice.post("a" + i).value());
    }
    List<JsonValue> tampered = new ArrayList<>(next);
    tampered.set(3, ((JsonObject) next.get(3)).with("content", post("not what alice signed")));
    try (SsbStore store = open(); SsbStore other = SsbStore.open(dir.resolve("other"), StoreOptions.defaults())) {
      // the next batch is checked before the first is stored (as a replication stream does)
      SsbStore.PreparedValues a = store.prepareValues(first);
      SsbStore.PreparedValues b = store.prepareValues(next);
      SsbStore.PreparedValues bad = store.prepareValues(tampered);
      assertEquals(Map.of(), store.latestSequences(), "preparing stores nothing");
      assertEquals(first, a.values());

      RejectedMessageException gap = rejects(store, ValidationError.INVALID_FIRST_MESSAGE, () -> store.appendPrepared(b));
      assertEquals(0, gap.index());
      assertThrows(IllegalArgumentException.class, () -> other.appendPrepared(a));
      assertEquals(Map.of(), other.latestSequences(), "nothing stored in the other store");

      List<MessageId> keys = store.appendPrepared(a);
      assertEquals(20, keys.size());
      RejectedMessageException e = rejects(store, ValidationError.SIGNATURE_INVALID, () -> store.appendPrepared(bad));
      assertEquals(3, e.index());
      assertEquals(Map.of(alice.id(), 20L), store.latestSequences());
      store.appendPrepared(b);
      assertEquals(Map.of(alice.id(), 40L), store.latestSequences());
      assertEquals(keys, store.appendPrepared(a), "messages stored since they were prepared are duplicates");
      assertEquals(Map.of(alice.id(), 40L), store.latestSequences());
    }
  }

  @Test
  void aBatchPreparedByAnotherValidatorIsRefused() {
    Feed alice = new Feed("alice");
    List<JsonValue> one = List.of(alice.post("1").value());
    social.kith.ssb.MessageValidator.Prepared batch = social.kith.ssb.MessageValidator.mainNet().prepare(one, Runnable::run);
    assertThrows(IllegalArgumentException.class,
        () -> social.kith.ssb.MessageValidator.mainNet().validate(Optional.empty(), batch, 0));
    assertThrows(IndexOutOfBoundsException.class,
        () -> StoreOptions.defaults().validator().validate(Optional.empty(),
            StoreOptions.defaults().validator().prepare(one, Runnable::run), 1));
  }

  @Test
  void feedPagesRunBothWaysWithCursorsAndRanges() {
    Feed alice = new Feed("alice");
    List<SsbMessage> msgs = posts(alice, 7, "p");
    try (SsbStore store = open()) {
      store.appendAll(msgs);
      assertEquals(List.of(7, 6, 5, 4, 3, 2, 1), collect(p -> store.byFeed(alice.id(), p), PageRequest.newestFirst().limit(3)));
      assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), collect(p -> store.byFeed(alice.id(), p), PageRequest.oldestFirst().limit(2)));
      assertEquals(List.of(5, 4, 3), collect(p -> store.byFeed(alice.id(), 3, 5, p), PageRequest.newestFirst().limit(2)));
      assertEquals(List.of(6, 7), collect(p -> store.byFeed(alice.id(), 6, 100, p), PageRequest.oldestFirst()));
      FeedPage<StoredMessage> exact = store.byFeed(alice.id(), PageRequest.oldestFirst().limit(7));
      assertEquals(7, exact.items().size());
      assertFalse(exact.hasNext(), "no cursor when nothing follows");
      assertTrue(store.byFeed(new Feed("nobody").id(), PageRequest.newestFirst()).items().isEmpty());
      assertEquals(msgs.get(6).id(), store.byFeed(alice.id(), PageRequest.newestFirst().limit(1)).items().get(0).key());

      InvalidInputException bad = assertThrows(InvalidInputException.class,
          () -> store.byFeed(alice.id(), PageRequest.newestFirst().after(Cursor.of("o1.12"))));
      assertEquals(ErrorCode.Standard.INVALID_INPUT, bad.code());
      assertThrows(InvalidInputException.class, () -> store.byFeed(alice.id(), PageRequest.newestFirst().after(Cursor.of("f1.x"))));
      assertThrows(InvalidInputException.class, () -> store.byFeed(alice.id(), PageRequest.newestFirst().after(Cursor.of("f1.99999999999999999999"))));
      assertThrows(InvalidInputException.class, () -> store.byFeed(alice.id(), 0, 5, PageRequest.newestFirst()));
      assertThrows(InvalidInputException.class, () -> PageRequest.newestFirst().limit(PageRequest.MAX_LIMIT + 1));
    }
  }

  @Test
  void typeAndThreadIndexesPageInArrivalOrder() {
    Feed alice = new Feed("alice");
    Feed bob = new Feed("bob");
    SsbMessage root = alice.post("root");
    try (SsbStore store = open()) {
      store.append(root);
      List<MessageId> replies = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        SsbMessage r = (i % 2 == 0 ? bob : alice).next(StoreFixtures.reply("re " + i, root.id()));
        store.append(r);
        replies.add(r.id());
      }
      SsbMessage vote = bob.next(JsonObject.builder().put("type", "vote").put("root", root.id().toString()).build());
      store.append(vote);
      replies.add(vote.id());
      store.append(alice.next(JsonObject.builder().put("type", "vote").build()));

      assertEquals(replies, keys(p -> store.byRoot(root.id(), p), PageRequest.oldestFirst().limit(4)));
      assertEquals(reversed(replies), keys(p -> store.byRoot(root.id(), p), PageRequest.newestFirst().limit(4)));
      assertEquals(6, keys(p -> store.byType("post", p), PageRequest.oldestFirst().limit(5)).size());
      assertEquals(2, keys(p -> store.byType("vote", p), PageRequest.newestFirst().limit(1)).size());
      assertTrue(store.byType("nothing", PageRequest.newestFirst()).items().isEmpty());
      assertTrue(store.byRoot(vote.id(), PageRequest.newestFirst()).items().isEmpty());
      assertThrows(InvalidInputException.class, () -> store.byType("post", PageRequest.newestFirst().after(Cursor.of("f1.3"))));
    }
  }

  @Test
  void hopsFollowTheLatestContactAndLeaveOutWhomRootBlocks() {
    Feed a = new Feed("a");
    Feed b = new Feed("b");
    Feed c = new Feed("c");
    Feed d = new Feed("d");
    Feed x = new Feed("x");
    Feed y = new Feed("y");
    try (SsbStore store = open()) {
      store.append(a.next(StoreFixtures.contact(b, true, null)));
      store.append(b.next(StoreFixtures.contact(c, true, null)));
      store.append(c.next(StoreFixtures.contact(d, true, null)));
      store.append(b.next(StoreFixtures.contact(x, true, null)));
      store.append(x.next(StoreFixtures.contact(y, true, null)));
      store.append(a.next(StoreFixtures.contact(x, null, true)));
      // a follows y directly too, then unfollows: the latest message wins.
      store.append(a.next(StoreFixtures.contact(y, true, null)));
      store.append(a.next(StoreFixtures.contact(y, false, null)));
      // A contact stating neither following nor blocking changes nothing.
      store.append(b.next(JsonObject.builder().put("type", "contact").put("contact", c.id().toString()).build()));

      assertEquals(Map.of(a.id(), 0, b.id(), 1, c.id(), 2, d.id(), 3), store.hops(a.id(), 3));
      assertEquals(Map.of(a.id(), 0, b.id(), 1, c.id(), 2), store.hops(a.id(), 2));
      assertEquals(Map.of(a.id(), 0), store.hops(a.id(), 0));
      // From b's point of view x is followed (a's block is a's business), and y through x.
      assertEquals(Map.of(b.id(), 0, c.id(), 1, x.id(), 1, d.id(), 2, y.id(), 2), store.hops(b.id(), 5));
      assertTrue(store.isBlocking(a.id(), x.id()));
      assertFalse(store.isFollowing(a.id(), y.id()));
      assertTrue(store.isFollowing(b.id(), c.id()));
      assertThrows(InvalidInputException.class, () -> store.hops(a.id(), -1));

      // Unblocking lets x (and what x follows) back in, at its shortest distance.
      store.append(a.next(StoreFixtures.contact(x, null, false)));
      assertEquals(Map.of(a.id(), 0, b.id(), 1, c.id(), 2, x.id(), 2, d.id(), 3, y.id(), 3), store.hops(a.id(), 3));
    }
  }

  @Test
  void identityTakesTheLatestSelfAssignedFields() {
    Feed alice = new Feed("alice");
    Feed mallory = new Feed("mallory");
    String blob = "&" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + ".sha256";
    try (SsbStore store = open()) {
      assertEquals("", store.identity(alice.id()).displayName());
      store.append(alice.next(JsonObject.builder().put("type", "about").put("about", alice.id().toString())
          .put("name", "Alice").put("description", "hi\u0000 there").put("image", blob).build()));
      store.append(alice.next(JsonObject.builder().put("type", "about").put("about", alice.id().toString())
          .put("name", "Alice Liddell").build()));
      store.append(mallory.next(JsonObject.builder().put("type", "about").put("about", alice.id().toString())
          .put("name", "Not Alice").build()));
      store.append(alice.next(JsonObject.builder().put("type", "about").put("about", alice.id().toString())
          .put("image", JsonObject.builder().put("link", "not a blob").build()).build()));
      var id = store.identity(alice.id());
      assertEquals("ssb:" + alice.id(), id.id().toString());
      assertEquals("Alice Liddell", id.displayName());
      assertEquals("hi there", id.bio().plainText());
      assertEquals("ssb:blob/sha256/" + "A".repeat(43) + "=", id.avatar().orElseThrow().toString());
      assertEquals(1, id.keys().size());
      assertEquals("", store.identity(mallory.id()).displayName());
    }
  }

  @Test
  void refusesAnUnknownFormatVersionALogWithoutFormatAndASecondOpen() throws Exception {
    Path storeDir = dir.resolve("store");
    try (SsbStore store = open()) {
      store.append(new Feed("alice").post("x"));
      LogException locked = assertThrows(LogException.class, () -> SsbStore.open(storeDir, StoreOptions.defaults()));
      assertEquals(LogError.LOCKED, locked.code());
    }
    Path format = storeDir.resolve("FORMAT");
    String original = Files.readString(format);
    assertEquals("kith-ssb-store\nversion 1\n", original);
    Files.writeString(format, "kith-ssb-store\nversion 2\n");
    Map<String, Long> before = files(storeDir);
    StorageException e = assertThrows(StorageException.class, () -> SsbStore.open(storeDir, StoreOptions.defaults()));
    assertEquals(StoreError.UNSUPPORTED_FORMAT, e.code());
    assertEquals(before, files(storeDir));
    Files.writeString(format, "something else");
    assertEquals(StoreError.UNSUPPORTED_FORMAT,
        assertThrows(StorageException.class, () -> SsbStore.open(storeDir, StoreOptions.defaults())).code());
    Files.delete(format);
    assertEquals(StoreError.NOT_A_STORE,
        assertThrows(StorageException.class, () -> SsbStore.open(storeDir, StoreOptions.defaults())).code());
    assertFalse(Files.exists(format), "nothing was created");
    Files.writeString(format, original);
    try (SsbStore store = open()) {
      assertEquals(1, store.snapshot().messages());
    }
  }

  @Test
  void midLogDamageIsRefusedThenRepaired() throws Exception {
    Feed alice = new Feed("alice");
    List<SsbMessage> msgs = posts(alice, 6, "m");
    Path storeDir = dir.resolve("store");
    try (SsbStore store = open()) {
      for (SsbMessage m : msgs) {
        store.append(m); // one record each: a batch would be cut whole
      }
    }
    Path log = storeDir.resolve(SsbStore.LOG_FILE);
    byte[] bytes = Files.readAllBytes(log);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("m 3");
    bytes[at] ^= 1;
    Files.write(log, bytes);
    assertEquals(LogError.CORRUPT_RECORD,
        assertThrows(LogException.class, () -> SsbStore.open(storeDir, StoreOptions.defaults())).code());
    assertEquals(social.kith.core.log.CheckReport.Status.CORRUPT, SsbStore.check(storeDir).status());
    SsbStore.repair(storeDir);
    try (SsbStore store = open()) {
      assertEquals(Map.of(alice.id(), 3L), store.latestSequences(), "the prefix before the damage");
      store.append(msgs.get(3));
      assertEquals(4L, store.latestSequences().get(alice.id()));
    }
  }

  @Test
  void readersRunBesideTheWriterAndSeeConsistentFeeds() throws Exception {
    Feed alice = new Feed("alice");
    List<SsbMessage> msgs = posts(alice, 300, "c");
    try (SsbStore store = SsbStore.open(dir.resolve("store"), StoreOptions.builder().durability(Durability.ON_CLOSE).build())) {
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        Thread t = new Thread(() -> {
          try {
            long seen = 0;
            while (!done.get()) {
              long latest = store.latestSequences().getOrDefault(alice.id(), 0L);
              assertTrue(latest >= seen, "never goes back");
              seen = latest;
              FeedPage<StoredMessage> page = store.byFeed(alice.id(), PageRequest.newestFirst().limit(5));
              for (int i = 0; i < page.items().size(); i++) {
                StoredMessage m = page.items().get(i);
                assertEquals(msgs.get(m.sequence() - 1).id(), m.key());
                if (i > 0) {
                  assertEquals(page.items().get(i - 1).sequence() - 1, m.sequence());
                }
              }
              if (latest > 0) {
                assertTrue(store.get(msgs.get((int) latest - 1).id()).isPresent());
              }
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        });
        t.start();
        readers.add(t);
      }
      for (SsbMessage m : msgs) {
        store.append(m);
      }
      done.set(true);
      for (Thread t : readers) {
        t.join();
      }
      assertEquals(List.of(), failures);
      assertEquals(300L, store.latestSequences().get(alice.id()));
    }
  }

  @Test
  void aClosedStoreSaysSo() {
    SsbStore store = open();
    store.close();
    store.close();
    assertThrows(ClosedException.class, () -> store.append(new Feed("a").post("x")));
    assertThrows(ClosedException.class, store::latestSequences);
  }

  @Test
  void storedJsonRoundTripsUnusualText() {
    Feed alice = new Feed("alice");
    JsonObject content = (JsonObject) JsonParser.DEFAULT.parse(
        "{\"type\":\"post\",\"text\":\"\\ud83d lone, emoji \\ud83d\\ude00, \\u2028, \\u0000\",\"10\":1,\"n\":1e21}");
    SsbMessage m = alice.next(content);
    try (SsbStore store = open()) {
      store.append(m);
    }
    try (SsbStore store = open()) {
      StoredMessage s = store.get(m.id()).orElseThrow();
      assertEquals(m.signedJson(), s.signedJson());
      assertEquals(m.id(), SsbMessage.idOf(s.value()));
      assertEquals(JsonValue.of("\ud83d lone, emoji \ud83d\ude00, \u2028, \u0000"),
          ((JsonObject) s.content()).get("text").orElseThrow());
      assertNotEquals(JsonString.class, s.content().getClass());
    }
  }

  private static FeedState state(SsbMessage m) {
    return new FeedState(m.id(), m.sequence(), m.timestamp());
  }

  private static List<Integer> collect(java.util.function.Function<PageRequest, FeedPage<StoredMessage>> query, PageRequest first) {
    List<Integer> out = new ArrayList<>();
    for (StoredMessage m : all(query, first)) {
      out.add(m.sequence());
    }
    return out;
  }

  private static List<MessageId> keys(java.util.function.Function<PageRequest, FeedPage<StoredMessage>> query, PageRequest first) {
    return all(query, first).stream().map(StoredMessage::key).toList();
  }

  private static List<StoredMessage> all(java.util.function.Function<PageRequest, FeedPage<StoredMessage>> query, PageRequest first) {
    List<StoredMessage> out = new ArrayList<>();
    PageRequest p = first;
    for (int guard = 0; guard < 100; guard++) {
      FeedPage<StoredMessage> page = query.apply(p);
      assertTrue(page.items().size() <= p.limit());
      out.addAll(page.items());
      if (page.next().isEmpty()) {
        return out;
      }
      p = p.after(page.next().get());
    }
    throw new AssertionError("pagination does not end");
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> out = new ArrayList<>(list);
    java.util.Collections.reverse(out);
    return out;
  }
}
