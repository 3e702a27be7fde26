package social.kith.activitypub.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.fetch.CollectionWalker.Limits;
import social.kith.activitypub.fetch.CollectionWalker.Result;
import social.kith.activitypub.fetch.CollectionWalker.Stop;

/** Item 35: collection pagination abuse. */
final class CollectionWalkerTest {
  private static final String AS2 = "application/activity+json";

  private final RecordingServer server = new RecordingServer();
  private final RecordingServer other = new RecordingServer();
  private final RemoteFetcher fetcher = RemoteFetcher.builder().policy(RemoteFetcherTest.testPolicy().build()).build();
  private final CollectionWalker walker = CollectionWalker.create(fetcher, new Limits(5, 1000));

  @AfterEach
  void stop() {
    server.close();
    other.close();
  }

  private ObjectNode doc(String base, String path, String type) {
    ObjectNode n = Actors.JSON.createObjectNode();
    n.put("id", base + path);
    n.put("type", type);
    return n;
  }

  private ObjectNode page(String path, String next, String... items) {
    ObjectNode p = doc(server.base(), path, "OrderedCollectionPage");
    ArrayNode a = p.putArray("orderedItems");
    for (String i : items) {
      a.add(server.base() + i);
    }
    if (next != null) {
      p.put("next", next.startsWith("http") ? next : server.base() + next);
    }
    return p;
  }

  private void serve(String path, ObjectNode d) {
    server.serve(path, AS2, d.toString());
  }

  private ObjectNode collection(String first) {
    ObjectNode c = doc(server.base(), "/c", "OrderedCollection");
    c.put("totalItems", 999_999_999);
    c.put("first", first.startsWith("http") ? first : server.base() + first);
    return c;
  }

  @Test
  void readsAllPagesOfAFiniteCollection() {
    server.route("/c", ex -> {
      String q = ex.getRequestURI().getQuery();
      ObjectNode d = q == null ? collection("/c?page=1")
          : q.equals("page=1") ? page("/c?page=1", "/c?page=2", "/u/1", "/u/2") : page("/c?page=2", null, "/u/3");
      RecordingServer.respond(ex, 200, AS2, d.toString());
    });
    Result r = walker.walk(server.url("/c"));
    assertTrue(r.isComplete(), r.toString());
    assertEquals(2, r.pages());
    assertEquals(List.of(server.url("/u/1"), server.url("/u/2"), server.url("/u/3")), r.itemIds());
    assertEquals(server.url("/c"), r.collection());
  }

  @Test
  void anEmbeddedFirstPageIsReadInPlace() {
    ObjectNode c = doc(server.base(), "/c", "Collection");
    ObjectNode first = page("/c/p1", "/c/p2", "/u/1");
    first.put("type", "CollectionPage");
    first.set("items", first.remove("orderedItems"));
    c.set("first", first);
    serve("/c", c);
    serve("/c/p2", page("/c/p2", null, "/u/2"));
    Result r = walker.walk(server.url("/c"));
    assertTrue(r.isComplete());
    assertEquals(List.of(server.url("/u/1"), server.url("/u/2")), r.itemIds());
    assertEquals(0, server.hits("/c/p1"), "the embedded page is not fetched");
  }

  @Test
  void aNextPointingToItselfIsACycleAndTheCollectionIsIncomplete() {
    serve("/c", collection("/p"));
    serve("/p", page("/p", "/p", "/u/1"));
    Result r = walker.walk(server.url("/c"));
    assertEquals(Stop.CYCLE, r.stop());
    assertFalse(r.isComplete());
    assertEquals(1, server.hits("/p"));
    assertEquals(List.of(server.url("/u/1")), r.itemIds());
  }

  @Test
  void aFirstPageOnAnotherHostIsRefusedBeforeFetching() {
    serve("/c", collection(other.base() + "/p"));
    other.serve("/p", AS2, doc(other.base(), "/p", "OrderedCollectionPage").toString());
    Result r = walker.walk(server.url("/c"));
    assertEquals(Stop.REFUSED, r.stop());
    assertEquals(FetchError.ORIGIN_MISMATCH, r.failure().orElseThrow().error());
    assertEquals(0, other.received().size());
    assertTrue(r.items().isEmpty());
  }

  @Test
  void aNextOnAnotherHostIsRefusedAndKeepsOnlyTheItemsBeforeIt() {
    serve("/c", collection("/p"));
    serve("/p", page("/p", other.base() + "/p2", "/u/1"));
    Result r = walker.walk(server.url("/c"));
    assertEquals(Stop.REFUSED, r.stop());
    assertFalse(r.isComplete());
    assertEquals(1, r.items().size());
    assertEquals(0, other.received().size());
  }

  @Test
  void anEmbeddedPageClaimingAnotherHostIsRefused() {
    ObjectNode c = doc(server.base(), "/c", "OrderedCollection");
    ObjectNode first = doc(other.base(), "/p", "OrderedCollectionPage");
    first.putArray("orderedItems").add(other.base() + "/u/forged");
    c.set("first", first);
    serve("/c", c);
    Result r = walker.walk(server.url("/c"));
    assertEquals(Stop.REFUSED, r.stop());
    assertTrue(r.items().isEmpty());
  }

  @Test
  void infinitePagesStopAtThePageLimit() {
    serve("/c", collection("/inf?n=1"));
    server.route("/inf", ex -> {
      int n = Integer.parseInt(ex.getRequestURI().getQuery().substring(2));
      RecordingServer.respond(ex, 200, AS2, page("/inf?n=" + n, "/inf?n=" + (n + 1), "/u/" + n).toString());
    });
    Result r = walker.walk(server.url("/c"));
    assertEquals(Stop.PAGE_LIMIT, r.stop());
    assertEquals(5, r.pages());
    assertEquals(5, r.items().size());
    assertEquals(5, server.received().stream().filter(x -> x.pathAndQuery().startsWith("/inf")).count());
  }

  @Test
  void aPageWithAHundredThousandItemsIsCutAtTheItemCap() {
    StringBuilder b = new StringBuilder("{\"id\":\"" + server.base() + "/big\",\"type\":\"OrderedCollectionPage\",\"orderedItems\":[");
    for (int i = 0; i < 100_000; i++) {
      b.append(i == 0 ? "" : ",").append("\"x\"");
    }
    b.append("]}");
    server.serve("/big", AS2, b.toString());
    Result r = CollectionWalker.create(fetcher, new Limits(5, 1000)).walk(server.url("/big"));
    assertEquals(Stop.ITEM_LIMIT, r.stop());
    assertEquals(1000, r.items().size());
    assertFalse(r.isComplete());
  }

  @Test
  void aPageWithAHundredThousandUrlsIsStoppedByTheBodyCap() {
    server.route("/huge", ex -> {
      StringBuilder b = new StringBuilder("{\"id\":\"" + server.base() + "/huge\",\"type\":\"OrderedCollectionPage\",\"orderedItems\":[");
      for (int i = 0; i < 100_000; i++) {
        b.append(i == 0 ? "" : ",").append("\"https://attacker.example/users/").append(i).append("\"");
      }
      b.append("]}");
      try {
        RecordingServer.respond(ex, 200, AS2, b.toString());
      } catch (java.io.IOException clientHungUp) {
        // expected: the fetcher stops reading at the cap
      }
    });
    Result r = walker.walk(server.url("/huge"));
    assertEquals(Stop.FAILED, r.stop());
    assertEquals(FetchError.BODY_TOO_LARGE, r.failure().orElseThrow().error());
    assertTrue(r.items().isEmpty());
  }

  @Test
  void theItemCapSpansPages() {
    serve("/c", collection("/p1"));
    serve("/p1", page("/p1", "/p2", "/u/1", "/u/2", "/u/3"));
    serve("/p2", page("/p2", "/p3", "/u/4", "/u/5", "/u/6"));
    serve("/p3", page("/p3", null, "/u/7"));
    Result r = CollectionWalker.create(fetcher, new Limits(10, 5)).walk(server.url("/c"));
    assertEquals(Stop.ITEM_LIMIT, r.stop());
    assertEquals(5, r.items().size());
    assertEquals(0, server.hits("/p3"));
  }

  @Test
  void theInboundRequestsBudgetBoundsPagesToo() {
    serve("/c", collection("/inf?n=1"));
    server.route("/inf", ex -> {
      int n = Integer.parseInt(ex.getRequestURI().getQuery().substring(2));
      RecordingServer.respond(ex, 200, AS2, page("/inf?n=" + n, "/inf?n=" + (n + 1)).toString());
    });
    FetchBudget budget = FetchBudget.of(3, 16);
    Result r = CollectionWalker.create(fetcher, new Limits(100, 1000)).walk(server.url("/c"), budget);
    assertEquals(Stop.BUDGET_EXCEEDED, r.stop());
    assertEquals(FetchError.FETCH_BUDGET_EXCEEDED, r.failure().orElseThrow().error());
    assertEquals(3, server.received().size());
  }

  @Test
  void aDocumentThatIsNotACollectionIsATypedFailure() {
    serve("/note", doc(server.base(), "/note", "Note"));
    Result r = walker.walk(server.url("/note"));
    assertEquals(Stop.FAILED, r.stop());
    assertEquals(FetchError.INVALID_COLLECTION, r.failure().orElseThrow().error());
    serve("/c", collection("/note"));
    Result viaFirst = walker.walk(server.url("/c"));
    assertEquals(FetchError.INVALID_COLLECTION, viaFirst.failure().orElseThrow().error());
  }

  @Test
  void aCollectionOnAPrivateAddressIsRefusedBeforeConnecting() {
    try (Tripwire wire = new Tripwire()) {
      CollectionWalker strict = CollectionWalker.create(RemoteFetcher.builder().build());
      Result r = strict.walk(URI.create("https://127.0.0.1:" + wire.port() + "/c"));
      assertEquals(FetchError.BLOCKED_ADDRESS, r.failure().orElseThrow().error());
      assertEquals(0, wire.connections());
    }
  }

  @Test
  void limitsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new Limits(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Limits(1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Limits(1001, 1));
    assertThrows(IllegalArgumentException.class, () -> new Limits(1, 100_001));
  }
}
