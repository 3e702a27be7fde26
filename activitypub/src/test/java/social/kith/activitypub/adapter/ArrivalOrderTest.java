package social.kith.activitypub.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.vocab.ApMapper;
import social.kith.activitypub.vocab.AsParser;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Post;

/** Creates, Updates and Deletes of one received post arriving in any order end in the same state. */
class ArrivalOrderTest {
  private static Post note(int n, String author, String text) {
    String json = "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"https://remote.example/notes/" + n
        + "\",\"type\":\"Note\",\"attributedTo\":\"https://remote.example/users/" + author + "\",\"content\":\"<p>"
        + text + "</p>\",\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"]}";
    return ApMapper.withClock(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"))).post(AsParser.DEFAULT.parse(json))
        .post();
  }

  @Test
  void aCreateAfterItsAuthorsDelete_isDropped() {
    ArrivalOrder order = new ArrivalOrder(10);
    Post post = note(1, "ann", "one");
    order.deletedBeforeCreate(post.id(), post.author());
    assertNull(order.created(post));
    assertNull(order.created(post), "the tombstone stays for redeliveries");
  }

  @Test
  void aDeleteBySomeoneElse_doesNotBlockTheAuthorsCreate() {
    ArrivalOrder order = new ArrivalOrder(10);
    Post post = note(1, "ann", "one");
    order.deletedBeforeCreate(post.id(), IdentityId.of(post.author().protocol(), "https://remote.example/users/eve"));
    assertSame(post, order.created(post));
  }

  @Test
  void anEditBeforeTheCreate_standsInForIt_once() {
    ArrivalOrder order = new ArrivalOrder(10);
    Post created = note(1, "ann", "one");
    Post edited = note(1, "ann", "one, edited");
    order.editedBeforeCreate(edited);
    assertSame(edited, order.created(created));
    assertSame(created, order.created(created), "the early edit was used up");
    assertEquals(0, order.size());
  }

  @Test
  void anEditByAnotherAuthor_isNotApplied() {
    ArrivalOrder order = new ArrivalOrder(10);
    Post created = note(1, "ann", "one");
    order.editedBeforeCreate(note(1, "eve", "forged"));
    assertSame(created, order.created(created));
  }

  @Test
  void editThenDeleteBeforeTheCreate_leavesNothing() {
    ArrivalOrder order = new ArrivalOrder(10);
    Post created = note(1, "ann", "one");
    order.editedBeforeCreate(note(1, "ann", "edited"));
    order.deletedBeforeCreate(created.id(), created.author());
    order.editedBeforeCreate(note(1, "ann", "edited again after the delete"));
    assertNull(order.created(created));
    assertEquals(1, order.size(), "only the tombstone is held");
  }

  @Test
  void memoryIsBounded_theOldestGoesFirst() {
    ArrivalOrder order = new ArrivalOrder(2);
    Post first = note(1, "ann", "1");
    for (int i = 1; i <= 3; i++) {
      Post p = note(i, "ann", String.valueOf(i));
      order.deletedBeforeCreate(p.id(), p.author());
    }
    assertEquals(2, order.size());
    assertSame(first, order.created(first), "the oldest tombstone was forgotten");
    assertNull(order.created(note(3, "ann", "3")));
    assertThrows(IllegalArgumentException.class, () -> new ArrivalOrder(0));
  }
}
