package social.kith.activitypub.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The HTML alternate-link fallback, including the hostile inputs of checklist item 46. */
final class HtmlLinksTest {
  private static final URI BASE = URI.create("https://example.social/@alice");

  private static Optional<URI> find(String html) {
    return HtmlLinks.activityLink(html, BASE);
  }

  @Test
  void findsTheAlternateLinkInItsUsualForms() {
    URI want = URI.create("https://example.social/users/alice");
    assertEquals(Optional.of(want), find("<html><head><link rel=\"alternate\" type=\"application/activity+json\" "
        + "href=\"https://example.social/users/alice\"></head></html>"));
    assertEquals(Optional.of(want), find("<LINK HREF='/users/alice' TYPE='application/activity+json' REL='me alternate'/>"));
    assertEquals(Optional.of(want), find("<link\nrel=alternate\ttype=application/activity+json href=/users/alice>"));
    assertEquals(Optional.of(want), find("<link rel=\"alternate\" type=\"application/ld+json; "
        + "profile=&quot;https://www.w3.org/ns/activitystreams&quot;\" href=\"/users/alice\">"));
    assertEquals(Optional.of(URI.create("https://example.social/users/alice?a=1&b=2")), find(
        "<link rel=alternate type=\"application/activity+json\" href=\"/users/alice?a=1&amp;b=2\">"));
  }

  @Test
  void ignoresLinksThatDoNotQualify() {
    assertEquals(Optional.empty(), find("<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed\">"));
    assertEquals(Optional.empty(), find("<link rel=\"stylesheet\" type=\"application/activity+json\" href=\"/x\">"));
    assertEquals(Optional.empty(), find("<link rel=\"alternate\" type=\"application/ld+json\" href=\"/x\">"));
    assertEquals(Optional.empty(), find("<!-- <link rel=alternate type=application/activity+json href=/x> -->"));
    assertEquals(Optional.empty(), find("<linked rel=alternate type=application/activity+json href=/x>"));
    assertEquals(Optional.empty(), find("<a rel=alternate type=application/activity+json href=/x>"));
    assertEquals(Optional.empty(), find("<link rel=alternate type=application/activity+json href=\"javascript:alert(1)\">"));
    assertEquals(Optional.empty(), find(""));
  }

  @Test
  void theFirstQualifyingLinkWins() {
    assertEquals(Optional.of(URI.create("https://example.social/one")), find(
        "<link rel=alternate type=text/html href=/zero><link rel=alternate type=application/activity+json href=/one>"
            + "<link rel=alternate type=application/activity+json href=/two>"));
  }

  @Test
  void hostileSoupIsScannedInLinearTimeAndCappedAtOneMebibyte() {
    StringBuilder unclosed = new StringBuilder("<link");
    for (int i = 0; i < 10_000; i++) {
      unclosed.append(" a").append(i);
    }
    assertEquals(Optional.empty(), find(unclosed.toString()));
    assertEquals(Optional.empty(), find("<link rel=\"" + "x".repeat(2_000_000)));
    assertEquals(Optional.empty(), find("<link ".repeat(400_000)));
    assertEquals(Optional.empty(), find("<".repeat(3_000_000)));
    assertEquals(Optional.empty(), find("<!--".repeat(500_000)));
    String late = " ".repeat(HtmlLinks.MAX_CHARS) + "<link rel=alternate type=application/activity+json href=/x>";
    assertEquals(Optional.empty(), find(late), "nothing past the first MiB is read");
    StringBuilder manyAttrs = new StringBuilder("<link");
    for (int i = 0; i < 100; i++) {
      manyAttrs.append(" x").append(i).append("=1");
    }
    manyAttrs.append(" rel=alternate type=application/activity+json href=/x>");
    assertEquals(Optional.empty(), find(manyAttrs.toString()), "attributes past the limit are not read");
  }
}
