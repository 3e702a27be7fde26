package social.kith.core.html;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;

/** A structural check of sanitiser output: only safelisted elements, attributes and link schemes. */
final class SafeHtml {
  private static final Set<String> TAGS = Set.of("body", "p", "br", "a", "span", "strong", "em", "b", "i", "u",
      "del", "s", "code", "pre", "blockquote", "ul", "ol", "li");
  private static final Set<String> ATTRIBUTES = Set.of("href", "rel", "class", "start", "reversed", "value");

  private SafeHtml() {}

  static void assertSafe(String html) {
    for (Element e : Jsoup.parseBodyFragment(html).body().getAllElements()) {
      assertTrue(TAGS.contains(e.normalName()), () -> "element <" + e.normalName() + "> in: " + html);
      for (Attribute a : e.attributes()) {
        assertTrue(ATTRIBUTES.contains(a.getKey().toLowerCase(Locale.ROOT)), () -> "attribute " + a.getKey() + " in: " + html);
        if (a.getKey().equals("href")) {
          String v = a.getValue().toLowerCase(Locale.ROOT).strip();
          assertTrue(v.startsWith("http://") || v.startsWith("https://") || v.startsWith("mailto:"),
              () -> "href " + a.getValue() + " in: " + html);
        }
      }
      if (e.normalName().equals("a")) {
        assertTrue(e.attr("rel").equals("nofollow noopener noreferrer"), () -> "link without forced rel in: " + html);
      }
    }
  }
}
