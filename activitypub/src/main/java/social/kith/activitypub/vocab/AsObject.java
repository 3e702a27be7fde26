package social.kith.activitypub.vocab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import social.kith.activitypub.vocab.internal.JsonLdContext;

/**
 * One ActivityStreams object (an actor, a post, an activity, a link, a collection ...) exactly as
 * a server sent it, with typed accessors that read the shapes real servers produce: a value or an
 * array, an embedded object or an IRI ({@link Ref}), keys written as plain terms, as compact IRIs
 * ({@code as:sensitive}, {@code toot:discoverable}) or as terms an inline {@code @context} defines.
 * Every property, known or not, is kept and written back by {@link #toJson()}, so a document survives
 * parse → write → parse unchanged.
 *
 * <p>Made by {@link AsParser} (untrusted input) or {@link #builder()} (documents Kith writes).
 * Immutable and thread-safe; no Jackson type appears in its API.
 */
public final class AsObject {
  private static final ObjectMapper WRITER = new ObjectMapper();
  private static final Pattern OFFSET_WITHOUT_COLON = Pattern.compile("([+-]\\d{2})(\\d{2})$");

  /** Terms whose full IRI is not in the ActivityStreams namespace (or has several spellings). */
  private static final Map<String, List<String>> TERM_IRIS = termIris();

  private final ObjectNode node;
  private final JsonLdContext context;
  private volatile List<String> types;
  private volatile Map<String, String> aliases;

  AsObject(ObjectNode node, JsonLdContext context) {
    this.node = node;
    this.context = context;
  }

  private static Map<String, List<String>> termIris() {
    Map<String, List<String>> m = new HashMap<>();
    for (String t : List.of("Emoji", "featured", "featuredTags", "discoverable", "blurhash", "focalPoint",
        "votersCount", "indexable", "memorial", "suspended", "IdentityProof")) {
      m.put(t, List.of(JsonLdContext.TOOT + t));
    }
    m.put("PropertyValue", List.of(JsonLdContext.SCHEMA + "PropertyValue"));
    m.put("value", List.of(JsonLdContext.SCHEMA + "value"));
    for (String t : List.of("conversation", "atomUri", "inReplyToAtomUri")) {
      m.put(t, List.of(JsonLdContext.OSTATUS + t));
    }
    for (String t : List.of("ChatMessage", "EmojiReact", "directMessage")) {
      m.put(t, List.of(JsonLdContext.LITEPUB + t));
    }
    for (String t : List.of("_misskey_content", "_misskey_quote", "_misskey_reaction", "_misskey_summary",
        "_misskey_votes")) {
      m.put(t, List.of(JsonLdContext.MISSKEY + t));
    }
    m.put("quoteUri", List.of(JsonLdContext.FEDIBIRD + "quoteUri"));
    m.put("quote", List.of(JsonLdContext.FEP_044F + "quote", JsonLdContext.AS + "quote"));
    m.put("language", List.of(JsonLdContext.SCHEMA + "inLanguage", JsonLdContext.AS + "language"));
    m.put("identifier", List.of(JsonLdContext.SCHEMA + "identifier", JsonLdContext.AS + "identifier"));
    for (String t : List.of("publicKey", "publicKeyPem", "owner")) {
      m.put(t, List.of(JsonLdContext.SEC + t));
    }
    return Map.copyOf(m);
  }

  private static List<String> irisOf(String term) {
    List<String> l = TERM_IRIS.get(term);
    return l != null ? l : List.of(JsonLdContext.AS + term);
  }

  AsObject child(ObjectNode n) {
    JsonNode c = n.get("@context");
    return new AsObject(n, c == null ? context : context.with(c));
  }

  ObjectNode node() {
    return node;
  }

  // ---------------------------------------------------------------- generic access

  /**
   * The raw value of {@code term}, found under its plain name, a compact IRI or an alias defined in
   * the document's context; null if absent. A plain key that the context redefines to another IRI
   * is not taken for the term.
   */
  JsonNode find(String term) {
    List<String> iris = irisOf(term);
    JsonNode v = node.get(term);
    if (v != null && (!context.defines(term) || iris.contains(context.expand(term)))) {
      return v;
    }
    Map<String, String> a = aliases();
    for (String iri : iris) {
      String key = a.get(iri);
      if (key != null) {
        return node.get(key);
      }
    }
    return null;
  }

  private Map<String, String> aliases() {
    Map<String, String> a = aliases;
    if (a == null) {
      Map<String, String> m = new HashMap<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (key.indexOf(':') > 0 || context.defines(key)) {
          String iri = context.expand(key);
          if (iri != null) {
            m.putIfAbsent(iri, key);
          }
        }
      }
      a = m.isEmpty() ? Map.of() : Collections.unmodifiableMap(m);
      aliases = a;
    }
    return a;
  }

  /** True if the object has {@code term} (under any spelling) with a non-null value. */
  public boolean has(String term) {
    JsonNode v = find(term);
    return v != null && !v.isNull();
  }

  /** The property names as written, in document order. */
  public Set<String> keys() {
    Set<String> k = new LinkedHashSet<>();
    node.fieldNames().forEachRemaining(k::add);
    return Collections.unmodifiableSet(k);
  }

  /** A string value (the first string of an array); numbers and booleans are not strings. */
  public Optional<String> string(String term) {
    return Optional.ofNullable(text(find(term)));
  }

  private static String text(JsonNode v) {
    if (v == null) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isArray()) {
      for (JsonNode e : v) {
        if (e.isTextual()) {
          return e.textValue();
        }
      }
    }
    return null;
  }

  /** Every string value of {@code term}, whether one value or an array. */
  public List<String> strings(String term) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : elements(find(term))) {
      if (e.isTextual()) {
        out.add(e.textValue());
      }
    }
    return List.copyOf(out);
  }

  /** A boolean ({@code true}/{@code false}, or the strings {@code "true"}/{@code "false"}). */
  public Optional<Boolean> bool(String term) {
    JsonNode v = find(term);
    if (v == null) {
      return Optional.empty();
    }
    if (v.isBoolean()) {
      return Optional.of(v.booleanValue());
    }
    if (v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) {
      return Optional.of(Boolean.parseBoolean(v.textValue()));
    }
    return Optional.empty();
  }

  private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
      100_000_000, 1_000_000_000};

  /**
   * The forms nearly every server sends, {@code 2024-03-14T09:26:53Z} with an optional fraction of
   * 1 to 9 digits and {@code Z} or a {@code +hh:mm} offset, read without the general parser (a
   * profile of the inbox showed it); {@code null} for anything else or anything out of range, which
   * the general parser then reads (or refuses) as before.
   */
  static Instant commonInstant(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      int len = i - start;
      if (len < 1 || len > 9) {
        return null;
      }
      nanos = digits(s, start, len) * POWERS_OF_TEN[9 - len];
    }
    try {
      ZoneOffset offset;
      if (i == n - 1 && s.charAt(i) == 'Z') {
        offset = ZoneOffset.UTC;
      } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
        int oh = digits(s, i + 1, 2);
        int om = digits(s, i + 4, 2);
        if (oh < 0 || om < 0) {
          return null;
        }
        int sign = s.charAt(i) == '-' ? -1 : 1;
        offset = ZoneOffset.ofHoursMinutes(sign * oh, sign * om);
      } else {
        return null;
      }
      long epochDay = LocalDate.of(year, month, day).toEpochDay();
      return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second
          - offset.getTotalSeconds(), nanos);
    } catch (java.time.DateTimeException e) {
      return null; // e.g. 30 February or an offset beyond 18 hours: the general parser decides
    }
  }

  /** The value of {@code len} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** An integer (a JSON integer that fits a long, or a decimal string of one). */
  public OptionalLong integer(String term) {
    JsonNode v = find(term);
    if (v != null && v.isIntegralNumber() && v.canConvertToLong()) {
      return OptionalLong.of(v.longValue());
    }
    if (v != null && v.isTextual() && v.textValue().length() <= 18 && v.textValue().matches("-?\\d+")) {
      return OptionalLong.of(Long.parseLong(v.textValue()));
    }
    return OptionalLong.empty();
  }

  /**
   * A timestamp, read leniently: ISO 8601 with {@code Z}, {@code +02:00} or {@code +0200}; a
   * date-time without offset is taken as UTC; a bare date as its start in UTC. Unreadable: empty.
   */
  public Optional<Instant> instant(String term) {
    String s = text(find(term));
    if (s == null || s.length() > 64) {
      return Optional.empty();
    }
    s = s.strip();
    Instant fast = commonInstant(s);
    if (fast != null) {
      return Optional.of(fast);
    }
    try {
      return Optional.of(OffsetDateTime.parse(OFFSET_WITHOUT_COLON.matcher(s).replaceFirst("$1:$2")).toInstant());
    } catch (DateTimeParseException e) {
      // try the offset-less forms below
    }
    try {
      return Optional.of(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      // try a date
    }
    try {
      return Optional.of(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The first embedded object of {@code term} (not a bare IRI). */
  public Optional<AsObject> embedded(String term) {
    for (JsonNode e : elements(find(term))) {
      if (e.isObject()) {
        return Optional.of(child((ObjectNode) e));
      }
    }
    return Optional.empty();
  }

  /** Every embedded object of {@code term}; bare IRIs are skipped. */
  public List<AsObject> embeddedList(String term) {
    List<AsObject> out = new ArrayList<>();
    for (JsonNode e : elements(find(term))) {
      if (e.isObject()) {
        out.add(child((ObjectNode) e));
      }
    }
    return List.copyOf(out);
  }

  /** Every reference of {@code term}: IRIs, embedded objects and links; other values are skipped. */
  public List<Ref> refs(String term) {
    List<Ref> out = new ArrayList<>();
    for (JsonNode e : elements(find(term))) {
      Ref r = toRef(e);
      if (r != null) {
        out.add(r);
      }
    }
    return List.copyOf(out);
  }

  /** The first reference of {@code term}. */
  public Optional<Ref> ref(String term) {
    for (JsonNode e : elements(find(term))) {
      Ref r = toRef(e);
      if (r != null) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private Ref toRef(JsonNode e) {
    if (e.isTextual()) {
      return new Ref.Iri(e.textValue());
    }
    if (e.isObject()) {
      AsObject o = child((ObjectNode) e);
      return o.is("Link") || (o.types().isEmpty() && o.has("href") && !o.has("id"))
          ? new Ref.Link(o) : new Ref.Embedded(o);
    }
    return null;
  }

  /** A language map such as {@code contentMap}: language tag to text, in document order. */
  public Map<String, String> languageMap(String term) {
    JsonNode v = find(term);
    if (v == null || !v.isObject()) {
      return Map.of();
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isTextual()) {
        m.put(e.getKey(), e.getValue().textValue());
      }
    }
    return Collections.unmodifiableMap(m);
  }

  private static Iterable<JsonNode> elements(JsonNode v) {
    if (v == null || v.isNull()) {
      return List.of();
    }
    return v.isArray() ? v : List.of(v);
  }

  // ---------------------------------------------------------------- identity and type

  /** The {@code id} (or {@code @id}); empty for an anonymous object. */
  public Optional<String> id() {
    JsonNode v = node.get("id");
    if (v == null) {
      v = node.get("@id");
    }
    return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
  }

  /**
   * The types, prefixes resolved to short names ({@code toot:Emoji} → {@code Emoji}); a type in
   * an unknown namespace is returned as written.
   */
  public List<String> types() {
    List<String> t = types;
    if (t == null) {
      JsonNode v = node.get("type");
      if (v == null) {
        v = node.get("@type");
      }
      List<String> out = new ArrayList<>(1);
      for (JsonNode e : elements(v)) {
        if (e.isTextual()) {
          out.add(shortType(e.textValue()));
        }
      }
      t = List.copyOf(out);
      types = t;
    }
    return t;
  }

  private String shortType(String written) {
    String iri = context.expand(written);
    if (iri == null) {
      return written;
    }
    for (String ns : List.of(JsonLdContext.AS, JsonLdContext.TOOT, JsonLdContext.SCHEMA, JsonLdContext.LITEPUB,
        JsonLdContext.MISSKEY, JsonLdContext.FEDIBIRD, JsonLdContext.OSTATUS)) {
      if (iri.startsWith(ns) && iri.length() > ns.length()) {
        return iri.substring(ns.length());
      }
    }
    return written;
  }

  /** The first type, if any. */
  public Optional<String> type() {
    List<String> t = types();
    return t.isEmpty() ? Optional.empty() : Optional.of(t.get(0));
  }

  /** True if {@code type} is among the object's types. */
  public boolean is(String type) {
    return types().contains(type);
  }

  private boolean isAny(Set<String> set) {
    for (String t : types()) {
      if (set.contains(t)) {
        return true;
      }
    }
    return false;
  }

  /** An actor ({@link AsTypes#ACTORS}). */
  public boolean isActor() {
    return isAny(AsTypes.ACTORS);
  }

  /** A content object that maps to a post ({@link AsTypes#POSTS}). */
  public boolean isPost() {
    return isAny(AsTypes.POSTS);
  }

  /**
   * An activity: a known activity type, or an unknown type with both {@code actor} and
   * {@code object} (servers invent activity types).
   */
  public boolean isActivity() {
    if (isAny(AsTypes.ACTIVITIES)) {
      return true;
    }
    return !isPost() && !isActor() && !isAny(AsTypes.COLLECTIONS) && has("actor") && has("object");
  }

  /** A collection or collection page. */
  public boolean isCollection() {
    return isAny(AsTypes.COLLECTIONS);
  }

  // ---------------------------------------------------------------- common properties

  public Optional<String> name() {
    return string("name");
  }

  public Optional<String> content() {
    return string("content");
  }

  public Optional<String> summary() {
    return string("summary");
  }

  public Optional<String> mediaType() {
    return string("mediaType");
  }

  /** A link's target; Funkwhale and others also put it in {@code url}. */
  public Optional<String> href() {
    return string("href");
  }

  public Optional<Instant> published() {
    return instant("published");
  }

  public Optional<Instant> updated() {
    return instant("updated");
  }

  public List<Ref> actor() {
    return refs("actor");
  }

  public List<Ref> object() {
    return refs("object");
  }

  public List<Ref> attributedTo() {
    return refs("attributedTo");
  }

  public List<Ref> to() {
    return refs("to");
  }

  public List<Ref> cc() {
    return refs("cc");
  }

  public List<Ref> bto() {
    return refs("bto");
  }

  public List<Ref> bcc() {
    return refs("bcc");
  }

  /** Lemmy's community a post belongs to. */
  public List<Ref> audience() {
    return refs("audience");
  }

  public Optional<Ref> inReplyTo() {
    return ref("inReplyTo");
  }

  /** {@code tag} entries that are objects (Mention, Hashtag, Emoji, Link ...); bare IRIs are skipped. */
  public List<AsObject> tags() {
    return embeddedList("tag");
  }

  public List<Ref> attachments() {
    return refs("attachment");
  }

  public List<Ref> url() {
    return refs("url");
  }

  /** Mastodon's {@code sensitive}; false when absent. */
  public boolean sensitive() {
    return bool("sensitive").orElse(false);
  }

  /** The conversation this object belongs to: {@code context}, else OStatus {@code conversation}. */
  public Optional<String> conversation() {
    Optional<Ref> c = ref("context");
    if (c.isPresent() && c.get().id().isPresent()) {
      return c.get().id();
    }
    return string("conversation");
  }

  /** The {@code source} the author wrote (Markdown, BBCode, MFM ...), if given. */
  public Optional<Source> source() {
    Optional<AsObject> s = embedded("source");
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> content = s.get().content();
    return content.map(c -> new Source(c, s.get().mediaType().orElse("text/plain")));
  }

  /**
   * The object this one quotes: FEP-044F / Mastodon {@code quote}, Fedibird {@code quoteUri},
   * {@code quoteUrl}, Misskey {@code _misskey_quote}, or a FEP-e232 {@code Link} tag whose media
   * type is ActivityStreams JSON.
   */
  public Optional<String> quote() {
    for (String term : List.of("quote", "quoteUri", "quoteUrl", "_misskey_quote")) {
      Optional<Ref> r = ref(term);
      if (r.isPresent() && r.get().id().isPresent()) {
        return r.get().id();
      }
    }
    for (AsObject tag : tags()) {
      if (tag.is("Link") && tag.mediaType().filter(AsObject::isActivityStreamsType).isPresent()) {
        Optional<String> href = tag.href();
        if (href.isPresent()) {
          return href;
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isActivityStreamsType(String mediaType) {
    String m = mediaType.toLowerCase(java.util.Locale.ROOT);
    return m.startsWith("application/activity+json")
        || m.startsWith("application/ld+json") && m.contains("https://www.w3.org/ns/activitystreams");
  }

  /** The default language of the document's {@code @context} ({@code @language}), if any. */
  public Optional<String> contextLanguage() {
    return Optional.ofNullable(context.language());
  }

  /** The context IRIs the document names. They are names only: Kith never fetches them. */
  public List<String> contextIris() {
    return context.remoteContexts();
  }

  // ---------------------------------------------------------------- structure

  /**
   * The types from this object down the {@code object} chain of activities: e.g.
   * {@code [Undo, Like, ref]}. {@code ref} stands for a bare IRI (or an object without a type),
   * {@code list} for an array (where the chain stops); it also stops at the first object that is not
   * an activity.
   */
  public List<String> chain() {
    List<String> out = new ArrayList<>();
    AsObject cur = this;
    out.add(cur.type().orElse("ref"));
    while (cur.isActivity()) {
      JsonNode o = cur.find("object");
      if (o == null || o.isNull()) {
        break;
      }
      if (o.isArray()) {
        out.add("list");
        break;
      }
      out.add(kind(o));
      if (!o.isObject()) {
        break;
      }
      cur = cur.child((ObjectNode) o);
      if (cur.types().isEmpty()) {
        break;
      }
    }
    return List.copyOf(out);
  }

  private String kind(JsonNode n) {
    if (n.isObject()) {
      return child((ObjectNode) n).type().orElse("ref");
    }
    return "ref";
  }

  /**
   * The innermost embedded object along the {@code object} chain (this object if it is not an
   * activity or its object is not embedded); for an array of objects, this activity.
   */
  public AsObject innermost() {
    AsObject cur = this;
    while (cur.isActivity()) {
      JsonNode o = cur.find("object");
      if (o == null || !o.isObject()) {
        break;
      }
      AsObject next = cur.child((ObjectNode) o);
      if (next.types().isEmpty()) {
        break;
      }
      cur = next;
    }
    return cur;
  }

  // ---------------------------------------------------------------- writing

  /** The document as compact JSON, every property kept. */
  public String toJson() {
    try {
      return WRITER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #toJson()} as UTF-8 bytes. */
  public byte[] toBytes() {
    return toJson().getBytes(StandardCharsets.UTF_8);
  }

  /** The document as indented JSON. */
  public String toPrettyJson() {
    try {
      return WRITER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Equal when the JSON trees are equal (property order aside). */
  @Override
  public boolean equals(Object o) {
    return o instanceof AsObject other && node.equals(other.node);
  }

  @Override
  public int hashCode() {
    return node.hashCode();
  }

  /** Type and id only; the body is not repeated. */
  @Override
  public String toString() {
    return "AsObject[" + String.join(",", types()) + " " + id().orElse("(no id)") + "]";
  }

  // ---------------------------------------------------------------- building

  /** A builder for a new document. */
  public static Builder builder() {
    return new Builder(JsonNodeFactory.instance.objectNode());
  }

  /** A builder that starts from a copy of this object (for example, to add a property before sending). */
  public Builder toBuilder() {
    return new Builder(node.deepCopy());
  }

  /**
   * Collects the properties of a document that Kith writes. Keys are written as given; setting a key
   * again replaces it. {@link #build()} checks the {@code @context} with the parser's rules. Not thread-safe.
   */
  public static final class Builder {
    private final ObjectNode node;

    private Builder(ObjectNode node) {
      this.node = node;
    }

    private Builder put(String key, JsonNode value) {
      Objects.requireNonNull(key, "key");
      if (JsonLdContext.RESTRUCTURING_KEYWORDS.contains(key)) {
        throw new VocabException(VocabError.UNSUPPORTED_JSONLD_KEYWORD, key + " is not supported");
      }
      node.set(key, value);
      return this;
    }

    /** {@code @context}: one IRI or several. */
    public Builder context(String... iris) {
      if (iris.length == 1) {
        return put("@context", JsonNodeFactory.instance.textNode(iris[0]));
      }
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      for (String i : iris) {
        a.add(Objects.requireNonNull(i, "context IRI"));
      }
      return put("@context", a);
    }

    public Builder id(String id) {
      return set("id", id);
    }

    public Builder type(String type) {
      return set("type", type);
    }

    public Builder set(String key, String value) {
      return put(key, JsonNodeFactory.instance.textNode(Objects.requireNonNull(value, key)));
    }

    public Builder set(String key, boolean value) {
      return put(key, JsonNodeFactory.instance.booleanNode(value));
    }

    public Builder set(String key, long value) {
      return put(key, JsonNodeFactory.instance.numberNode(value));
    }

    public Builder set(String key, AsObject value) {
      return put(key, Objects.requireNonNull(value, key).node.deepCopy());
    }

    /** A property holding strings (IRIs); always written as an array. */
    public Builder setStrings(String key, List<String> values) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      for (String v : values) {
        a.add(Objects.requireNonNull(v, key));
      }
      return put(key, a);
    }

    /** A property holding embedded objects; always written as an array. */
    public Builder setObjects(String key, List<AsObject> values) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      for (AsObject v : values) {
        a.add(Objects.requireNonNull(v, key).node.deepCopy());
      }
      return put(key, a);
    }

    /** A language map such as {@code contentMap}. */
    public Builder setLanguageMap(String key, Map<String, String> values) {
      ObjectNode m = JsonNodeFactory.instance.objectNode();
      values.forEach((k, v) -> m.put(Objects.requireNonNull(k, key), Objects.requireNonNull(v, key)));
      return put(key, m);
    }

    public Builder remove(String key) {
      node.remove(key);
      return this;
    }

    /** The object; refuses a {@code @context} that the parser would refuse. */
    public AsObject build() {
      ObjectNode copy = node.deepCopy();
      JsonNode c = copy.get("@context");
      return new AsObject(copy, c == null ? JsonLdContext.EMPTY : JsonLdContext.EMPTY.with(c));
    }
  }
}
