package social.kith.core.html;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Sanitising never throws, never lets a script through, and loses no text when repeated. */
final class HtmlSanitizerProperties {
  private static final String[] PIECES = {"<script>", "</script>", "<scr", "ipt>", "<p>", "</p>", "<a href=\"",
      "javascript:", "\">", "</a>", "<img src=x onerror=", "<style>", "<iframe>", "<!--", "-->", "<svg>", "<",
      ">", "\"", "'", "&lt;", "&#60;", "&#x3C;", "script", " ", "\n", "<b>", "</b>", "<span class=\"mention\">",
      "</span>", "<br>", "<![CDATA[", "]]>", "<textarea>", "<noscript>", "=", "/", "x"};

  @Provide
  Arbitrary<String> tagSoup() {
    return Arbitraries.of(PIECES).list().ofMaxSize(60).map(l -> String.join("", l));
  }

  @Property(tries = 400)
  void tagSoup_neverThrowsAndNeverYieldsAScript(@ForAll("tagSoup") String html) {
    String clean = HtmlSanitizer.sanitize(html);
    String lower = clean.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("<script"), clean);
    SafeHtml.assertSafe(clean);
    HtmlSanitizer.toPlainText(html);
  }

  @Property(tries = 300)
  void anyString_neverThrowsAndNeverYieldsAScript(@ForAll String anything) {
    String clean = HtmlSanitizer.sanitize(anything);
    assertFalse(clean.toLowerCase(Locale.ROOT).contains("<script"));
    SafeHtml.assertSafe(clean);
    HtmlSanitizer.toPlainText(anything);
    assertFalse(HtmlSanitizer.textToHtml(anything).toLowerCase(Locale.ROOT).contains("<script"));
  }

  @Property(tries = 300)
  void resanitising_keepsTheTextAndStaysSafe(@ForAll("tagSoup") String html) {
    String once = HtmlSanitizer.sanitize(html);
    String twice = HtmlSanitizer.sanitize(once);
    SafeHtml.assertSafe(twice);
    assertEquals(HtmlSanitizer.toPlainText(once), HtmlSanitizer.toPlainText(twice));
  }
}
