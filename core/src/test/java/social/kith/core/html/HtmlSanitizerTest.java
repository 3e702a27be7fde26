package social.kith.core.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Security checklist item 36: hostile HTML is neutralised, allowed markup survives, nothing throws. */
final class HtmlSanitizerTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "<script>alert(1)</script>hello",
      "<SCRIPT SRC=//evil.example/x.js></SCRIPT>hello",
      "<style>body{display:none}</style>hello",
      "<iframe src=\"https://evil.example\"></iframe>hello",
      "<img src=x onerror=alert(1)>hello",
      "<p onclick=\"alert(1)\">hello</p>",
      "<a href=\"javascript:alert(1)\">hello</a>",
      "<a href=\"JaVaScRiPt:alert(1)\">hello</a>",
      "<a href=\"jav&#x09;ascript:alert(1)\">hello</a>",
      "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">hello</a>",
      "<svg><script>alert(1)</script></svg>hello",
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>hello",
      "<form action=\"https://evil.example\"><input name=x></form>hello",
      "<object data=\"x.swf\"></object><embed src=x>hello",
      "<span style=\"background:url(javascript:alert(1))\">hello</span>",
      "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">hello",
      "<base href=\"https://evil.example/\">hello",
      "<!--<script>alert(1)</script>-->hello",
      "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">hello",
  })
  void removesActiveContent(String hostile) {
    String clean = HtmlSanitizer.sanitize(hostile);
    SafeHtml.assertSafe(clean);
    String lower = clean.toLowerCase(Locale.ROOT);
    for (String bad : new String[] {"<script", "<style", "<iframe", "<img", "<form", "<input", "<object", "<embed",
        "<meta", "<base", "<svg", "<math"}) {
      assertFalse(lower.contains(bad), () -> "'" + bad + "' survived in: " + clean);
    }
  }

  @Test
  void keepsPostMarkup() {
    String html = "<p>One <strong>two</strong> <em>three</em> <b>b</b> <i>i</i> <u>u</u> <del>d</del> <s>s</s>"
        + " <code>c</code></p><pre>x  y</pre><blockquote>q</blockquote><ul><li>a</li></ul><ol><li>b</li></ol><p>l<br>2</p>";
    assertEquals(html, HtmlSanitizer.sanitize(html));
  }

  @Test
  void keepsMentionAndHashtagLinks_withForcedRel() {
    String mastodon = "<p><span class=\"h-card\"><a href=\"https://social.example/@alice\" class=\"u-url mention\">"
        + "@<span>alice</span></a></span> see <a href=\"https://social.example/tags/kith\" class=\"mention hashtag\" rel=\"tag\">"
        + "#<span>kith</span></a></p>";
    String clean = HtmlSanitizer.sanitize(mastodon);
    assertEquals("<p><span class=\"h-card\"><a href=\"https://social.example/@alice\" class=\"u-url mention\" "
        + "rel=\"nofollow noopener noreferrer\">@<span>alice</span></a></span> see "
        + "<a href=\"https://social.example/tags/kith\" class=\"mention hashtag\" rel=\"nofollow noopener noreferrer\">"
        + "#<span>kith</span></a></p>", clean);
  }

  @Test
  void dropsUnknownClassesAndRelativeLinks() {
    assertEquals("<span>x</span>", HtmlSanitizer.sanitize("<span class=\"evil-overlay fixed\">x</span>"));
    assertEquals("<span class=\"invisible\">x</span>", HtmlSanitizer.sanitize("<span class=\"invisible\">x</span>"));
    assertEquals("<a rel=\"nofollow noopener noreferrer\">x</a>", HtmlSanitizer.sanitize("<a href=\"/relative\">x</a>"));
    assertEquals("<a href=\"mailto:a@b.example\" rel=\"nofollow noopener noreferrer\">m</a>",
        HtmlSanitizer.sanitize("<a href=\"mailto:a@b.example\" target=\"_blank\">m</a>"));
  }

  @Test
  void neverThrowsOnNullEmptyOrGarbage() {
    assertEquals("", HtmlSanitizer.sanitize(null));
    assertEquals("", HtmlSanitizer.sanitize(""));
    assertEquals("", HtmlSanitizer.toPlainText(null));
    assertEquals("", HtmlSanitizer.textToHtml(null));
    for (String garbage : new String[] {"<", ">", "<<<>>>", "</p></p></div>", "<a href=", "\u0000\u0001<\ud800>",
        "&#xffffffff;&#0;&bogus;", "<p <p <p", "<!--", "<![CDATA[x]]>", "<?xml?>"}) {
      SafeHtml.assertSafe(HtmlSanitizer.sanitize(garbage));
      HtmlSanitizer.toPlainText(garbage);
      SafeHtml.assertSafe(HtmlSanitizer.textToHtml(garbage));
    }
    assertEquals("&lt;&lt;&lt;&gt;&gt;&gt;", HtmlSanitizer.sanitize("<<<>>>"));
  }

  @Test
  void deeplyNestedTags_doNotOverflowTheStack() {
    String nested = "<div>".repeat(10_000) + "deep" + "</div>".repeat(10_000);
    String clean = HtmlSanitizer.sanitize(nested);
    assertEquals("deep", clean);
    assertEquals("deep", HtmlSanitizer.toPlainText(nested));
    String nestedAllowed = "<blockquote>".repeat(10_000) + "q" + "</blockquote>".repeat(10_000);
    String kept = HtmlSanitizer.sanitize(nestedAllowed);
    assertTrue(kept.contains("q"));
    assertEquals(HtmlSanitizer.MAX_DEPTH, kept.split("<blockquote>", -1).length - 1, "nesting is bounded");
    SafeHtml.assertSafe(kept);
  }

  @Test
  void hugeInput_isCutAtTheDocumentedCap() {
    String huge = "<p>" + "a".repeat(HtmlSanitizer.MAX_INPUT_CHARS * 2) + "</p>";
    String clean = HtmlSanitizer.sanitize(huge);
    assertTrue(clean.length() <= HtmlSanitizer.MAX_INPUT_CHARS + 16, "output bounded: " + clean.length());
    assertTrue(clean.startsWith("<p>aaa"));
  }

  @Test
  void toPlainText_keepsParagraphsAndLineBreaks() {
    assertEquals("Hello world\nsecond line\n\nNext & last",
        HtmlSanitizer.toPlainText("<p>Hello   <b>world</b><br>second line</p><p>Next &amp; last</p>"));
    assertEquals("a\n\nquoted\n\nb", HtmlSanitizer.toPlainText("a<blockquote>quoted</blockquote>b"));
    assertEquals("keep  spaces\n  here", HtmlSanitizer.toPlainText("<pre>keep  spaces\n  here</pre>"));
  }

  @Test
  void textToHtml_escapesAndMakesParagraphsAndLinks() {
    assertEquals("<p>a &lt;b&gt; &amp; c<br>next</p><p>para, see "
        + "<a href=\"https://kith.example/x?a=1&amp;b=2\" rel=\"nofollow noopener noreferrer\">https://kith.example/x?a=1&amp;b=2</a>.</p>",
        HtmlSanitizer.textToHtml("a <b> & c\nnext\n\npara, see https://kith.example/x?a=1&b=2."));
    String linked = HtmlSanitizer.textToHtml("go https://x.example/\"><script>alert(1)</script>");
    assertFalse(linked.contains("<script"), linked);
    SafeHtml.assertSafe(linked);
    assertEquals(HtmlSanitizer.toPlainText(linked), HtmlSanitizer.toPlainText(HtmlSanitizer.sanitize(linked)));
  }
}
