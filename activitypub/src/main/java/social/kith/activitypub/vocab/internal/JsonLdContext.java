package social.kith.activitypub.vocab.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import social.kith.activitypub.vocab.VocabError;
import social.kith.activitypub.vocab.VocabException;

/**
 * The small part of a JSON-LD active context that Kith reads: prefixes, term definitions and
 * {@code @language}. This is not a JSON-LD processor: remote contexts are never fetched (their IRIs
 * are kept as opaque names), well-known prefixes ({@code as}, {@code toot}, {@code schema} ...) are
 * understood even when a server forgets to declare them, and anything that would let a document
 * read differently to a JSON-LD processor than to a plain JSON reader is refused.
 */
public final class JsonLdContext {
  public static final String AS = "https://www.w3.org/ns/activitystreams#";
  public static final String TOOT = "http://joinmastodon.org/ns#";
  public static final String SCHEMA = "http://schema.org#";
  public static final String OSTATUS = "http://ostatus.org#";
  public static final String LITEPUB = "http://litepub.social/ns#";
  public static final String MISSKEY = "https://misskey-hub.net/ns#";
  public static final String FEDIBIRD = "http://fedibird.com/ns#";
  public static final String SEC = "https://w3id.org/security#";
  public static final String FEP_044F = "https://w3id.org/fep/044f#";

  private static final Map<String, String> WELL_KNOWN_PREFIXES = Map.of(
      "as", AS, "toot", TOOT, "schema", SCHEMA, "ostatus", OSTATUS, "litepub", LITEPUB,
      "misskey", MISSKEY, "fedibird", FEDIBIRD, "sec", SEC, "vcard", "http://www.w3.org/2006/vcard/ns#");

  /** Keywords that restructure the graph: refused wherever they appear. */
  public static final Set<String> RESTRUCTURING_KEYWORDS =
      Set.of("@graph", "@included", "@reverse", "@nest", "@import");

  /** Terms whose meaning authorisation depends on; an inline context may not change them. */
  private static final Set<String> PROTECTED = Set.of("actor", "object", "target", "origin", "result",
      "instrument", "to", "cc", "bto", "bcc", "audience", "attributedTo", "inReplyTo", "content",
      "contentMap", "summary", "summaryMap", "name", "nameMap", "url", "href", "tag", "attachment",
      "published", "updated", "context", "generator", "replies", "inbox", "outbox", "followers",
      "following", "preferredUsername", "oneOf", "anyOf", "mediaType", "icon", "image");

  /** The empty context of a document without {@code @context}. */
  public static final JsonLdContext EMPTY = new JsonLdContext(Map.of(), Map.of(), null, List.of());

  private final Map<String, String> prefixes;
  private final Map<String, String> terms;
  private final String language;
  private final List<String> remote;

  private JsonLdContext(Map<String, String> prefixes, Map<String, String> terms, String language,
      List<String> remote) {
    this.prefixes = prefixes;
    this.terms = terms;
    this.language = language;
    this.remote = remote;
  }

  /** The default language ({@code @language}), or null. */
  public String language() {
    return language;
  }

  /** The context IRIs named (never fetched), in document order. */
  public List<String> remoteContexts() {
    return remote;
  }

  /** True if the context defines prefixes or terms, so that aliased keys may occur. */
  public boolean hasDefinitions() {
    return !prefixes.isEmpty() || !terms.isEmpty();
  }

  /** True if {@code term} is defined in an inline context (possibly as undefined: "" value). */
  public boolean defines(String term) {
    return terms.containsKey(term);
  }

  /**
   * The canonical IRI {@code key} stands for, or null if unknown. Undefined plain terms are not
   * expanded here (the caller decides how lenient to be).
   */
  public String expand(String key) {
    String t = terms.get(key);
    if (t != null) {
      return t.isEmpty() ? null : t;
    }
    return expandCompact(key, prefixes);
  }

  private static String expandCompact(String key, Map<String, String> prefixes) {
    int colon = key.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String prefix = key.substring(0, colon);
    String suffix = key.substring(colon + 1);
    if (suffix.startsWith("//")) {
      return canonical(key);
    }
    String ns = prefixes.get(prefix);
    if (ns == null) {
      ns = WELL_KNOWN_PREFIXES.get(prefix);
    }
    return ns == null ? canonical(key) : canonical(ns + suffix);
  }

  /** Folds the spellings of one namespace that servers use interchangeably. */
  public static String canonical(String iri) {
    if (iri.startsWith("http://schema.org/") || iri.startsWith("https://schema.org/")
        || iri.startsWith("https://schema.org#")) {
      return SCHEMA + iri.substring(iri.indexOf("schema.org") + "schema.org".length() + 1);
    }
    if (iri.startsWith("http://www.w3.org/ns/activitystreams#")) {
      return AS + iri.substring("http://www.w3.org/ns/activitystreams#".length());
    }
    return iri;
  }

  /** This context extended by a {@code @context} value; refuses restructuring and redefinitions. */
  public JsonLdContext with(JsonNode value) {
    Map<String, String> p = new HashMap<>(prefixes);
    Map<String, String> t = new HashMap<>(terms);
    List<String> r = new ArrayList<>(remote);
    String[] lang = {language};
    apply(value, p, t, r, lang, true);
    return new JsonLdContext(Map.copyOf(p), unmodifiable(t), lang[0], List.copyOf(r));
  }

  private static Map<String, String> unmodifiable(Map<String, String> t) {
    return java.util.Collections.unmodifiableMap(new HashMap<>(t));
  }

  private static void apply(JsonNode value, Map<String, String> p, Map<String, String> t, List<String> r,
      String[] lang, boolean allowArray) {
    if (value == null || value.isNull()) {
      p.clear();
      t.clear();
      lang[0] = null;
    } else if (value.isTextual()) {
      r.add(value.textValue());
    } else if (value.isArray() && allowArray) {
      for (JsonNode v : value) {
        apply(v, p, t, r, lang, false);
      }
    } else if (value.isObject()) {
      inline(value, p, t, lang);
    } else {
      throw new VocabException(VocabError.INVALID_PROPERTY, "@context entry is not an IRI, an object or a list");
    }
  }

  private static void inline(JsonNode def, Map<String, String> p, Map<String, String> t, String[] lang) {
    // First pass: prefixes, so that definitions may use them in any order.
    for (Iterator<Map.Entry<String, JsonNode>> it = def.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode v = e.getValue();
      if (!key.startsWith("@") && key.indexOf(':') < 0 && v.isTextual() && isNamespace(v.textValue())) {
        p.put(key, v.textValue());
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = def.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode v = e.getValue();
      if (key.startsWith("@")) {
        if (RESTRUCTURING_KEYWORDS.contains(key)) {
          throw new VocabException(VocabError.UNSUPPORTED_JSONLD_KEYWORD, key + " in @context is not supported");
        }
        if (key.equals("@language")) {
          lang[0] = v.isTextual() ? v.textValue() : null;
        }
        continue; // @vocab, @base, @version, @protected, @direction, @propagate: not needed to read
      }
      String iri;
      if (v.isNull()) {
        iri = "";
      } else if (v.isTextual()) {
        iri = v.textValue();
      } else if (v.isObject()) {
        for (String k : RESTRUCTURING_KEYWORDS) {
          if (v.has(k)) {
            throw new VocabException(VocabError.UNSUPPORTED_JSONLD_KEYWORD,
                k + " in the definition of term '" + shortKey(key) + "' is not supported");
          }
        }
        JsonNode id = v.get("@id");
        if (id == null) {
          continue; // type-only definition of a compact IRI or a @vocab term: meaning unchanged
        }
        if (!id.isTextual()) {
          throw new VocabException(VocabError.INVALID_PROPERTY, "@id of term '" + shortKey(key) + "' is not a string");
        }
        iri = id.textValue();
      } else {
        throw new VocabException(VocabError.INVALID_PROPERTY, "definition of term '" + shortKey(key) + "' is not valid");
      }
      if (iri.startsWith("@")) {
        keywordAlias(key, iri);
        continue;
      }
      String expanded = iri.isEmpty() ? "" : expandCompact(iri, p);
      if (expanded == null) {
        expanded = iri;
      }
      if (PROTECTED.contains(key) && !expanded.equals(AS + key)) {
        throw new VocabException(VocabError.CONTEXT_REDEFINES_TERM,
            "@context redefines the ActivityStreams term '" + key + "'");
      }
      t.put(key, expanded);
    }
  }

  private static void keywordAlias(String key, String keyword) {
    if (RESTRUCTURING_KEYWORDS.contains(keyword)) {
      throw new VocabException(VocabError.UNSUPPORTED_JSONLD_KEYWORD,
          "@context aliases " + keyword + " as '" + shortKey(key) + "'");
    }
    boolean standard = key.equals("id") && keyword.equals("@id") || key.equals("type") && keyword.equals("@type");
    if (!standard && (keyword.equals("@id") || keyword.equals("@type") || PROTECTED.contains(key)
        || key.equals("id") || key.equals("type"))) {
      throw new VocabException(VocabError.CONTEXT_REDEFINES_TERM,
          "@context aliases " + keyword + " as '" + shortKey(key) + "'");
    }
  }

  private static boolean isNamespace(String v) {
    return (v.endsWith("#") || v.endsWith("/")) && v.indexOf(':') > 0;
  }

  private static String shortKey(String key) {
    return key.length() > 64 ? key.substring(0, 64) + "..." : key;
  }
}
