package social.kith.activitypub.discovery;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;
import social.kith.activitypub.fetch.DocumentKind;

/**
 * Finds {@code <link rel="alternate" type="application/activity+json" href="...">} in an HTML page
 * (the fallback when a profile URL answers with HTML). A hand-written scanner, not a regular
 * expression (checklist item 46): the input is cut to {@value #MAX_CHARS} characters before
 * anything else, every character is looked at a bounded number of times, and tags with more than
 * {@value #MAX_ATTRIBUTES} attributes or more than {@value #MAX_LINKS} link tags stop the scan.
 */
public final class HtmlLinks {
  private HtmlLinks() {}

  /** The most characters scanned (1 MiB); links live in the head, which comes first. */
  public static final int MAX_CHARS = 1024 * 1024;
  /** The most attributes read per tag. */
  public static final int MAX_ATTRIBUTES = 64;
  /** The most {@code <link>} tags examined. */
  public static final int MAX_LINKS = 1000;

  /**
   * The first alternate ActivityStreams link in {@code html}, resolved against {@code base} (the
   * page's final URL); empty if there is none.
   */
  public static Optional<URI> activityLink(String html, URI base) {
    HttpUrl baseUrl = HttpUrl.parse(base.toString());
    String s = html.length() > MAX_CHARS ? html.substring(0, MAX_CHARS) : html;
    int n = s.length();
    int i = 0;
    int links = 0;
    while (i < n) {
      int lt = s.indexOf('<', i);
      if (lt < 0) {
        break;
      }
      if (s.startsWith("<!--", lt)) {
        int end = s.indexOf("-->", lt + 4);
        if (end < 0) {
          break;
        }
        i = end + 3;
        continue;
      }
      int nameEnd = lt + 5;
      if (nameEnd <= n && s.regionMatches(true, lt + 1, "link", 0, 4)
          && (nameEnd == n || isSpace(s.charAt(nameEnd)) || s.charAt(nameEnd) == '/' || s.charAt(nameEnd) == '>')) {
        if (++links > MAX_LINKS) {
          break;
        }
        Tag tag = new Tag();
        i = readAttributes(s, nameEnd, tag);
        if (tag.rel != null && tag.type != null && tag.href != null && hasToken(tag.rel, "alternate")
            && DocumentKind.isActivityStreams(decode(tag.type))) {
          HttpUrl target = baseUrl == null ? null : baseUrl.resolve(decode(tag.href).strip());
          if (target != null) {
            return Optional.of(target.uri());
          }
        }
        if (i < 0) {
          break;
        }
        continue;
      }
      i = lt + 1;
    }
    return Optional.empty();
  }

  private static final class Tag {
    String rel;
    String type;
    String href;
  }

  /** Reads attributes from {@code pos} to the closing {@code >}; returns the index after it, or -1 at the end. */
  private static int readAttributes(String s, int pos, Tag tag) {
    int n = s.length();
    int i = pos;
    for (int count = 0; ; count++) {
      while (i < n && (isSpace(s.charAt(i)) || s.charAt(i) == '/')) {
        i++;
      }
      if (i >= n) {
        return -1;
      }
      if (s.charAt(i) == '>') {
        return i + 1;
      }
      if (count >= MAX_ATTRIBUTES) {
        int close = s.indexOf('>', i);
        return close < 0 ? -1 : close + 1;
      }
      int nameStart = i;
      while (i < n && !isSpace(s.charAt(i)) && s.charAt(i) != '=' && s.charAt(i) != '>' && s.charAt(i) != '/') {
        i++;
      }
      String name = s.substring(nameStart, Math.min(i, nameStart + 16)).toLowerCase(Locale.ROOT);
      boolean longName = i - nameStart > 16;
      while (i < n && isSpace(s.charAt(i))) {
        i++;
      }
      String value = null;
      if (i < n && s.charAt(i) == '=') {
        i++;
        while (i < n && isSpace(s.charAt(i))) {
          i++;
        }
        if (i < n && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
          int close = s.indexOf(s.charAt(i), i + 1);
          if (close < 0) {
            return -1;
          }
          value = s.substring(i + 1, close);
          i = close + 1;
        } else {
          int start = i;
          while (i < n && !isSpace(s.charAt(i)) && s.charAt(i) != '>') {
            i++;
          }
          value = s.substring(start, i);
        }
      }
      if (!longName && value != null) {
        if (name.equals("rel") && tag.rel == null) {
          tag.rel = value;
        } else if (name.equals("type") && tag.type == null) {
          tag.type = value;
        } else if (name.equals("href") && tag.href == null) {
          tag.href = value;
        }
      }
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  private static boolean hasToken(String list, String token) {
    int i = 0;
    int n = list.length();
    while (i < n) {
      while (i < n && isSpace(list.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSpace(list.charAt(i))) {
        i++;
      }
      if (i - start == token.length() && list.regionMatches(true, start, token, 0, token.length())) {
        return true;
      }
    }
    return false;
  }

  /** Decodes the character references that occur in URLs and media types: named basics and numeric ones. */
  static String decode(String v) {
    if (v.indexOf('&') < 0) {
      return v;
    }
    StringBuilder out = new StringBuilder(v.length());
    int i = 0;
    while (i < v.length()) {
      char c = v.charAt(i);
      int semi = c == '&' ? v.indexOf(';', i) : -1;
      if (semi > i && semi - i <= 10) {
        String ent = v.substring(i + 1, semi);
        String rep = entity(ent);
        if (rep != null) {
          out.append(rep);
          i = semi + 1;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static String entity(String e) {
    switch (e) {
      case "amp":
        return "&";
      case "quot":
        return "\"";
      case "apos":
        return "'";
      case "lt":
        return "<";
      case "gt":
        return ">";
      default:
        break;
    }
    if (e.length() >= 2 && e.charAt(0) == '#') {
      try {
        int cp = e.charAt(1) == 'x' || e.charAt(1) == 'X'
            ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1));
        return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : null;
      } catch (NumberFormatException ex) {
        return null;
      }
    }
    return null;
  }
}
