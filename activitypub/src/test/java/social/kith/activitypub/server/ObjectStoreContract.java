package social.kith.activitypub.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.vocab.AsParser;
import social.kith.core.model.Visibility;

/** What every {@link ObjectStore} does. */
abstract class ObjectStoreContract {
  static final ActorUrls URLS = new ActorUrls(URI.create("https://kith.example"));

  abstract ObjectStore store();

  static StoredObject object(String localId, boolean activity, long second, Visibility v) {
    URI id = URLS.object("alice", activity ? "activities" : "statuses", localId);
    return new StoredObject(id, "alice", v, Set.of(URI.create("https://remote.example/users/bob")),
        AsParser.DEFAULT.parse("{\"id\":\"" + id + "\",\"type\":\"" + (activity ? "Create" : "Note") + "\"}"),
        activity, Instant.EPOCH.plusSeconds(second));
  }

  @Test
  void storesServesListsAndRemoves() {
    ObjectStore s = store();
    StoredObject note = object("n1", false, 1, Visibility.FOLLOWERS);
    StoredObject a1 = object("a1", true, 1, Visibility.PUBLIC);
    StoredObject a2 = object("a2", true, 2, Visibility.PUBLIC);
    s.put(note);
    s.put(a1);
    s.put(a2);
    assertEquals(note, s.get(note.id()).orElseThrow());
    assertEquals(List.of(a2, a1), s.activities("alice"));
    assertTrue(s.activities("carol").isEmpty());
    s.setFeatured("alice", List.of(note.id()));
    assertEquals(List.of(note.id()), s.featured("alice"));
    assertTrue(s.remove(note.id()));
    assertFalse(s.remove(note.id()));
    assertTrue(s.get(note.id()).isEmpty());
  }
}
