package social.kith.activitypub.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.fetch.ReplyChainWalker.Link;
import social.kith.activitypub.fetch.ReplyChainWalker.Result;
import social.kith.activitypub.fetch.ReplyChainWalker.Stop;

/** Item 34: recursive fetch loops are bounded by a per-request {@link FetchBudget}. */
final class ReplyChainWalkerTest {
  private static final String AS2 = "application/activity+json";
  private static final int DEEP = 10_000;

  private final RecordingServer server = new RecordingServer();
  private final RemoteFetcher fetcher = RemoteFetcher.builder().policy(RemoteFetcherTest.testPolicy().build()).build();
  private final ReplyChainWalker walker = ReplyChainWalker.create(fetcher);

  @AfterEach
  void stop() {
    server.close();
  }

  private ObjectNode note(String path, String inReplyTo) {
    ObjectNode n = Actors.JSON.createObjectNode();
    n.put("id", server.base() + path);
    n.put("type", "Note");
    n.put("content", "at " + path);
    if (inReplyTo != null) {
      n.put("inReplyTo", server.base() + inReplyTo);
    }
    return n;
  }

  private void serve(String path, ObjectNode doc) {
    server.serve(path, AS2, doc.toString());
  }

  /** /deep/n replies to /deep/(n+1) up to {@value #DEEP}: generated on the fly. */
  private void serveDeepChain() {
    server.route("/deep/", ex -> {
      int n = Integer.parseInt(ex.getRequestURI().getPath().substring("/deep/".length()));
      RecordingServer.respond(ex, 200, AS2, note("/deep/" + n, n < DEEP ? "/deep/" + (n + 1) : null).toString());
    });
  }

  private long hitsUnder(String prefix) {
    return server.received().stream().filter(r -> r.pathAndQuery().startsWith(prefix)).count();
  }

  @Test
  void aCompleteChainReachesItsRoot() {
    serve("/root", note("/root", null));
    serve("/mid", note("/mid", "/root"));
    Result r = walker.walkFrom(note("/reply", "/mid"), Link.IN_REPLY_TO, FetchBudget.create());
    assertTrue(r.isComplete());
    assertEquals(2, r.documents().size());
    assertEquals(server.url("/mid"), r.documents().get(0).id().orElseThrow());
    assertEquals(server.url("/root"), r.documents().get(1).id().orElseThrow());
    assertTrue(r.failure().isEmpty());
  }

  @Test
  void aSelfReferentialInReplyToIsFetchedOnceAndReportedAsACycle() {
    serve("/self", note("/self", "/self"));
    Result r = walker.walk(server.url("/self"), Link.IN_REPLY_TO, FetchBudget.create());
    assertEquals(Stop.CYCLE, r.stop());
    assertFalse(r.isComplete());
    assertEquals(1, r.documents().size());
    assertEquals(1, server.hits("/self"));
  }

  @Test
  void anInboundNoteReplyingToItselfCausesNoFetch() {
    serve("/self", note("/self", "/self"));
    Result r = walker.walkFrom(note("/self", "/self"), Link.IN_REPLY_TO, FetchBudget.create());
    assertEquals(Stop.CYCLE, r.stop());
    assertEquals(0, r.documents().size());
    assertEquals(0, server.received().size());
  }

  @Test
  void anAToBToACycleStopsWithoutRefetching() {
    serve("/a", note("/a", "/b"));
    serve("/b", note("/b", "/a"));
    Result r = walker.walk(server.url("/a"), Link.IN_REPLY_TO, FetchBudget.create());
    assertEquals(Stop.CYCLE, r.stop());
    assertFalse(r.isComplete());
    assertEquals(2, r.documents().size());
    assertEquals(1, server.hits("/a"));
    assertEquals(1, server.hits("/b"));
  }

  @Test
  void aTenThousandDeepChainStopsAtTheDepthLimit() {
    serveDeepChain();
    FetchBudget budget = FetchBudget.create();
    Result r = walker.walk(server.url("/deep/1"), Link.IN_REPLY_TO, budget);
    assertEquals(Stop.BUDGET_EXCEEDED, r.stop());
    assertFalse(r.isComplete(), "a cut-off chain is never complete");
    assertEquals(FetchError.FETCH_BUDGET_EXCEEDED, r.failure().orElseThrow().error());
    assertEquals(FetchBudget.DEFAULT_MAX_DEPTH, r.documents().size());
    assertEquals(FetchBudget.DEFAULT_MAX_DEPTH, hitsUnder("/deep/"));
    assertTrue(budget.exhausted());
  }

  @Test
  void aTenThousandDeepChainStopsAtTheFetchCountWhenThatIsSmaller() {
    serveDeepChain();
    FetchBudget budget = FetchBudget.of(5, 1000);
    Result r = walker.walk(server.url("/deep/1"), Link.IN_REPLY_TO, budget);
    assertEquals(Stop.BUDGET_EXCEEDED, r.stop());
    assertEquals(5, r.documents().size());
    assertEquals(5, hitsUnder("/deep/"));
    assertEquals(0, budget.remaining());
  }

  @Test
  void oneBudgetBoundsSeveralWalksOfOneInboundRequest() {
    serveDeepChain();
    FetchBudget budget = FetchBudget.create();
    Result a = walker.walk(server.url("/deep/100"), Link.IN_REPLY_TO, budget);
    Result b = walker.walk(server.url("/deep/5000"), Link.IN_REPLY_TO, budget);
    assertEquals(Stop.BUDGET_EXCEEDED, a.stop());
    assertEquals(Stop.BUDGET_EXCEEDED, b.stop());
    assertEquals(FetchBudget.DEFAULT_MAX_FETCHES, a.documents().size() + b.documents().size(),
        "the second walk gets what the first left: " + a.documents().size() + " + " + b.documents().size());
    assertEquals(FetchBudget.DEFAULT_MAX_DEPTH, a.documents().size(), "the first walk is cut by depth");
    assertEquals(FetchBudget.DEFAULT_MAX_FETCHES, hitsUnder("/deep/"));
  }

  @Test
  void announceOfAnnounceIsFollowedToTheAnnouncedPost() {
    for (int i = 1; i <= 3; i++) {
      ObjectNode boost = Actors.JSON.createObjectNode();
      boost.put("id", server.base() + "/boost/" + i);
      boost.put("type", "Announce");
      boost.put("object", server.base() + (i < 3 ? "/boost/" + (i + 1) : "/post"));
      serve("/boost/" + i, boost);
    }
    serve("/post", note("/post", null));
    Result r = walker.walk(server.url("/boost/1"), Link.ANNOUNCED_OBJECT, FetchBudget.create());
    assertTrue(r.isComplete());
    assertEquals(4, r.documents().size());
    assertEquals("Note", r.documents().get(3).json().get("type").asText());
  }

  @Test
  void anEndlessAnnounceOfAnnounceIsBounded() {
    server.route("/boost/", ex -> {
      int n = Integer.parseInt(ex.getRequestURI().getPath().substring("/boost/".length()));
      ObjectNode boost = Actors.JSON.createObjectNode();
      boost.put("id", server.base() + "/boost/" + n);
      boost.put("type", "Announce");
      // embedded, attacker-written copy of the next boost: only its id is used
      boost.putObject("object").put("id", server.base() + "/boost/" + (n + 1)).put("type", "Note");
      RecordingServer.respond(ex, 200, AS2, boost.toString());
    });
    FetchBudget budget = FetchBudget.of(20, 8);
    Result r = walker.walk(server.url("/boost/1"), Link.ANNOUNCED_OBJECT, budget);
    assertEquals(Stop.BUDGET_EXCEEDED, r.stop());
    assertEquals(8, r.documents().size());
    assertEquals(8, hitsUnder("/boost/"));
    r.documents().forEach(d -> assertEquals("Announce", d.json().get("type").asText()));
  }

  @Test
  void aFailingAncestorEndsTheWalkAsFailedNotComplete() {
    serve("/child", note("/child", "/gone"));
    server.route("/gone", ex -> RecordingServer.respond(ex, 410, "text/plain", "gone"));
    Result r = walker.walk(server.url("/child"), Link.IN_REPLY_TO, FetchBudget.create());
    assertEquals(Stop.FAILED, r.stop());
    assertFalse(r.isComplete());
    assertEquals(410, r.failure().orElseThrow().status());
    assertEquals(1, r.documents().size());
  }

  @Test
  void aLinkThatIsNotAUrlIsATypedFailure() {
    ObjectNode n = note("/weird", null);
    n.put("inReplyTo", "file:///etc/passwd");
    serve("/weird", n);
    Result r = walker.walk(server.url("/weird"), Link.IN_REPLY_TO, FetchBudget.create());
    assertEquals(Stop.FAILED, r.stop());
    assertEquals(FetchError.INVALID_URL, r.failure().orElseThrow().error());
    assertEquals(1, server.received().size());
  }

  @Test
  void theBudgetAnswersARepeatedUrlFromTheFirstResult() {
    serve("/n", note("/n", null));
    FetchBudget budget = FetchBudget.create();
    JsonDocument first = fetcher.fetchActivity(server.url("/n"), budget);
    first.json().put("content", "changed by the caller");
    JsonDocument again = fetcher.fetchActivity(URI.create(server.base() + "/n#frag"), budget);
    assertEquals("at /n", again.json().get("content").asText(), "a fresh copy, not the caller's modified tree");
    assertEquals(1, server.hits("/n"));
    assertEquals(1, budget.used());
  }

  @Test
  void theBudgetAnswersARepeatedFailureWithoutContactingTheRemote() {
    server.route("/broken", ex -> RecordingServer.respond(ex, 500, "text/plain", "no"));
    FetchBudget budget = FetchBudget.create();
    assertEquals(500, assertThrows(FetchException.class, () -> fetcher.fetchActivity(server.url("/broken"), budget)).status());
    FetchException again = assertThrows(FetchException.class, () -> fetcher.fetchActivity(server.url("/broken"), budget));
    assertTrue(again.isCached());
    assertEquals(FetchError.HTTP_STATUS, again.error());
    assertEquals(1, server.hits("/broken"));
  }

  @Test
  void aRefetchByIdIsChargedToo() {
    serve("/alias", note("/real", null));
    serve("/real", note("/real", null));
    FetchBudget budget = FetchBudget.of(1, 16);
    FetchException e = assertThrows(FetchException.class, () -> fetcher.fetchActivity(server.url("/alias"), budget));
    assertEquals(FetchError.FETCH_BUDGET_EXCEEDED, e.error());
    assertEquals(0, server.hits("/real"));
    FetchBudget two = FetchBudget.of(2, 16);
    assertEquals(server.url("/real"), fetcher.fetchActivity(server.url("/alias"), two).id().orElseThrow());
    assertEquals(2, two.used());
  }

  @Test
  void aSpentBudgetRefusesBeforeConnectingAndGuardRefusalsCostNothing() {
    serve("/n", note("/n", null));
    FetchBudget budget = FetchBudget.of(1, 1);
    assertEquals(FetchError.BLOCKED_SCHEME, assertThrows(FetchException.class,
        () -> fetcher.fetchActivity(URI.create("gopher://127.0.0.1/"), budget)).error());
    assertEquals(0, budget.used());
    fetcher.fetchActivity(server.url("/n"), budget);
    assertEquals(FetchError.FETCH_BUDGET_EXCEEDED, assertThrows(FetchException.class,
        () -> fetcher.fetchActivity(server.url("/other"), budget)).error());
    assertEquals(0, server.hits("/other"));
  }

  @Test
  void anOutboxPointingBackIntoTheChainIsNotFetchedAgain() {
    serve("/a", note("/a", "/b"));
    serve("/b", note("/b", null));
    ObjectNode outbox = Actors.JSON.createObjectNode();
    outbox.put("id", server.base() + "/outbox");
    outbox.put("type", "OrderedCollection");
    outbox.put("first", server.base() + "/a");
    serve("/outbox", outbox);
    FetchBudget budget = FetchBudget.create();
    assertTrue(walker.walk(server.url("/a"), Link.IN_REPLY_TO, budget).isComplete());
    CollectionWalker.Result r = CollectionWalker.create(fetcher).walk(server.url("/outbox"), budget);
    assertEquals(FetchError.INVALID_COLLECTION, r.failure().orElseThrow().error(), "a Note is not a page");
    assertEquals(1, server.hits("/a"), "answered from the budget's visited set");
    assertEquals(3, budget.used());
  }

  @Test
  void wildcardDnsActorsCostABoundedNumberOfFetches() {
    FakeResolver dns = new FakeResolver();
    for (int i = 0; i < 100; i++) {
      dns.answer("a" + i + ".evil.test", "127.0.0.1");
    }
    server.route("/users/x", ex -> {
      String base = "http://" + ex.getRequestHeaders().getFirst("Host");
      RecordingServer.respond(ex, 200, AS2, Actors.person(base, "/users/x").toString());
    });
    RemoteFetcher named = RemoteFetcher.builder().policy(RemoteFetcherTest.testPolicy().build()).resolver(dns).build();
    ActorResolver actors = ActorResolver.create(named);
    FetchBudget budget = FetchBudget.create();
    int refused = 0;
    for (int i = 0; i < 100; i++) {
      URI actor = URI.create("http://a" + i + ".evil.test:" + server.port() + "/users/x");
      try {
        assertEquals(actor, actors.resolve(actor, budget).id());
      } catch (FetchException e) {
        assertEquals(FetchError.FETCH_BUDGET_EXCEEDED, e.error());
        assertFalse(actors.hasCachedFailure(actor), "a budget refusal is not the remote's failure");
        refused++;
      }
    }
    assertEquals(100 - FetchBudget.DEFAULT_MAX_FETCHES, refused);
    assertEquals(FetchBudget.DEFAULT_MAX_FETCHES, server.received().size());
    assertEquals(FetchBudget.DEFAULT_MAX_FETCHES, actors.cachedActors());
    URI first = URI.create("http://a0.evil.test:" + server.port() + "/users/x");
    assertEquals(first, actors.resolve(first, budget).id(), "a cached actor costs nothing");
    assertEquals(FetchBudget.DEFAULT_MAX_FETCHES, server.received().size());
  }

  @Test
  void budgetLimitsAreCheckedWhenCreated() {
    assertThrows(IllegalArgumentException.class, () -> FetchBudget.of(0, 1));
    assertThrows(IllegalArgumentException.class, () -> FetchBudget.of(1, 0));
    assertThrows(IllegalArgumentException.class, () -> FetchBudget.of(FetchBudget.MAX_FETCHES_LIMIT + 1, 1));
  }
}
