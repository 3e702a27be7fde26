package social.kith.activitypub.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import social.kith.activitypub.media.MediaStore;
import social.kith.activitypub.media.StoredMedia;
import social.kith.activitypub.signature.Headers;
import social.kith.activitypub.signature.SignatureException;
import social.kith.core.model.Visibility;

/**
 * The ActivityPub router: WebFinger, NodeInfo, actors, inboxes, outboxes, the followers, following
 * and featured collections, and local objects by id, as an {@link ApHandler}.
 *
 * <p><b>Access.</b> Public and unlisted objects are served to anyone; a followers-only object only
 * to a signed fetch by an accepted follower of its owner (or an addressed actor); a direct object
 * only to a signed fetch by an addressed actor. Anything not visible answers 404, so that its
 * existence does not leak. In {@link Builder#authorizedFetch(boolean) authorized-fetch mode} every
 * GET except the actor document and WebFinger needs a valid signature (401 otherwise), and
 * signers refused by {@link Builder#refuseFetchesFrom} get 403.
 *
 * <p><b>Negotiation.</b> A request whose {@code Accept} names {@code application/activity+json} or
 * {@code application/ld+json} (or names no HTML) gets AS2; a browser ({@code text/html}) gets a
 * small HTML page for an actor, or a redirect to an object's {@code url}.
 *
 * <p><b>Media.</b> With a {@link Builder#media(MediaStore) media store}, {@code GET} and {@code HEAD}
 * of {@code /media/<sha256>} answer the stored file, streamed ({@link ApResponse#streamed}), with its
 * stored media type, {@code Content-Length}, {@code Cache-Control: public, max-age=31536000,
 * immutable} (the name is the content's hash, so it never changes), an {@code ETag} (the hash;
 * {@code If-None-Match} gets 304), one byte range ({@code Range}, for video players; 206 or 416),
 * and, as defence in depth against a file a browser might still render, {@code
 * X-Content-Type-Options: nosniff} and {@code Content-Security-Policy: default-src 'none'; sandbox}.
 * Anything else under {@code /media/} (not exactly 64 lower-case hex digits, {@code ..}, percent
 * escapes, a trailing slash) and unknown ids answer 404 without touching the file system. Media
 * are public by unguessable URL, as Mastodon serves them: authorized-fetch mode does not apply to
 * them, no signature is asked for or checked, and they are not tied to the visibility of the post
 * that attaches them (an attachment of a direct message is readable by whoever learns its URL,
 * which is its SHA-256 and cannot be guessed without the file itself).
 *
 * <p>A request whose {@code Host} is not the base's authority is refused (421), so a signature
 * made for another server cannot be replayed here (checklist item 14). Never throws: unexpected
 * failures are logged and answered with 500.
 */
public final class ActorServer implements ApHandler {
  private static final System.Logger LOG = System.getLogger(ActorServer.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AS = "https://www.w3.org/ns/activitystreams";
  private static final String PUBLIC = AS + "#Public";
  private static final String NODEINFO_21 = "http://nodeinfo.diaspora.software/ns/schema/2.1";
  private static final String AS_JSON = ApResponse.ACTIVITY_JSON + "; charset=utf-8";
  /** The most pages a collection addresses, so a page number never becomes an unbounded skip. */
  public static final int MAX_PAGE = 100_000;

  private final ActorUrls urls;
  private final LocalActors actors;
  private final FollowerStore follows;
  private final ObjectStore objects;
  private final MediaStore media;
  private final InboxEndpoint inbox;
  private final RequestAuthenticator authenticator;
  private final boolean authorizedFetch;
  private final Predicate<URI> refusedFetchers;
  private final int pageSize;
  private final String softwareName;
  private final String softwareVersion;

  private ActorServer(Builder b) {
    this.urls = b.urls;
    this.actors = b.actors;
    this.follows = b.follows;
    this.objects = b.objects;
    this.media = b.media;
    this.inbox = b.inbox;
    this.authenticator = b.authenticator;
    this.authorizedFetch = b.authorizedFetch;
    this.refusedFetchers = b.refusedFetchers;
    this.pageSize = b.pageSize;
    this.softwareName = b.softwareName;
    this.softwareVersion = b.softwareVersion;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The URL layout. */
  public ActorUrls urls() {
    return urls;
  }

  @Override
  public ApResponse handle(ApRequest request) {
    try {
      return route(request).withHeader("Vary", "Accept");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "unexpected failure answering " + request.method() + " " + request.rawPath(), e);
      return ApResponse.text(500, "internal error");
    }
  }

  private ApResponse route(ApRequest request) {
    if (!request.target().getRawAuthority().equalsIgnoreCase(urls.authority())) {
      return ApResponse.text(421, "this server is " + urls.authority());
    }
    String path = request.rawPath();
    String method = request.method();
    boolean read = method.equals("GET") || method.equals("HEAD");
    List<String> seg = segments(path);

    if (method.equals("POST")) {
      if (path.equals("/inbox")) {
        return deliver(request, Optional.empty());
      }
      if (seg.size() == 3 && seg.get(0).equals("users") && seg.get(2).equals("inbox")) {
        if (actors.find(seg.get(1)).isEmpty()) {
          return ApResponse.text(404, "no such actor");
        }
        return deliver(request, Optional.of(seg.get(1)));
      }
      return ApResponse.text(405, "method not allowed").withHeader("Allow", "GET, HEAD");
    }
    if (!read) {
      return ApResponse.text(405, "method not allowed").withHeader("Allow", "GET, HEAD, POST");
    }
    if (path.startsWith("/media/")) {
      return media(request, path); // public by unguessable URL: before (and without) any signature check
    }
    if (path.equals("/.well-known/webfinger")) {
      return webfinger(request);
    }
    boolean actorDocument = seg.size() == 2 && seg.get(0).equals("users");

    // Authentication: a signature, if present, must verify; authorized-fetch mode requires one.
    Optional<SignedBy> signer = Optional.empty();
    boolean signed = request.headers().contains("signature") || request.headers().contains("signature-input")
        || request.header("authorization").filter(a -> a.regionMatches(true, 0, "Signature ", 0, 10)).isPresent();
    if (signed && authenticator != null) {
      try {
        signer = Optional.of(authenticator.authenticate(request));
      } catch (SignatureException e) {
        return ApResponse.text(401, "signature: " + e.reason().name());
      }
      if (refusedFetchers.test(signer.get().actor())) {
        return ApResponse.text(403, "forbidden");
      }
    }
    if (authorizedFetch && !actorDocument && signer.isEmpty()) {
      return ApResponse.text(401, "signature required (authorized fetch)");
    }

    if (path.equals("/.well-known/nodeinfo")) {
      ObjectNode links = JSON.createObjectNode();
      links.putArray("links").addObject().put("rel", NODEINFO_21).put("href", urls.base() + "/nodeinfo/2.1");
      return json(200, "application/json", links);
    }
    if (path.equals("/nodeinfo/2.1")) {
      return nodeInfo();
    }
    if (seg.size() >= 2 && seg.get(0).equals("users")) {
      Optional<LocalActor> actor = actors.find(seg.get(1));
      if (actor.isPresent()) {
        String name = actor.get().username();
        String rest = String.join("/", seg.subList(2, seg.size()));
        switch (rest) {
          case "":
            return actor(request, actor.get());
          case "outbox":
            return outbox(request, name);
          case "followers":
            return follows(request, name, FollowerStore.Direction.FOLLOWERS, urls.followers(name));
          case "following":
            return follows(request, name, FollowerStore.Direction.FOLLOWING, urls.following(name));
          case "collections/featured":
            return featured(name, signer);
          case "inbox":
            return ApResponse.text(405, "the inbox takes POST").withHeader("Allow", "POST");
          default:
            break;
        }
      }
    }
    return object(request, signer);
  }

  private ApResponse deliver(ApRequest request, Optional<String> local) {
    if (inbox == null) {
      return ApResponse.text(405, "this server does not accept deliveries");
    }
    return inbox.receive(request, local);
  }

  private static List<String> segments(String path) {
    if (path.length() > 2048) {
      return List.of("too-long");
    }
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? List.of() : List.of(p.split("/", 16));
  }

  // ------------------------------------------------------------------ WebFinger and NodeInfo

  private ApResponse webfinger(ApRequest request) {
    Optional<String> resource = request.queryParameter("resource");
    if (resource.isEmpty() || resource.get().isEmpty() || resource.get().length() > 512) {
      return ApResponse.text(400, "resource parameter required");
    }
    String r = resource.get();
    Optional<String> name = Optional.empty();
    if (r.regionMatches(true, 0, "acct:", 0, 5)) {
      String acct = r.substring(5);
      if (acct.startsWith("@")) {
        acct = acct.substring(1);
      }
      int at = acct.lastIndexOf('@');
      if (at > 0 && acct.substring(at + 1).equalsIgnoreCase(urls.authority())) {
        name = Optional.of(acct.substring(0, at).toLowerCase(Locale.ROOT));
      }
    } else {
      try {
        name = urls.username(URI.create(r));
      } catch (IllegalArgumentException e) {
        return ApResponse.text(400, "resource is not a URI");
      }
    }
    Optional<LocalActor> actor = name.flatMap(actors::find);
    if (actor.isEmpty()) {
      return ApResponse.text(404, "no such account");
    }
    String username = actor.get().username();
    ObjectNode jrd = JSON.createObjectNode();
    jrd.put("subject", "acct:" + username + "@" + urls.authority());
    jrd.putArray("aliases").add(urls.actor(username).toString());
    ArrayNode links = jrd.putArray("links");
    links.addObject().put("rel", "self").put("type", ApResponse.ACTIVITY_JSON)
        .put("href", urls.actor(username).toString());
    links.addObject().put("rel", "http://webfinger.net/rel/profile-page").put("type", "text/html")
        .put("href", urls.actor(username).toString());
    return json(200, ApResponse.JRD_JSON, jrd).withHeader("Access-Control-Allow-Origin", "*");
  }

  private ApResponse nodeInfo() {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", "2.1");
    n.putObject("software").put("name", softwareName).put("version", softwareVersion);
    n.putArray("protocols").add("activitypub");
    ObjectNode services = n.putObject("services");
    services.putArray("inbound");
    services.putArray("outbound");
    n.put("openRegistrations", false);
    ObjectNode usage = n.putObject("usage");
    int users = actors.all().size();
    usage.putObject("users").put("total", users);
    usage.put("localPosts", actors.all().stream().mapToLong(a -> objects.activities(a.username()).size()).sum());
    n.putObject("metadata");
    return json(200, "application/json; profile=\"" + NODEINFO_21 + "#\"", n);
  }

  // ------------------------------------------------------------------ actors

  /** The actor document Kith publishes for {@code actor}. */
  public ObjectNode actorDocument(LocalActor actor) {
    String name = actor.username();
    String id = urls.actor(name).toString();
    ObjectNode a = JSON.createObjectNode();
    ArrayNode ctx = a.putArray("@context");
    ctx.add(AS).add("https://w3id.org/security/v1");
    ObjectNode terms = ctx.addObject();
    terms.put("manuallyApprovesFollowers", "as:manuallyApprovesFollowers");
    terms.put("toot", "http://joinmastodon.org/ns#");
    terms.putObject("featured").put("@id", "toot:featured").put("@type", "@id");
    terms.putObject("alsoKnownAs").put("@id", "as:alsoKnownAs").put("@type", "@id");
    a.put("id", id);
    a.put("type", actor.type());
    a.put("preferredUsername", name);
    actor.name().ifPresent(v -> a.put("name", v));
    actor.summary().ifPresent(v -> a.put("summary", v));
    a.put("url", id);
    a.put("inbox", urls.inbox(name).toString());
    a.put("outbox", urls.outbox(name).toString());
    a.put("followers", urls.followers(name).toString());
    a.put("following", urls.following(name).toString());
    a.put("featured", urls.featured(name).toString());
    a.putObject("endpoints").put("sharedInbox", urls.sharedInbox().toString());
    a.put("manuallyApprovesFollowers", actor.manuallyApprovesFollowers());
    if (!actor.alsoKnownAs().isEmpty()) {
      ArrayNode aka = a.putArray("alsoKnownAs");
      actor.alsoKnownAs().forEach(aka::add);
    }
    a.putObject("publicKey").put("id", urls.keyId(name).toString()).put("owner", id)
        .put("publicKeyPem", actor.publicKeyPem());
    return a;
  }

  private ApResponse actor(ApRequest request, LocalActor actor) {
    if (!wantsActivityJson(request)) {
      String name = actor.name().orElse(actor.username());
      String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + escape(name) + "</title>"
          + "<link rel=\"alternate\" type=\"application/activity+json\" href=\"" + escape(urls.actor(actor.username())
          .toString()) + "\"></head><body><h1>" + escape(name) + "</h1><p>@" + escape(actor.username()) + "@"
          + escape(urls.authority()) + "</p></body></html>";
      return new ApResponse(200, Headers.of("Content-Type", "text/html; charset=utf-8"),
          html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return json(200, AS_JSON, actorDocument(actor));
  }

  // ------------------------------------------------------------------ collections

  private Optional<Integer> page(ApRequest request) {
    Optional<String> p = request.queryParameter("page");
    if (p.isEmpty()) {
      return Optional.empty();
    }
    String v = p.get();
    if (!v.matches("[0-9]{1,6}")) {
      return Optional.of(-1);
    }
    int n = Integer.parseInt(v);
    return Optional.of(n >= 1 && n <= MAX_PAGE ? n : -1);
  }

  private ApResponse collection(ApRequest request, URI id, List<JsonNode> items) {
    Optional<Integer> page = page(request);
    ObjectNode c = JSON.createObjectNode();
    c.put("@context", AS);
    if (page.isEmpty()) {
      c.put("id", id.toString());
      c.put("type", "OrderedCollection");
      c.put("totalItems", items.size());
      c.put("first", id + "?page=1");
      if (!items.isEmpty()) {
        c.put("last", id + "?page=" + Math.max(1, (items.size() + pageSize - 1) / pageSize));
      }
      return json(200, AS_JSON, c);
    }
    int n = page.get();
    if (n < 1) {
      return ApResponse.text(400, "page must be 1 to " + MAX_PAGE);
    }
    long from = (long) (n - 1) * pageSize;
    c.put("id", id + "?page=" + n);
    c.put("type", "OrderedCollectionPage");
    c.put("partOf", id.toString());
    c.put("totalItems", items.size());
    ArrayNode ordered = c.putArray("orderedItems");
    for (long i = from; i < Math.min(items.size(), from + pageSize); i++) {
      ordered.add(items.get((int) i));
    }
    if (from + pageSize < items.size()) {
      c.put("next", id + "?page=" + (n + 1));
    }
    if (n > 1) {
      c.put("prev", id + "?page=" + (n - 1));
    }
    return json(200, AS_JSON, c);
  }

  private ApResponse outbox(ApRequest request, String name) {
    List<JsonNode> items = objects.activities(name).stream().filter(o -> isPublic(o.visibility()))
        .map(o -> tree(o.document().toJson())).toList();
    return collection(request, urls.outbox(name), items);
  }

  private ApResponse follows(ApRequest request, String name, FollowerStore.Direction direction, URI id) {
    List<JsonNode> items = follows.accepted(name, direction).stream()
        .map(r -> (JsonNode) JSON.getNodeFactory().textNode(r.remote().toString())).toList();
    return collection(request, id, items);
  }

  private ApResponse featured(String name, Optional<SignedBy> signer) {
    ObjectNode c = JSON.createObjectNode();
    c.put("@context", AS);
    c.put("id", urls.featured(name).toString());
    c.put("type", "OrderedCollection");
    ArrayNode items = JSON.createArrayNode();
    for (URI id : objects.featured(name)) {
      objects.get(id).filter(o -> o.owner().equals(name) && canSee(o, signer))
          .ifPresent(o -> items.add(tree(o.document().toJson())));
    }
    c.put("totalItems", items.size());
    c.set("orderedItems", items);
    return json(200, AS_JSON, c);
  }

  // ------------------------------------------------------------------ objects

  private ApResponse object(ApRequest request, Optional<SignedBy> signer) {
    URI id;
    try {
      id = URI.create(urls.base() + request.rawPath());
    } catch (IllegalArgumentException e) {
      return ApResponse.text(400, "bad path");
    }
    Optional<StoredObject> found = objects.get(id);
    if (found.isEmpty() || !canSee(found.get(), signer)) {
      return ApResponse.text(404, "not found");
    }
    StoredObject o = found.get();
    if (!wantsActivityJson(request)) {
      Optional<String> url = o.document().url().stream().map(r -> r.id()).flatMap(Optional::stream)
          .filter(u -> u.startsWith("https://") || u.startsWith("http://")).findFirst();
      if (url.isPresent() && !url.get().equals(o.id().toString())) {
        return new ApResponse(302, Headers.of("Location", url.get()), new byte[0]);
      }
      return ApResponse.text(406, "this object is served as application/activity+json");
    }
    ApResponse r = new ApResponse(200, Headers.of("Content-Type", AS_JSON),
        o.document().toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return isPublic(o.visibility()) ? r : r.withHeader("Cache-Control", "private, no-store");
  }

  // ------------------------------------------------------------------ media

  private ApResponse media(ApRequest request, String path) {
    String id = path.substring("/media/".length());
    Optional<StoredMedia> found = media == null || !MediaStore.isId(id) ? Optional.empty() : media.find(id);
    if (found.isEmpty()) {
      return ApResponse.text(404, "not found").withHeader("X-Content-Type-Options", "nosniff");
    }
    StoredMedia m = found.get();
    long size = m.size();
    String etag = "\"" + m.id() + "\"";
    Headers.Builder h = Headers.builder().add("Content-Type", m.mediaType())
        .add("Cache-Control", "public, max-age=31536000, immutable")
        .add("X-Content-Type-Options", "nosniff")
        .add("Content-Security-Policy", "default-src 'none'; sandbox")
        .add("Access-Control-Allow-Origin", "*")
        .add("ETag", etag)
        .add("Accept-Ranges", "bytes");
    if (request.headers().combined("if-none-match").filter(v -> etagListMatches(v, etag)).isPresent()) {
      return new ApResponse(304, h.build(), new byte[0]);
    }
    Optional<String> range = request.header("range");
    boolean rangeApplies = range.isPresent()
        && request.header("if-range").map(v -> v.strip().equals(etag)).orElse(true); // not secret: public file hashes
    long[] slice = rangeApplies ? byteRange(range.get(), size) : null;
    if (slice == UNSATISFIABLE) {
      return new ApResponse(416, h.add("Content-Range", "bytes */" + size).build(), new byte[0]);
    }
    long start = slice == null ? 0 : slice[0];
    long length = slice == null ? size : slice[1] - slice[0] + 1;
    if (slice != null) {
      h.add("Content-Range", "bytes " + slice[0] + "-" + slice[1] + "/" + size);
    }
    h.add("Content-Length", Long.toString(length));
    MediaStore store = media;
    return ApResponse.streamed(slice == null ? 200 : 206, h.build(), new ApResponse.BodySource() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public java.io.InputStream open() throws IOException {
        java.io.InputStream in = store.read(m.id(), start)
            .orElseThrow(() -> new java.nio.file.NoSuchFileException("media " + m.id() + " is gone"));
        return new Slice(in, length);
      }
    });
  }

  private static final long[] UNSATISFIABLE = new long[0];

  /**
   * The first and last byte of a single {@code bytes=} range within {@code size} bytes; null to
   * ignore the header (another unit, several ranges, a malformed one: the whole file is served);
   * {@link #UNSATISFIABLE} for a range that starts beyond the end.
   */
  static long[] byteRange(String header, long size) {
    String v = header.strip();
    if (!v.regionMatches(true, 0, "bytes=", 0, 6) || v.indexOf(',') >= 0) {
      return null;
    }
    String spec = v.substring(6).strip();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String first = spec.substring(0, dash).strip();
    String last = spec.substring(dash + 1).strip();
    if (!first.matches("[0-9]{0,18}") || !last.matches("[0-9]{0,18}") || first.isEmpty() && last.isEmpty()) {
      return null;
    }
    if (first.isEmpty()) { // the last N bytes
      long n = Long.parseLong(last);
      return n == 0 || size == 0 ? UNSATISFIABLE : new long[] {Math.max(0, size - n), size - 1};
    }
    long from = Long.parseLong(first);
    if (!last.isEmpty() && Long.parseLong(last) < from) {
      return null;
    }
    if (from >= size) {
      return UNSATISFIABLE;
    }
    long to = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
    return new long[] {from, to};
  }

  private static boolean etagListMatches(String header, String etag) {
    for (String t : header.split(",", 64)) {
      String tag = t.strip();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals("*") || tag.equals(etag)) { // not secret: public file hashes
        return true;
      }
    }
    return false;
  }

  /** At most {@code left} bytes of a stream, then its end. */
  private static final class Slice extends java.io.FilterInputStream {
    private long left;

    Slice(java.io.InputStream in, long length) {
      super(in);
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(Math.min(n, left));
      left -= s;
      return s;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(super.available(), left);
    }
  }

  private boolean canSee(StoredObject o, Optional<SignedBy> signer) {
    switch (o.visibility()) {
      case PUBLIC:
      case UNLISTED:
        return true;
      case FOLLOWERS:
        return signer.isPresent() && (o.recipients().contains(signer.get().actor())
            || follows.isAcceptedFollower(o.owner(), signer.get().actor()));
      case DIRECT:
        return signer.isPresent() && o.recipients().contains(signer.get().actor());
      default:
        return false;
    }
  }

  private static boolean isPublic(Visibility v) {
    return v == Visibility.PUBLIC || v == Visibility.UNLISTED;
  }

  // ------------------------------------------------------------------ helpers

  /** True if the client asked for AS2, or did not ask for HTML. */
  static boolean wantsActivityJson(ApRequest request) {
    Optional<String> accept = request.headers().combined("accept");
    if (accept.isEmpty()) {
      return true;
    }
    boolean html = false;
    String[] ranges = accept.get().split(",", 64);
    for (String range : ranges) {
      String[] parts = range.split(";", 16);
      String type = parts[0].strip().toLowerCase(Locale.ROOT);
      boolean zero = false;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].strip().toLowerCase(Locale.ROOT);
        if (p.startsWith("q=") && p.substring(2).matches("0(\\.0{0,3})?")) {
          zero = true;
        }
      }
      if (zero) {
        continue;
      }
      if (type.equals(ApResponse.ACTIVITY_JSON) || type.equals("application/ld+json")) {
        return true;
      }
      if (type.equals("text/html")) {
        html = true;
      }
    }
    return !html;
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("a stored document is not JSON", e);
    }
  }

  private static ApResponse json(int status, String contentType, JsonNode body) {
    try {
      return new ApResponse(status, Headers.of("Content-Type", contentType), JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode JSON", e);
    }
  }

  @Override
  public String toString() {
    return "ActorServer[" + urls.base() + (authorizedFetch ? ", authorized fetch" : "") + "]";
  }

  /** Builds an {@link ActorServer}; base, actors, follower store and object store are required. */
  public static final class Builder {
    private ActorUrls urls;
    private LocalActors actors;
    private FollowerStore follows;
    private ObjectStore objects;
    private MediaStore media;
    private InboxEndpoint inbox;
    private RequestAuthenticator authenticator;
    private boolean authorizedFetch;
    private Predicate<URI> refusedFetchers = a -> false;
    private int pageSize = 20;
    private String softwareName = "kith";
    private String softwareVersion = "0.1.0";

    private Builder() {}

    /** The public base URL, e.g. {@code https://social.example} (what remote servers see). */
    public Builder base(URI base) {
      this.urls = new ActorUrls(base);
      return this;
    }

    public Builder actors(LocalActors actors) {
      this.actors = Objects.requireNonNull(actors, "actors");
      return this;
    }

    public Builder followers(FollowerStore store) {
      this.follows = Objects.requireNonNull(store, "store");
      return this;
    }

    public Builder objects(ObjectStore store) {
      this.objects = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The media served at {@code /media/<sha256>}; without one every such path answers 404. */
    public Builder media(MediaStore store) {
      this.media = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Where inbox POSTs go; without one the server answers them with 405. */
    public Builder inbox(InboxEndpoint inbox) {
      this.inbox = Objects.requireNonNull(inbox, "inbox");
      return this;
    }

    /** Verifies signed GETs; without one, followers-only and direct objects are never served. */
    public Builder authenticator(RequestAuthenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /** Requires a signature on every GET but the actor document and WebFinger (default off). */
    public Builder authorizedFetch(boolean on) {
      this.authorizedFetch = on;
      return this;
    }

    /** Signed fetches by actors matching {@code refused} (e.g. on a blocked domain) get 403. */
    public Builder refuseFetchesFrom(Predicate<URI> refused) {
      this.refusedFetchers = Objects.requireNonNull(refused, "refused");
      return this;
    }

    /** Items per collection page, 1 to 100 (default 20). */
    public Builder pageSize(int size) {
      if (size < 1 || size > 100) {
        throw new IllegalArgumentException("page size must be 1 to 100");
      }
      this.pageSize = size;
      return this;
    }

    /** What NodeInfo reports. */
    public Builder software(String name, String version) {
      if (!Objects.requireNonNull(name, "name").matches("[a-z0-9-]{1,64}")) {
        throw new IllegalArgumentException("NodeInfo software names are [a-z0-9-]");
      }
      this.softwareName = name;
      this.softwareVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    public ActorServer build() {
      if (urls == null || actors == null || follows == null || objects == null) {
        throw new IllegalStateException("base, actors, followers and objects are required");
      }
      if (authorizedFetch && authenticator == null) {
        throw new IllegalStateException("authorized fetch needs an authenticator");
      }
      return new ActorServer(this);
    }
  }
}
