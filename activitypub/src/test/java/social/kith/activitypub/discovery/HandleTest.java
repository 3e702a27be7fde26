package social.kith.activitypub.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class HandleTest {
  @Test
  void parsesTheUsualSpellings() {
    Handle h = Handle.parse("@alice@example.social");
    assertEquals(new Handle("alice", "example.social"), h);
    assertEquals(h, Handle.parse("alice@example.social"));
    assertEquals(h, Handle.parse("acct:alice@example.social"));
    assertEquals(h, Handle.parse("  ACCT:alice@Example.Social.  "));
    assertEquals("@alice@example.social", h.toString());
    assertEquals("acct:alice@example.social", h.acct());
    assertEquals(new Handle("bob", "127.0.0.1:8080"), Handle.parse("@bob@127.0.0.1:8080"));
    assertEquals("example.social", Handle.parse("@x@example.social:443").host(), "the default port is dropped");
    assertEquals("xn--bcher-kva.example", Handle.parse("@leser@bücher.example").host());
    assertEquals("127.0.0.1", Handle.parse("@bob@127.0.0.1:8080").hostName());
  }

  @Test
  void comparesUsersCaseInsensitivelyAndHostsCanonically() {
    Handle h = Handle.parse("@Gargron@mastodon.social");
    assertTrue(h.isNamedBy("acct:gargron@MASTODON.social."));
    assertFalse(h.isNamedBy("acct:gargron@mastodon.social.evil.example"));
    assertFalse(h.isNamedBy("https://mastodon.social/@Gargron"));
    assertFalse(h.isNamedBy("acct:gargron@evil.example"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "alice", "@alice", "@alice@", "@@example.com", "acct:a@b@c", "@a@b@c",
      "al ice@example.com", "al/ice@example.com", "alice@exa mple.com", "alice@example.com/path",
      "alice@example.com?x", "alice@user@evil.example", "ali\u0000ce@example.com", "alice@%65xample.com",
      "alice@[::1", "alice@example.com:notaport", "alicé@example.com"})
  void refusesMalformedHandles(String text) {
    DiscoveryException e = assertThrows(DiscoveryException.class, () -> Handle.parse(text));
    assertEquals(DiscoveryError.INVALID_HANDLE, e.error());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void refusesOverlongHandles() {
    assertEquals(DiscoveryError.INVALID_HANDLE,
        assertThrows(DiscoveryException.class, () -> Handle.parse("@" + "a".repeat(129) + "@example.com")).error());
    assertEquals(DiscoveryError.INVALID_HANDLE,
        assertThrows(DiscoveryException.class, () -> Handle.parse("@a@" + "b".repeat(600) + ".com")).error());
  }
}
