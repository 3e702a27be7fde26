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
      "</span>", "<br>", "<a href=\"HTTPS://Example.COM/a b\" class=\"u-url mention\">", "<h1>", "</h1>", "<![CDATA[", "]]>", "<textarea>", "<noscript>", "=", "/", "x"};

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

  /** Content asks for the text and then the safe HTML of one string: that shares a parse and changes nothing. */
  @Property(tries = 400)
  void textThenSafeHtmlOfOneString_isWhatSeparateCallsGive(@ForAll("tagSoup") String html) {
    String expectedText = HtmlSanitizer.toPlainText(new String(html.toCharArray()));
    String expectedHtml = HtmlSanitizer.sanitize(new String(html.toCharArray()));
    assertEquals(expectedText, HtmlSanitizer.toPlainText(html));
    assertEquals(expectedHtml, HtmlSanitizer.sanitize(html));
    assertEquals(expectedHtml, HtmlSanitizer.sanitize(html), "the cleaned parse is never handed out again");
    assertEquals(expectedText, HtmlSanitizer.toPlainText(html));
    assertEquals(expectedText, HtmlSanitizer.toPlainText(html));
    assertEquals(expectedHtml, HtmlSanitizer.sanitize(html));
  }
}
