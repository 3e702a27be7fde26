package social.kith.activitypub.vocab;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import social.kith.activitypub.ActivityPub;
import social.kith.core.ErrorCode;
import social.kith.core.InvalidInputException;
import social.kith.core.html.HtmlSanitizer;
import social.kith.core.model.Attachment;
import social.kith.core.model.Content;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.Mention;
import social.kith.core.model.NativeDocument;
import social.kith.core.model.Post;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;

/**
 * Maps ActivityStreams documents to Kith's neutral model: actors to {@link Identity}, content objects
 * to {@link Post}, activities to {@link Interaction}s where the neutral model has one. Judges structure
 * only: it checks no signature and no origin (the inbox does), so a spoofed document maps like any other.
 *
 * <p>How fields are read:
 * <ul>
 *   <li>text: {@code content} (or the first {@code contentMap} entry), sanitised HTML plus plain text;
 *       the author's {@code source} (Markdown, MFM, BBCode) is kept as the content source; a
 *       {@code content} whose {@code mediaType} is Markdown or plain text is treated as text; a post
 *       without content (a poll vote, a link post) uses {@code name};
 *   <li>content warning: a non-blank {@code summary} of a Note, Question or ChatMessage (an Article's
 *       or Page's summary is an abstract, not a warning);
 *   <li>language: the {@code contentMap} key, else a {@code language} value (a tag or Lemmy's
 *       {@code {identifier}}), else the context's {@code @language}; {@code und} means unknown;
 *   <li>visibility, from the post's {@code to}/{@code cc}/{@code bto}/{@code bcc} (the enclosing
 *       activity's when the post has none): Public in {@code to} → PUBLIC; Public elsewhere →
 *       UNLISTED; a followers collection → FOLLOWERS; other recipients → DIRECT to them; no addressing at
 *       all → UNLISTED (reachable by its link, listed nowhere). A followers collection is the author's
 *       {@code followers} when the document embeds the author, else an IRI whose path ends in
 *       {@code /followers} or has a {@code /followers/} segment (Hubzilla);
 *   <li>thread root: the conversation id ({@code context}, else {@code conversation}), which groups a
 *       thread's posts even when the first post is not known;
 *   <li>id: {@code id}; an anonymous (transient) object, such as a poll vote some servers send
 *       without one, gets {@code urn:kith:transient:sha256:<hex of its JSON>} and is flagged
 *       {@link MappedPost#anonymous()};
 *   <li>creation time: {@code published}, else the enclosing activity's, else {@code updated}, else
 *       the mapper's clock (the time it was received).
 * </ul>
 *
 * <p>Limits: a post may carry at most {@link Post#MAX_ATTACHMENTS} attachments, {@link Post#MAX_MENTIONS}
 * mentions, {@link Post#MAX_HASHTAGS} hashtags and {@link Post#MAX_RECIPIENTS} direct recipients, and a
 * poll {@link Poll#MAX_OPTIONS} options; more is refused with {@link VocabError#MAPPING_LIMIT_EXCEEDED}.
 * Alt text longer than {@link Attachment#MAX_ALT_TEXT} and display names longer than
 * {@link Identity#MAX_DISPLAY_NAME} are cut. Attachments without a usable URL (or with a
 * {@code javascript:}/{@code data:}/{@code file:} one), mentions without a usable id or handle and
 * hashtags that are not single words are dropped. Control characters are removed from text.
 *
 * <p>Every failure is a {@link VocabException}. Immutable and thread-safe.
 */
public final class ApMapper {
  /** The protocol of everything this mapper makes. */
  public static final Protocol PROTOCOL = Protocol.ACTIVITYPUB;

  /** A mapper whose fallback creation time is the system clock. */
  public static final ApMapper DEFAULT = new ApMapper(InstantSource.system());

  private static final Set<String> CW_TYPES = Set.of("Note", "Question", "ChatMessage");
  private static final Set<String> TITLED = Set.of("Article", "Page", "Video", "Audio", "Event", "Image");
  private static final Set<String> PUBLIC = Set.of(ActivityPub.PUBLIC, "as:Public", "Public",
      "http://www.w3.org/ns/activitystreams#Public");
  private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/"
      + "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,8}");
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
  private static final int MAX_HASHTAG = 100;
  private static final int MAX_ID = 2048;

  private final InstantSource clock;

  private ApMapper(InstantSource clock) {
    this.clock = clock;
  }

  /** A mapper that uses {@code clock} for the creation time of posts that state none. */
  public static ApMapper withClock(InstantSource clock) {
    return new ApMapper(Objects.requireNonNull(clock, "clock"));
  }

  /** Maps any document: an activity, a post, an actor, or {@link Mapped.Other}. */
  public Mapped map(AsObject document) {
    Objects.requireNonNull(document, "document");
    if (document.isPost()) {
      return post(document);
    }
    if (document.isActor()) {
      return actor(document);
    }
    if (document.isActivity()) {
      return activity(document);
    }
    return new Mapped.Other(document);
  }

  // ---------------------------------------------------------------- posts

  /** Maps a content object ({@link AsTypes#POSTS}) to a post. */
  public MappedPost post(AsObject object) {
    return post(object, null);
  }

  private MappedPost post(AsObject o, AsObject enclosing) {
    Objects.requireNonNull(o, "object");
    if (!o.isPost()) {
      throw new VocabException(VocabError.NOT_MAPPABLE, o.type().orElse("an untyped object") + " is not a post");
    }
    try {
      return buildPost(o, enclosing);
    } catch (VocabException e) {
      throw e;
    } catch (InvalidInputException e) {
      throw wrap(e);
    }
  }

  private MappedPost buildPost(AsObject o, AsObject enclosing) {
    String type = o.types().stream().filter(AsTypes.POSTS::contains).findFirst().orElseThrow();
    boolean anonymous = o.id().isEmpty();
    String idValue = anonymous ? transientId(o) : o.id().get();
    PostId id = postId(idValue, "id");
    IdentityId author = author(o, enclosing);
    Instant created = o.published()
        .or(() -> enclosing == null ? Optional.empty() : enclosing.published())
        .or(o::updated)
        .orElseGet(clock::instant);
    Post.Builder b = Post.builder(id, author, created);
    o.updated().filter(u -> !u.isBefore(created)).filter(u -> !u.equals(created)).ifPresent(b::editedAt);

    // Text and language.
    Map<String, String> contentMap = o.languageMap("contentMap");
    String html = o.content().orElse(null);
    String language = null;
    if (!contentMap.isEmpty()) {
      Map.Entry<String, String> first = contentMap.entrySet().iterator().next();
      if (html == null) {
        html = first.getValue();
        language = first.getKey();
      } else {
        final String h = html;
        language = contentMap.entrySet().stream().filter(e -> e.getValue().equals(h)).map(Map.Entry::getKey)
            .findFirst().orElse(first.getKey());
      }
    }
    Optional<String> title = TITLED.contains(type) ? o.name().map(ApMapper::clean) : Optional.empty();
    if (html != null && !html.isBlank()) {
      b.content(content(html, o.mediaType().orElse("text/html"), o.source()));
    } else {
      String name = o.name().orElse(null);
      Map<String, String> nameMap = o.languageMap("nameMap");
      if (name == null && !nameMap.isEmpty()) {
        Map.Entry<String, String> first = nameMap.entrySet().iterator().next();
        name = first.getValue();
        language = language == null ? first.getKey() : language;
      }
      if (name != null && !name.isBlank()) {
        b.content(Content.plain(clean(name)));
      }
    }
    b.language(language(language, o).orElse(null));

    // Content warning.
    if (CW_TYPES.contains(type)) {
      Optional<String> summary = o.summary();
      if (summary.isEmpty()) {
        summary = o.languageMap("summaryMap").values().stream().findFirst();
      }
      summary.map(s -> s.indexOf('<') >= 0 || s.indexOf('&') >= 0 ? HtmlSanitizer.toPlainText(s) : s)
          .map(ApMapper::clean).filter(s -> !s.isBlank()).ifPresent(b::contentWarning);
    }
    b.sensitive(o.sensitive());

    b.attachments(attachments(o));
    List<Mention> mentions = new ArrayList<>();
    List<String> hashtags = new ArrayList<>();
    List<CustomEmoji> emoji = new ArrayList<>();
    readTags(o, mentions, hashtags, emoji);
    limit(mentions.size(), Post.MAX_MENTIONS, "mentions");
    limit(hashtags.size(), Post.MAX_HASHTAGS, "hashtags");
    b.mentions(mentions).hashtags(hashtags);

    Optional<Ref> reply = o.inReplyTo();
    if (reply.isPresent()) {
      String target = reply.get().id().orElseThrow(
          () -> new VocabException(VocabError.INVALID_PROPERTY, "inReplyTo has no id"));
      if (!target.equals(idValue)) {
        b.inReplyTo(postId(target, "inReplyTo"));
      }
    }
    Optional<String> conversation = o.conversation().filter(ApMapper::isWord);
    conversation.ifPresent(c -> b.threadRoot(PostId.of(PROTOCOL, c)));

    audience(o, enclosing, b);
    b.nativeDocument(NativeDocument.ofText(PROTOCOL, ActivityPub.MEDIA_TYPE, o.toJson()));
    Optional<Poll> poll = type.equals("Question") ? poll(o) : Optional.empty();
    return new MappedPost(b.build(), type, anonymous, title, emoji, conversation, o.quote(), poll, o);
  }

  /**
   * The id of an anonymous (transient) object, such as a poll vote some servers send without one:
   * {@code urn:kith:transient:sha256:<hex>} of the object's JSON, so the same object gets the same id.
   */
  private static String transientId(AsObject o) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(o.toBytes());
      return "urn:kith:transient:sha256:" + java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private IdentityId author(AsObject o, AsObject enclosing) {
    for (Ref r : o.attributedTo()) {
      if (r.id().isPresent()) {
        return identityId(r.id().get(), "attributedTo");
      }
    }
    for (Ref r : o.actor()) {
      if (r.id().isPresent()) {
        return identityId(r.id().get(), "actor");
      }
    }
    if (enclosing != null) {
      for (Ref r : enclosing.actor()) {
        if (r.id().isPresent()) {
          return identityId(r.id().get(), "actor");
        }
      }
    }
    throw new VocabException(VocabError.MISSING_PROPERTY, "the post has no attributedTo");
  }

  private static Content content(String html, String mediaType, Optional<Source> source) {
    String text = clean(html);
    String mt = mediaType.toLowerCase(Locale.ROOT);
    if (mt.startsWith("text/markdown") || mt.startsWith("text/plain")) {
      String type = MEDIA_TYPE.matcher(mt).matches() ? mt : "text/plain";
      return new Content(text, type, HtmlSanitizer.textToHtml(text), text);
    }
    if (source.isPresent() && MEDIA_TYPE.matcher(source.get().mediaType()).matches()) {
      return Content.of(clean(source.get().content()), source.get().mediaType(), text);
    }
    return Content.html(text);
  }

  private static Optional<String> language(String fromMap, AsObject o) {
    String l = fromMap;
    if (l == null) {
      l = o.string("language").orElse(null);
    }
    if (l == null) {
      l = o.embedded("language").flatMap(x -> x.string("identifier")).orElse(null);
    }
    if (l == null) {
      l = o.contextLanguage().orElse(null);
    }
    if (l == null || l.equalsIgnoreCase("und") || !LANGUAGE.matcher(l).matches() || l.length() > 64) {
      return Optional.empty();
    }
    return Optional.of(l);
  }

  private static List<Attachment> attachments(AsObject o) {
    List<Attachment> out = new ArrayList<>();
    for (Ref r : o.attachments()) {
      Attachment a = attachment(r);
      if (a != null) {
        out.add(a);
      }
    }
    limit(out.size(), Post.MAX_ATTACHMENTS, "attachments");
    return out;
  }

  private static Attachment attachment(Ref r) {
    if (r instanceof Ref.Iri iri) {
      URI u = safeUri(iri.iri());
      return u == null ? null : Attachment.of(u, "application/octet-stream", "");
    }
    AsObject a = r.embedded().orElseThrow();
    if (a.is("PropertyValue")) {
      return null;
    }
    String url = null;
    String mediaType = a.mediaType().or(() -> a.string("mimeType")).orElse(null);
    if (r instanceof Ref.Link link) {
      url = link.id().orElse(null);
    } else {
      for (Ref u : a.url()) {
        if (u.id().isPresent()) {
          url = u.id().get();
          if (mediaType == null && u instanceof Ref.Link l) {
            mediaType = l.mediaType().orElse(null);
          }
          break;
        }
      }
      if (url == null) {
        url = a.href().orElse(null);
      }
    }
    URI u = url == null ? null : safeUri(url);
    if (u == null) {
      return null;
    }
    if (mediaType == null || !MEDIA_TYPE.matcher(mediaType).matches()) {
      mediaType = "application/octet-stream";
    }
    String alt = a.name().map(ApMapper::clean).orElse("");
    if (alt.length() > Attachment.MAX_ALT_TEXT) {
      alt = alt.substring(0, Attachment.MAX_ALT_TEXT);
    }
    Attachment att = Attachment.of(u, mediaType, alt);
    OptionalLong w = a.integer("width");
    OptionalLong h = a.integer("height");
    if (w.isPresent() && h.isPresent() && inPixels(w.getAsLong()) && inPixels(h.getAsLong())) {
      att = att.withSize((int) w.getAsLong(), (int) h.getAsLong());
    }
    Optional<String> blurhash = a.string("blurhash");
    if (blurhash.isPresent() && blurhash.get().length() <= 128 && isWord(blurhash.get())) {
      att = att.withBlurhash(blurhash.get());
    }
    return att;
  }

  private static boolean inPixels(long v) {
    return v >= 1 && v <= 65535;
  }

  private static void readTags(AsObject o, List<Mention> mentions, List<String> hashtags, List<CustomEmoji> emoji) {
    for (AsObject t : o.tags()) {
      if (t.is("Mention")) {
        Mention m = mention(t);
        if (m != null) {
          mentions.add(m);
        }
      } else if (t.is("Hashtag")) {
        t.name().map(n -> n.startsWith("#") ? n.substring(1) : n)
            .filter(n -> !n.isEmpty() && n.length() <= MAX_HASHTAG && n.indexOf('#') < 0 && isWord(n))
            .ifPresent(hashtags::add);
      } else if (t.is("Emoji")) {
        CustomEmoji e = emoji(t);
        if (e != null) {
          emoji.add(e);
        }
      }
    }
  }

  private static Mention mention(AsObject t) {
    Optional<IdentityId> id = t.href().filter(ApMapper::isWord).map(h -> IdentityId.of(PROTOCOL, h));
    Optional<String> name = t.name().map(String::strip);
    Optional<String> handle = name.filter(n -> n.length() <= Identity.MAX_HANDLE && isWord(n) && n.indexOf('@') >= 0);
    if (id.isEmpty() && handle.isEmpty()) {
      return null;
    }
    String display = name.map(ApMapper::clean).map(String::strip)
        .filter(n -> !n.isEmpty() && n.length() <= Identity.MAX_HANDLE && n.indexOf('\n') < 0
            && n.indexOf('\r') < 0 && n.indexOf('\t') < 0)
        .orElse(handle.orElseGet(() -> id.get().value()));
    if (display.length() > Identity.MAX_HANDLE) {
      display = display.substring(0, Identity.MAX_HANDLE);
    }
    return new Mention(id, handle, display);
  }

  private static CustomEmoji emoji(AsObject t) {
    Optional<String> name = t.name().map(String::strip);
    if (name.isEmpty() || name.get().isEmpty()) {
      return null;
    }
    String shortcode = name.get();
    if (shortcode.length() > 1 && shortcode.startsWith(":") && shortcode.endsWith(":")) {
      shortcode = shortcode.substring(1, shortcode.length() - 1);
    }
    Optional<URI> icon = Optional.empty();
    Optional<String> mediaType = Optional.empty();
    Optional<Ref> ref = t.ref("icon");
    if (ref.isPresent()) {
      Optional<String> url = ref.get() instanceof Ref.Embedded e
          ? e.object().url().stream().map(Ref::id).flatMap(Optional::stream).findFirst()
          : ref.get().id();
      icon = url.map(ApMapper::safeUri).filter(u -> u.getScheme().startsWith("http"));
      mediaType = ref.get().embedded().flatMap(AsObject::mediaType);
    }
    return new CustomEmoji(clean(shortcode), icon, mediaType, t.id());
  }

  private static void audience(AsObject o, AsObject enclosing, Post.Builder b) {
    AsObject addressed = o;
    if (o.to().isEmpty() && o.cc().isEmpty() && o.bto().isEmpty() && o.bcc().isEmpty() && enclosing != null) {
      addressed = enclosing;
    }
    Set<String> followers = new LinkedHashSet<>();
    for (Ref r : o.attributedTo()) {
      r.embedded().flatMap(a -> a.string("followers")).ifPresent(followers::add);
    }
    List<String> to = ids(addressed.to());
    List<String> others = new ArrayList<>(ids(addressed.cc()));
    others.addAll(ids(addressed.bto()));
    others.addAll(ids(addressed.bcc()));
    if (to.stream().anyMatch(PUBLIC::contains)) {
      b.visibility(Visibility.PUBLIC);
      return;
    }
    if (others.stream().anyMatch(PUBLIC::contains)) {
      b.visibility(Visibility.UNLISTED);
      return;
    }
    List<String> all = new ArrayList<>(to);
    all.addAll(others);
    if (all.stream().anyMatch(r -> followers.contains(r) || looksLikeFollowers(r))) {
      b.visibility(Visibility.FOLLOWERS);
      return;
    }
    LinkedHashSet<IdentityId> direct = new LinkedHashSet<>();
    for (String r : all) {
      if (isWord(r)) {
        direct.add(IdentityId.of(PROTOCOL, r));
      }
    }
    if (direct.isEmpty()) {
      b.visibility(Visibility.UNLISTED);
      return;
    }
    limit(direct.size(), Post.MAX_RECIPIENTS, "direct recipients");
    b.visibility(Visibility.DIRECT).directRecipients(new ArrayList<>(direct));
  }

  private static boolean looksLikeFollowers(String iri) {
    try {
      String path = new URI(iri).getPath();
      return path != null && (path.endsWith("/followers") || path.contains("/followers/"));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static Optional<Poll> poll(AsObject o) {
    boolean multiple = !o.has("oneOf") && o.has("anyOf");
    List<AsObject> raw = o.embeddedList(multiple ? "anyOf" : "oneOf");
    limit(raw.size(), Poll.MAX_OPTIONS, "poll options");
    List<Poll.Option> options = new ArrayList<>();
    for (AsObject opt : raw) {
      Optional<String> name = opt.name().or(() -> opt.languageMap("nameMap").values().stream().findFirst());
      if (name.isPresent()) {
        OptionalLong votes = opt.embedded("replies").map(r -> r.integer("totalItems")).orElse(OptionalLong.empty());
        options.add(new Poll.Option(clean(name.get()), votes));
      }
    }
    Optional<Instant> closed = o.instant("closed");
    if (closed.isEmpty() && o.bool("closed").orElse(false)) {
      closed = o.instant("endTime");
    }
    return Optional.of(new Poll(multiple, options, o.integer("votersCount"), o.instant("endTime"), closed));
  }

  // ---------------------------------------------------------------- actors

  /** Maps an actor ({@link AsTypes#ACTORS}) to an identity. */
  public MappedActor actor(AsObject actor) {
    Objects.requireNonNull(actor, "actor");
    if (!actor.isActor()) {
      throw new VocabException(VocabError.NOT_MAPPABLE, actor.type().orElse("an untyped object") + " is not an actor");
    }
    try {
      return buildActor(actor);
    } catch (VocabException e) {
      throw e;
    } catch (InvalidInputException e) {
      throw wrap(e);
    }
  }

  private MappedActor buildActor(AsObject a) {
    String type = a.types().stream().filter(AsTypes.ACTORS::contains).findFirst().orElseThrow();
    String idValue = a.id().orElseThrow(() -> new VocabException(VocabError.MISSING_PROPERTY, type + " has no id"));
    Identity.Builder b = Identity.builder(identityId(idValue, "id"));
    Optional<String> user = a.string("preferredUsername").map(String::strip).filter(ApMapper::isWord);
    String host = host(idValue);
    if (user.isPresent() && host != null) {
      String handle = "@" + user.get() + "@" + host;
      if (handle.length() <= Identity.MAX_HANDLE) {
        b.handle(handle);
      }
    }
    a.name().map(ApMapper::clean).map(n -> n.length() > Identity.MAX_DISPLAY_NAME
        ? n.substring(0, Identity.MAX_DISPLAY_NAME) : n).ifPresent(b::displayName);
    a.summary().map(ApMapper::clean).filter(s -> s.length() <= Content.MAX_CHARS).map(Content::html).ifPresent(b::bio);
    a.ref("icon").flatMap(r -> r instanceof Ref.Embedded e
            ? e.object().url().stream().map(Ref::id).flatMap(Optional::stream).findFirst() : r.id())
        .map(ApMapper::safeUri).ifPresent(b::avatar);

    List<ProfileField> fields = new ArrayList<>();
    List<Ref> attachments = a.attachments();
    for (Ref r : attachments) {
      r.embedded().filter(x -> x.is("PropertyValue")).ifPresent(pv -> fields.add(
          new ProfileField(clean(pv.name().orElse("")), clean(pv.string("value").orElse("")))));
    }
    List<Mention> ignored = new ArrayList<>();
    List<String> hashtags = new ArrayList<>();
    List<CustomEmoji> emoji = new ArrayList<>();
    readTags(a, ignored, hashtags, emoji);
    List<ActorKey> keys = new ArrayList<>();
    for (AsObject k : a.embeddedList("publicKey")) {
      Optional<String> kid = k.id();
      Optional<String> pem = k.string("publicKeyPem");
      if (kid.isPresent() && pem.isPresent()) {
        keys.add(new ActorKey(kid.get(), k.ref("owner").flatMap(Ref::id), pem.get()));
      }
    }
    Optional<String> sharedInbox = a.embedded("endpoints").flatMap(e -> e.ref("sharedInbox")).flatMap(Ref::id);
    return new MappedActor(b.build(), type, refId(a, "inbox"), refId(a, "outbox"), refId(a, "followers"),
        refId(a, "following"), sharedInbox, refId(a, "featured"), refId(a, "featuredTags"), fields,
        attachments.size(), emoji, hashtags, keys, a.bool("manuallyApprovesFollowers").orElse(false),
        a.bool("discoverable").orElse(false), refId(a, "movedTo"),
        a.refs("alsoKnownAs").stream().map(Ref::id).flatMap(Optional::stream).toList(), a);
  }

  private static Optional<String> refId(AsObject o, String term) {
    return o.ref(term).flatMap(Ref::id);
  }

  private static String host(String iri) {
    try {
      URI u = new URI(iri);
      return u.getHost() == null ? null : u.getHost().toLowerCase(Locale.ROOT);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- activities

  /** Maps an activity: who did what to which object, and the post or actor it carries. */
  public MappedActivity activity(AsObject activity) {
    Objects.requireNonNull(activity, "activity");
    if (!activity.isActivity()) {
      throw new VocabException(VocabError.NOT_MAPPABLE,
          activity.type().orElse("an untyped object") + " is not an activity");
    }
    try {
      return buildActivity(activity);
    } catch (VocabException e) {
      throw e;
    } catch (InvalidInputException e) {
      throw wrap(e);
    }
  }

  private MappedActivity buildActivity(AsObject a) {
    String type = a.type().orElseThrow(() -> new VocabException(VocabError.MISSING_PROPERTY, "the activity has no type"));
    String actorId = a.actor().stream().map(Ref::id).flatMap(Optional::stream).findFirst()
        .orElseThrow(() -> new VocabException(VocabError.MISSING_PROPERTY, type + " has no actor"));
    IdentityId actor = identityId(actorId, "actor");
    List<String> warnings = new ArrayList<>();

    // Walk to the innermost object, remembering the activity that holds it.
    AsObject holder = a;
    AsObject inner = a.innermost();
    if (inner != a) {
      AsObject cur = a;
      while (cur.isActivity()) {
        Optional<AsObject> next = cur.embedded("object").filter(n -> !n.types().isEmpty());
        if (next.isEmpty() || cur.find("object").isArray()) {
          break;
        }
        holder = cur;
        cur = next.get();
      }
    }
    Optional<String> target = target(a);
    Optional<MappedPost> post = inner != a && inner.isPost() ? Optional.of(post(inner, holder)) : Optional.empty();
    Optional<MappedActor> subject = inner != a && inner.isActor() ? Optional.of(actor(inner)) : Optional.empty();

    Optional<String> reaction = Optional.empty();
    Interaction interaction = null;
    switch (type) {
      case "Like":
        reaction = a.string("_misskey_reaction").or(a::content).map(String::strip).filter(s -> !s.isEmpty());
        interaction = like(target, reaction, warnings);
        break;
      case "EmojiReact":
      case "EmojiReaction":
        reaction = a.content().or(() -> a.string("_misskey_reaction")).map(String::strip).filter(s -> !s.isEmpty());
        interaction = reaction.isEmpty() ? null : like(target, reaction, warnings);
        if (reaction.isEmpty()) {
          warnings.add("the reaction has no content");
        }
        break;
      case "Announce":
        if (a.embedded("object").filter(AsObject::isActivity).isEmpty()) { // relaying an activity is no boost
          interaction = firstObjectId(a).filter(ApMapper::isWord).map(t -> new Interaction.Share(PostId.of(PROTOCOL, t)))
              .orElse(null);
        }
        break;
      case "Follow":
        interaction = target.filter(ApMapper::isWord).map(t -> new Interaction.Follow(IdentityId.of(PROTOCOL, t)))
            .orElse(null);
        break;
      case "Block":
        interaction = target.filter(ApMapper::isWord).map(t -> new Interaction.Block(IdentityId.of(PROTOCOL, t)))
            .orElse(null);
        break;
      case "Undo":
        List<String> chain = a.chain();
        if (chain.size() >= 2 && chain.get(1).equals("Follow")) {
          interaction = target.filter(ApMapper::isWord).map(t -> new Interaction.Unfollow(IdentityId.of(PROTOCOL, t)))
              .orElse(null);
        }
        break;
      case "Delete":
        boolean actorGone = subject.isPresent() || target.filter(t -> t.equals(actorId)).isPresent();
        if (!actorGone) {
          interaction = target.filter(ApMapper::isWord).map(t -> new Interaction.Delete(PostId.of(PROTOCOL, t)))
              .orElse(null);
        }
        break;
      default:
        break;
    }
    return new MappedActivity(type, a.id(), actor, a.chain(), target, Optional.ofNullable(interaction), reaction,
        post, subject, warnings, a);
  }

  private static Interaction like(Optional<String> target, Optional<String> reaction, List<String> warnings) {
    if (target.isEmpty() || !isWord(target.get())) {
      return null;
    }
    PostId post = PostId.of(PROTOCOL, target.get());
    if (reaction.isEmpty()) {
      return Interaction.Like.of(post);
    }
    String r = reaction.get();
    if (r.length() > Interaction.Like.MAX_REACTION || !isWord(r)) {
      warnings.add("the reaction is not a single emoji or shortcode of at most "
          + Interaction.Like.MAX_REACTION + " characters");
      return null;
    }
    return Interaction.Like.reaction(post, r);
  }

  /** The id of the innermost object the chain points at. */
  private static Optional<String> target(AsObject a) {
    AsObject cur = a;
    while (true) {
      Optional<Ref> o = cur.ref("object");
      if (o.isEmpty()) {
        return Optional.empty();
      }
      Optional<AsObject> e = o.get().embedded();
      if (e.isPresent() && e.get().isActivity() && !e.get().types().isEmpty()) {
        cur = e.get();
        continue;
      }
      return o.get().id();
    }
  }

  private static Optional<String> firstObjectId(AsObject a) {
    return a.object().stream().map(Ref::id).flatMap(Optional::stream).findFirst();
  }

  // ---------------------------------------------------------------- helpers

  private static PostId postId(String value, String field) {
    if (!isWord(value) || value.length() > MAX_ID) {
      throw new VocabException(VocabError.INVALID_PROPERTY, field + " is not a usable IRI");
    }
    return PostId.of(PROTOCOL, value);
  }

  private static IdentityId identityId(String value, String field) {
    if (!isWord(value) || value.length() > MAX_ID) {
      throw new VocabException(VocabError.INVALID_PROPERTY, field + " is not a usable IRI");
    }
    return IdentityId.of(PROTOCOL, value);
  }

  private static List<String> ids(List<Ref> refs) {
    List<String> out = new ArrayList<>(refs.size());
    for (Ref r : refs) {
      r.id().ifPresent(out::add);
    }
    return out;
  }

  private static void limit(int count, int max, String what) {
    if (count > max) {
      throw new VocabException(VocabError.MAPPING_LIMIT_EXCEEDED, "more than " + max + " " + what);
    }
  }

  /** A URI safe to keep: absolute, not javascript:/vbscript:/data:/file:, at most 4096 characters. */
  private static URI safeUri(String s) {
    if (s == null || s.length() > 4096) {
      return null;
    }
    try {
      URI u = new URI(s.strip());
      String scheme = u.getScheme();
      if (scheme == null || !u.isAbsolute()) {
        return null;
      }
      String sc = scheme.toLowerCase(Locale.ROOT);
      if (sc.equals("javascript") || sc.equals("vbscript") || sc.equals("data") || sc.equals("file")) {
        return null;
      }
      return u;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static boolean isWord(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_ID) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** Removes control characters other than tab, CR and LF. */
  private static String clean(String s) {
    return CONTROL.matcher(s).find() ? CONTROL.matcher(s).replaceAll("") : s;
  }

  private static VocabException wrap(InvalidInputException e) {
    ErrorCode code = e.code();
    VocabError v = code == ErrorCode.Standard.LIMIT_EXCEEDED ? VocabError.MAPPING_LIMIT_EXCEEDED
        : VocabError.INVALID_PROPERTY;
    return new VocabException(v, e.getMessage(), e);
  }
}
