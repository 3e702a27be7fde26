package social.kith.core.html;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Turns HTML from peers into HTML that is safe to show, and converts between HTML and plain text.
 *
 * <p>The safelist is what fediverse servers send for posts: {@code p br a span strong em b i u del
 * s code pre blockquote ul ol li}. Links keep only {@code http}, {@code https} and {@code mailto}
 * URLs and always get {@code rel="nofollow noopener noreferrer"}; {@code class} survives only on
 * {@code a} and {@code span} and only with the microformat and mention classes Mastodon uses
 * ({@code mention}, {@code hashtag}, {@code u-url}, {@code h-card}, {@code invisible},
 * {@code ellipsis} and other {@code h-}, {@code p-}, {@code u-}, {@code dt-}, {@code e-} classes).
 * Scripts, styles, frames, forms, images, event handler and style attributes are removed; the text
 * inside unknown elements is kept, the content of {@code script} and {@code style} is not.
 *
 * <p><b>Never throws</b> (security checklist item 36): {@code null}, empty, garbage and hostile
 * input all give a string. Input longer than {@value #MAX_INPUT_CHARS} characters is cut to that
 * length before parsing, and nesting deeper than {@value #MAX_DEPTH} elements is flattened by the
 * parser, so time and memory stay bounded. Thread-safe.
 */
public final class HtmlSanitizer {
  /** Input beyond this many UTF-16 units is dropped before parsing (1 MiB of characters). */
  public static final int MAX_INPUT_CHARS = 1 << 20;
  /** Elements nested deeper than this are unwrapped (their content kept, one level up). */
  public static final int MAX_DEPTH = 256;

  private static final System.Logger LOG = System.getLogger(HtmlSanitizer.class.getName());
  private static final String LINK_REL = "nofollow noopener noreferrer";
  private static final Set<String> CLASS_WORDS = Set.of("mention", "hashtag", "invisible", "ellipsis");
  private static final Pattern CLASS_PREFIX = Pattern.compile("(?:h|p|u|dt|e)-[a-z0-9-]{1,40}");
  private static final Set<String> BLOCKS = Set.of("p", "div", "blockquote", "pre", "ul", "ol", "li",
      "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "section", "article", "header", "footer");
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'\\u0000-\\u001f]{1,2000}");
  private static final Pattern BLANK_LINES = Pattern.compile("\\r?\\n(?:[ \\t]*\\r?\\n)+");

  /**
   * Fragments up to this many characters are remembered (one per thread) after {@link #toPlainText}
   * parsed them, so that a {@link #sanitize} of the same string right after does not parse it again.
   */
  private static final int REUSE_MAX_CHARS = 16 * 1024;
  /** The last fragment {@link #toPlainText} parsed on this thread, unmodified; taken by the next parse of it. */
  private static final ThreadLocal<Parsed> LAST_PARSED = new ThreadLocal<>();
  /** Built once and never modified afterwards: the cleaner only reads it, from any thread. */
  private static final Safelist SAFELIST = safelist();

  private HtmlSanitizer() {}

  /** A parse of {@code input} (compared by identity: a caller asking twice about one string). */
  private record Parsed(String input, Document doc) {}

  private static Safelist safelist() {
    return new Safelist()
        .addTags("p", "br", "a", "span", "strong", "em", "b", "i", "u", "del", "s", "code", "pre",
            "blockquote", "ul", "ol", "li")
        .addAttributes("a", "href", "class")
        .addAttributes("span", "class")
        .addAttributes("ol", "start", "reversed")
        .addAttributes("li", "value")
        .addProtocols("a", "href", "http", "https", "mailto")
        .addEnforcedAttribute("a", "rel", LINK_REL)
        .preserveRelativeLinks(false);
  }

  /**
   * Safe HTML for {@code html}: only the safelisted elements and attributes remain, links are
   * forced to {@code rel="nofollow noopener noreferrer"}. Returns {@code ""} for {@code null}.
   */
  public static String sanitize(String html) {
    if (html == null || html.isEmpty()) {
      return "";
    }
    try {
      // Cleaning may rewrite the parsed tree's link attributes, so this parse is never kept for reuse.
      Document dirty = parse(html, false);
      Document clean = new Cleaner(SAFELIST).clean(dirty);
      List<Element> tooDeep = new ArrayList<>();
      NodeTraversor.traverse((node, depth) -> {
        if (node instanceof Element e) {
          if (depth > MAX_DEPTH) {
            tooDeep.add(e);
          } else if (e.hasAttr("class")) {
            filterClasses(e);
          }
        }
      }, clean.body());
      for (Element e : tooDeep) {
        e.unwrap();
      }
      clean.outputSettings().prettyPrint(false).charset("UTF-8").escapeMode(Entities.EscapeMode.base);
      return clean.body().html();
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(Level.WARNING, "HTML sanitiser gave up on an input of " + html.length()
          + " characters; returning empty HTML: " + e);
      return "";
    }
  }

  /**
   * The text of {@code html} without markup: {@code <br>} becomes a line break, paragraphs and
   * other blocks are separated by a blank line, whitespace elsewhere collapses as a browser would.
   * Returns {@code ""} for {@code null}.
   */
  public static String toPlainText(String html) {
    if (html == null || html.isEmpty()) {
      return "";
    }
    try {
      Document doc = parse(html, true);
      TextCollector collector = new TextCollector();
      NodeTraversor.traverse(collector, doc.body());
      return collector.result();
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(Level.WARNING, "HTML to text gave up on an input of " + html.length()
          + " characters; returning empty text: " + e);
      return "";
    }
  }

  /**
   * Safe HTML for plain {@code text}: escaped, blank lines separate paragraphs ({@code <p>}), single
   * line breaks become {@code <br>}, and {@code http(s)} URLs become links. Returns {@code ""} for
   * {@code null} or blank text.
   */
  public static String textToHtml(String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    try {
      String capped = cap(text);
      StringBuilder out = new StringBuilder(capped.length() + 32);
      for (String paragraph : BLANK_LINES.split(capped.strip())) {
        out.append("<p>");
        String[] lines = paragraph.split("\\r?\\n", -1);
        for (int i = 0; i < lines.length; i++) {
          if (i > 0) {
            out.append("<br>");
          }
          linkify(lines[i], out);
        }
        out.append("</p>");
      }
      return out.toString();
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(Level.WARNING, "text to HTML gave up on an input of " + text.length() + " characters: " + e);
      return "";
    }
  }

  private static void linkify(String line, StringBuilder out) {
    Matcher m = URL.matcher(line);
    int last = 0;
    while (m.find()) {
      String url = trimTrailingPunctuation(m.group());
      int end = m.start() + url.length();
      out.append(Entities.escape(line.substring(last, m.start())));
      String escaped = Entities.escape(url);
      out.append("<a href=\"").append(escaped).append("\" rel=\"").append(LINK_REL).append("\">")
          .append(escaped).append("</a>");
      last = end;
    }
    out.append(Entities.escape(line.substring(last)));
  }

  private static String trimTrailingPunctuation(String url) {
    int end = url.length();
    while (end > 0 && ".,;:!?)]}".indexOf(url.charAt(end - 1)) >= 0) {
      end--;
    }
    return url.substring(0, end);
  }

  /**
   * The parsed fragment of {@code html}: the one the last {@link #toPlainText} on this thread kept if
   * it was for this very string (so {@code Content}, which asks for the text and the safe HTML of one
   * input, parses it once), else a new parse. With {@code keep}, the result is remembered in turn; the
   * caller must then not modify it.
   */
  private static Document parse(String html, boolean keep) {
    Parsed last = LAST_PARSED.get();
    Document doc;
    if (last != null && last.input() == html) { // the very same string object, so the same parse
      doc = last.doc();
    } else {
      doc = Jsoup.parseBodyFragment(cap(html));
    }
    if (keep && html.length() <= REUSE_MAX_CHARS) {
      LAST_PARSED.set(new Parsed(html, doc));
    } else if (last != null) {
      LAST_PARSED.remove();
    }
    return doc;
  }

  private static String cap(String s) {
    if (s.length() <= MAX_INPUT_CHARS) {
      return s;
    }
    int end = MAX_INPUT_CHARS;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  private static void filterClasses(Element e) {
    List<String> kept = new ArrayList<>();
    for (String c : e.classNames()) {
      String lower = c.toLowerCase(Locale.ROOT);
      if (CLASS_WORDS.contains(lower) || CLASS_PREFIX.matcher(lower).matches()) {
        kept.add(lower);
      }
    }
    if (kept.isEmpty()) {
      e.removeAttr("class");
    } else {
      e.attr("class", String.join(" ", kept));
    }
  }

  /** Walks the tree without recursion, so deep nesting cannot overflow the stack. */
  private static final class TextCollector implements NodeVisitor {
    private final StringBuilder out = new StringBuilder();
    private int preDepth;

    @Override
    public void head(Node node, int depth) {
      if (node instanceof TextNode t) {
        if (preDepth > 0) {
          out.append(t.getWholeText());
        } else {
          appendCollapsed(t.getWholeText());
        }
      } else if (node instanceof Element e) {
        String name = e.normalName();
        if (name.equals("br")) {
          trimTrailingSpace();
          out.append('\n');
        } else if (BLOCKS.contains(name)) {
          paragraphBreak();
        }
        if (name.equals("pre")) {
          preDepth++;
        }
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (node instanceof Element e) {
        String name = e.normalName();
        if (name.equals("pre")) {
          preDepth--;
        }
        if (BLOCKS.contains(name)) {
          paragraphBreak();
        }
      }
    }

    private void appendCollapsed(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isWhitespace(c) || c == '\u00a0') {
          if (out.length() > 0 && out.charAt(out.length() - 1) != ' ' && out.charAt(out.length() - 1) != '\n') {
            out.append(' ');
          }
        } else {
          out.append(c);
        }
      }
    }

    private void trimTrailingSpace() {
      while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
        out.setLength(out.length() - 1);
      }
    }

    private void paragraphBreak() {
      trimTrailingSpace();
      if (out.length() == 0) {
        return;
      }
      int newlines = 0;
      for (int i = out.length() - 1; i >= 0 && out.charAt(i) == '\n' && newlines < 2; i--) {
        newlines++;
      }
      for (; newlines < 2; newlines++) {
        out.append('\n');
      }
    }

    String result() {
      return out.toString().strip();
    }
  }
}
