package social.kith.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import social.kith.core.ErrorCode;
import social.kith.core.InvalidInputException;
import social.kith.core.feed.Cursor;
import social.kith.core.feed.FeedPage;
import social.kith.core.feed.FeedPosition;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.Content;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Mention;
import social.kith.core.model.Post;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;
import social.kith.core.store.PostStore;

/**
 * The contract every {@link PostStore} must pass; extend it with a {@code *ContractTest} that
 * returns a fresh, empty store.
 */
public abstract class PostStoreContract {
  protected static final Protocol P = Protocol.of("store-test");
  protected static final IdentityId ALICE = IdentityId.of(P, "alice");
  protected static final IdentityId BOB = IdentityId.of(P, "bob");
  protected static final IdentityId CAROL = IdentityId.of(P, "carol");
  protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  protected PostStore store;

  /** A new, empty store. */
  protected abstract PostStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  protected static Post post(String id, IdentityId author, long secondsAfterT0) {
    return Post.builder(PostId.of(P, id), author, T0.plusSeconds(secondsAfterT0)).content(Content.plain("text of " + id)).build();
  }

  private List<PostId> ids(FeedPage<Post> page) {
    return page.items().stream().map(Post::id).toList();
  }

  private List<PostId> allPages(java.util.function.Function<Optional<Cursor>, FeedPage<Post>> query) {
    List<PostId> out = new ArrayList<>();
    Optional<Cursor> cursor = Optional.empty();
    for (int i = 0; i < 1000; i++) {
      FeedPage<Post> page = query.apply(cursor);
      out.addAll(ids(page));
      if (page.next().isEmpty()) {
        return out;
      }
      cursor = page.next();
    }
    throw new AssertionError("paging does not end");
  }

  private static List<PostId> sortedIds(Post... posts) {
    List<Post> list = new ArrayList<>(Arrays.asList(posts));
    list.sort(FeedPosition.POST_ORDER);
    return list.stream().map(Post::id).toList();
  }

  @Test
  void put_thenGet_returnsThePost() {
    Post p = post("a", ALICE, 0);
    store.put(p);
    assertEquals(Optional.of(p), store.get(p.id()));
    assertEquals(1, store.size());
    assertEquals(Optional.empty(), store.get(PostId.of(P, "missing")));
  }

  @Test
  void put_sameId_replacesAndMovesThePost() {
    Post first = post("a", ALICE, 0);
    store.put(first);
    store.put(post("b", ALICE, 5));
    Post edited = first.toBuilder().content(Content.plain("edited")).editedAt(T0.plusSeconds(9)).build();
    store.put(edited);
    assertEquals(2, store.size());
    assertEquals("edited", store.get(first.id()).orElseThrow().content().plainText());
    assertEquals(List.of(PostId.of(P, "b"), first.id()), ids(store.byAuthors(Set.of(ALICE), 10, Optional.empty())));
  }

  @Test
  void delete_removesFromGetAndFeeds() {
    Post p = post("a", ALICE, 0);
    store.put(p);
    assertTrue(store.delete(p.id()));
    assertFalse(store.delete(p.id()));
    assertEquals(Optional.empty(), store.get(p.id()));
    assertEquals(List.of(), store.byAuthors(Set.of(ALICE), 10, Optional.empty()).items());
    assertEquals(0, store.size());
  }

  @Test
  void byAuthors_pagesEveryPostOnceNewestFirstWithTiesById() {
    List<Post> posts = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      posts.add(post(String.format("p%02d", i), i % 2 == 0 ? ALICE : BOB, i / 3)); // triples share a second
    }
    posts.add(post("c0", CAROL, 100));
    posts.forEach(store::put);
    List<PostId> expected = sortedIds(posts.stream().filter(p -> !p.author().equals(CAROL)).toArray(Post[]::new));
    for (int limit : new int[] {1, 2, 5, 16, 17, 200}) {
      assertEquals(expected, allPages(c -> store.byAuthors(Set.of(ALICE, BOB), limit, c)), "limit " + limit);
    }
    FeedPage<Post> first = store.byAuthors(Set.of(ALICE, BOB), 16, Optional.empty());
    assertTrue(first.hasNext());
    FeedPage<Post> last = store.byAuthors(Set.of(ALICE, BOB), 16, first.next());
    assertEquals(1, last.items().size());
    assertFalse(last.hasNext(), "the last page has no cursor");
  }

  @Test
  void byAuthors_lastPageIsExactlyFull_hasNoNext() {
    store.put(post("a", ALICE, 1));
    store.put(post("b", ALICE, 2));
    FeedPage<Post> page = store.byAuthors(Set.of(ALICE), 2, Optional.empty());
    assertEquals(2, page.items().size());
    assertFalse(page.hasNext());
  }

  @Test
  void byAuthors_afterAnyPosition_returnsStrictlyOlderPosts() {
    Post a = post("a", ALICE, 1);
    Post b = post("b", ALICE, 2);
    Post c = post("c", ALICE, 3);
    List.of(a, b, c).forEach(store::put);
    Cursor afterB = FeedPosition.of(b).toCursor();
    assertEquals(List.of(a.id()), ids(store.byAuthors(Set.of(ALICE), 10, Optional.of(afterB))));
    // A position that is not a stored post (another protocol's post, merged timelines) works too.
    Cursor between = new FeedPosition(T0.plusMillis(2500), PostId.of(Protocol.of("zzz"), "x")).toCursor();
    assertEquals(List.of(b.id(), a.id()), ids(store.byAuthors(Set.of(ALICE), 10, Optional.of(between))));
  }

  @Test
  void thread_returnsRootAndItsConversation() {
    Post root = post("root", ALICE, 0);
    Post reply = Post.builder(PostId.of(P, "r1"), BOB, T0.plusSeconds(1)).content(Content.plain("r1"))
        .inReplyTo(root.id()).threadRoot(root.id()).build();
    Post directReplyWithoutRoot = Post.builder(PostId.of(P, "r2"), CAROL, T0.plusSeconds(2)).content(Content.plain("r2"))
        .inReplyTo(root.id()).build();
    Post nested = Post.builder(PostId.of(P, "r3"), ALICE, T0.plusSeconds(3)).content(Content.plain("r3"))
        .inReplyTo(reply.id()).threadRoot(root.id()).build();
    Post unrelated = post("other", ALICE, 4);
    List.of(root, reply, directReplyWithoutRoot, nested, unrelated).forEach(store::put);
    assertEquals(sortedIds(root, reply, directReplyWithoutRoot, nested),
        allPages(c -> store.thread(root.id(), 2, c)));
  }

  @Test
  void addressedTo_findsMentionsAndDirectPosts() {
    Post mention = Post.builder(PostId.of(P, "m"), BOB, T0.plusSeconds(1)).content(Content.plain("hi @alice"))
        .mentions(List.of(Mention.of(ALICE, "@alice"))).build();
    Post direct = Post.builder(PostId.of(P, "d"), CAROL, T0.plusSeconds(2)).content(Content.plain("psst"))
        .visibility(Visibility.DIRECT).directRecipients(List.of(ALICE)).build();
    Post toBob = Post.builder(PostId.of(P, "b"), CAROL, T0.plusSeconds(3)).content(Content.plain("hi @bob"))
        .mentions(List.of(Mention.of(BOB, "@bob"))).build();
    List.of(mention, direct, toBob, post("x", ALICE, 4)).forEach(store::put);
    assertEquals(sortedIds(mention, direct), allPages(c -> store.addressedTo(Set.of(ALICE), 1, c)));
    assertEquals(sortedIds(mention, direct, toBob), allPages(c -> store.addressedTo(Set.of(ALICE, BOB), 10, c)));
  }

  @Test
  void emptyStore_givesAnEmptyLastPage() {
    FeedPage<Post> page = store.byAuthors(Set.of(ALICE), 10, Optional.empty());
    assertEquals(List.of(), page.items());
    assertFalse(page.hasNext());
  }

  @Test
  void badArguments_areInvalidInputAndChangeNothing() {
    Post p = post("a", ALICE, 0);
    store.put(p);
    Set<IdentityId> withNull = new HashSet<>();
    withNull.add(null);
    List<Runnable> bad = List.of(
        () -> store.byAuthors(Set.of(ALICE), 0, Optional.empty()),
        () -> store.byAuthors(Set.of(ALICE), FeedQuery.MAX_LIMIT + 1, Optional.empty()),
        () -> store.byAuthors(Set.of(ALICE), 10, Optional.of(Cursor.of("garbage"))),
        () -> store.byAuthors(Set.of(ALICE), 10, Optional.of(Cursor.of("p1.%%%".replace("%", "A")))),
        () -> store.byAuthors(withNull, 10, Optional.empty()),
        () -> store.byAuthors(null, 10, Optional.empty()),
        () -> store.thread(null, 10, Optional.empty()),
        () -> store.addressedTo(Set.of(ALICE), 10, null),
        () -> store.put(null),
        () -> store.get(null),
        () -> store.delete(null));
    for (Runnable r : bad) {
      InvalidInputException e = assertThrows(InvalidInputException.class, r::run);
      assertTrue(e.code() == ErrorCode.Standard.INVALID_INPUT || e.code() == ErrorCode.Standard.LIMIT_EXCEEDED);
    }
    assertEquals(1, store.size());
    assertEquals(Optional.of(p), store.get(p.id()));
  }
}
