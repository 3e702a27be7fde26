package social.kith.activitypub.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.fetch.Origin;

/** The inbox's shortcut for URIs on one authority answers exactly what comparing two {@link Origin}s does. */
class SameOriginTest {
  private static final List<String> URIS = List.of(
      "https://remote.example/users/bob", "https://remote.example/users/bob/statuses/1#x",
      "https://REMOTE.example/users/bob", "https://remote.example.:443/users/bob", "https://remote.example:443/a",
      "https://remote.example:8443/a", "http://remote.example/users/bob", "HTTPS://remote.example/users/bob",
      "https://remote.example@evil.example/users/bob", "https://@remote.example/users/bob",
      "https://user:pw@remote.example/a", "https://xn--bcher-kva.example/a", "https://b%C3%BCcher.example/a",
      "https://remote.example:99999/a", "https://remote..example/a", "https://[::1]/a", "https://[::1]:443/b",
      "ftp://remote.example/a", "//remote.example/a", "https:opaque", "https:other", "/relative/path");

  /** What the inbox compared before the shortcut: two canonical origins, no origin meaning "not the same". */
  private static boolean reference(URI a, URI b) {
    Optional<Origin> oa = Origin.parse(a.toString());
    Optional<Origin> ob = Origin.parse(b.toString());
    return oa.isPresent() && ob.isPresent() && oa.get().equals(ob.get());
  }

  @Test
  void agreesWithTheCanonicalOriginFunctionOnEveryPair() {
    int same = 0;
    for (int round = 0; round < 2; round++) { // the second round answers from the cache
      for (String x : URIS) {
        for (String y : URIS) {
          URI a = URI.create(x);
          URI b = URI.create(y);
          boolean expected = reference(a, b);
          assertEquals(expected, Inbox.sameOrigin(a, b), x + " vs " + y);
          same += expected ? 1 : 0;
        }
      }
    }
    assertEquals(true, same > URIS.size(), "the list has equal origins under different spellings");
  }

  @Test
  void anAuthorityWithUserinfoIsNeverAnOriginEvenWhenBothSidesShareIt() {
    URI a = URI.create("https://victim.example@evil.example/users/x");
    URI b = URI.create("https://victim.example@evil.example/users/x/activity");
    assertEquals(false, Inbox.sameOrigin(a, b));
    assertEquals(false, Inbox.sameOrigin(a, b), "and not from the cache either");
  }
}
