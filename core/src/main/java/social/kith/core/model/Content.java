package social.kith.core.model;

import social.kith.core.html.HtmlSanitizer;
import social.kith.core.internal.Checks;

/**
 * The text of a post or bio in three forms: the source as written ({@code mediaType}: plain text,
 * Markdown, HTML ...), an HTML rendering that is always safe to show, and plain text for
 * notifications, search and terminals.
 *
 * <p>The constructor sanitises {@code html} with {@link HtmlSanitizer#sanitize}, so every
 * {@code Content} holds safe HTML whoever built it.
 *
 * @param source the text as its author wrote it, at most {@value #MAX_CHARS} characters
 * @param mediaType the source's media type, e.g. {@code text/plain}, {@code text/markdown}, {@code text/html}
 * @param html a safe HTML rendering (sanitised on construction)
 * @param plainText the text without markup, at most {@value #MAX_CHARS} characters
 */
public record Content(String source, String mediaType, String html, String plainText) {
  /** The longest source or plain text accepted, in UTF-16 units (the sanitiser's input cap). */
  public static final int MAX_CHARS = HtmlSanitizer.MAX_INPUT_CHARS;

  /** No text. */
  public static final Content EMPTY = new Content("", "text/plain", "", "");

  public Content {
    Checks.text(source, "content source", MAX_CHARS);
    Checks.mediaType(mediaType, "content media type");
    Checks.present(html, "content html");
    if (html.length() > MAX_CHARS) {
      throw social.kith.core.InvalidInputException.limit("content html is longer than " + MAX_CHARS + " characters");
    }
    html = HtmlSanitizer.sanitize(html);
    Checks.text(plainText, "content plain text", MAX_CHARS);
  }

  /** Plain text; the HTML escapes it, keeps paragraphs and line breaks and links http(s) URLs. */
  public static Content plain(String text) {
    Checks.text(text, "content source", MAX_CHARS);
    return new Content(text, "text/plain", HtmlSanitizer.textToHtml(text), text);
  }

  /** HTML as it came from a peer or an editor; kept as the source and sanitised for display. */
  public static Content html(String html) {
    Checks.text(html, "content source", MAX_CHARS);
    return new Content(html, "text/html", html, HtmlSanitizer.toPlainText(html));
  }

  /**
   * Source in another markup (e.g. Markdown) with its HTML rendering; the plain text is derived from
   * the rendering.
   */
  public static Content of(String source, String mediaType, String renderedHtml) {
    Checks.present(renderedHtml, "content html");
    return new Content(source, mediaType, renderedHtml, HtmlSanitizer.toPlainText(renderedHtml));
  }

  /** True when there is no visible text (the plain text is blank). */
  public boolean isEmpty() {
    return plainText.isBlank();
  }
}
