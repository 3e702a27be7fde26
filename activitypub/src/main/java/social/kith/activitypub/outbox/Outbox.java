package social.kith.activitypub.outbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import social.kith.activitypub.ActivityPub;
import social.kith.activitypub.delivery.DeliveryJob;
import social.kith.activitypub.delivery.DeliveryQueue;
import social.kith.activitypub.vocab.AsObject;
import social.kith.core.InvalidInputException;
import social.kith.core.model.Attachment;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.Mention;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;

/**
 * Builds the activities a local actor sends and the inboxes they go to.
 *
 * <p>Addressing (as Mastodon and its peers read it):
 * <ul>
 *   <li>public: {@code to} Public, {@code cc} the followers collection and the mentioned;</li>
 *   <li>unlisted: {@code to} followers, {@code cc} Public and the mentioned;</li>
 *   <li>followers-only: {@code to} followers, {@code cc} the mentioned;</li>
 *   <li>direct: {@code to} the recipients and the mentioned only, each with a {@code Mention} tag
 *       (servers show a post as a direct message to the people it mentions).</li>
 * </ul>
 * Fan-out: followers' deliveries go to their shared inbox when they have one, so a server with a
 * thousand followers gets one POST; direct messages go to each recipient's own inbox. Inboxes are
 * de-duplicated; an inbox that is not an absolute http(s) URL is skipped and reported in
 * {@link OutboundActivity#unresolved()} (the SSRF guard checks the rest at delivery). Follow,
 * Undo and Block go to the target's own inbox. Mentions must carry a resolved actor id (resolve
 * handles with WebFinger first).
 *
 * <p>Ids are minted once, here ({@code <actor>/activities/<uuid>}, objects
 * {@code <actor>/notes/<uuid>}), and travel inside the stored job, so retries and restarts resend
 * the same id. Posts, edits and deletes may only name the actor's own objects (same origin).
 * At most {@value #MAX_INBOXES} inboxes per activity. Thread-safe.
 */
public final class Outbox {
  /** The most inboxes one activity fans out to. */
  public static final int MAX_INBOXES = 100_000;

  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

  private final FollowerDirectory followers;
  private final RecipientDirectory recipients;
  private final InstantSource clock;
  private final Supplier<UUID> ids;

  private Outbox(Builder b) {
    this.followers = b.followers;
    this.recipients = b.recipients;
    this.clock = b.clock;
    this.ids = b.ids;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Publishes a post: {@code Create} of a {@code Note}. */
  public OutboundActivity publish(LocalActor actor, PostDraft draft) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(draft, "draft");
    Instant now = now();
    String noteId = actor.mint("notes", uuid());
    Fanout fan = audience(actor, draft, draft.inReplyTo());
    AsObject note = note(actor, noteId, draft, fan, now, false);
    AsObject create = activity(actor, "Create")
        .set("published", ISO.format(now))
        .setStrings("to", List.copyOf(fan.to)).setStrings("cc", List.copyOf(fan.cc))
        .set("object", note).build();
    return fan.outbound(actor, create);
  }

  /** The activity for a core interaction. */
  public OutboundActivity interact(LocalActor actor, Interaction interaction) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(interaction, "interaction");
    if (!interaction.protocol().equals(Protocol.ACTIVITYPUB)) {
      throw new InvalidInputException("the interaction targets " + interaction.protocol() + ", not ActivityPub");
    }
    if (interaction instanceof Interaction.Reply r) {
      return publish(actor, r.replyDraft());
    }
    if (interaction instanceof Interaction.Like l) {
      return like(actor, l);
    }
    if (interaction instanceof Interaction.Share s) {
      return share(actor, s.target());
    }
    if (interaction instanceof Interaction.Follow f) {
      return toActor(actor, "Follow", uri(f.target().value(), "follow target"));
    }
    if (interaction instanceof Interaction.Unfollow u) {
      return unfollow(actor, u.target(), Optional.empty());
    }
    if (interaction instanceof Interaction.Block b) {
      return toActor(actor, "Block", uri(b.target().value(), "block target"));
    }
    if (interaction instanceof Interaction.Edit e) {
      return edit(actor, e.target(), e.draft());
    }
    if (interaction instanceof Interaction.Delete d) {
      return delete(actor, d.target());
    }
    throw new InvalidInputException("unknown interaction " + interaction.getClass().getSimpleName());
  }

  /**
   * {@code Undo} of a {@code Follow}. Pass the id of the original Follow when it is known, so that
   * servers that match the id find it; otherwise a new id is minted (Mastodon matches on actor and
   * object).
   */
  public OutboundActivity unfollow(LocalActor actor, IdentityId target, Optional<String> followActivityId) {
    Objects.requireNonNull(followActivityId, "followActivityId");
    URI t = uri(target.value(), "unfollow target");
    String followId = followActivityId.orElseGet(() -> actor.mint("activities", uuid()));
    AsObject follow = AsObject.builder().id(followId).type("Follow")
        .set("actor", actor.id().toString()).set("object", t.toString()).build();
    Fanout fan = new Fanout();
    fan.to.add(t.toString());
    fan.addActor(t, true);
    AsObject undo = activity(actor, "Undo").setStrings("to", List.copyOf(fan.to)).set("object", follow).build();
    return fan.outbound(actor, undo);
  }

  /** {@code Move} of the actor to {@code newActor}, sent to its followers (account migration). */
  public OutboundActivity move(LocalActor actor, URI newActor) {
    LocalActor.checkHttp(newActor, "new actor");
    Fanout fan = new Fanout();
    fan.to.add(actor.followers().toString());
    fan.addFollowers(actor);
    AsObject move = activity(actor, "Move").set("object", actor.id().toString())
        .set("target", newActor.toString()).setStrings("to", List.copyOf(fan.to)).build();
    return fan.outbound(actor, move);
  }

  /** {@code Delete} of the actor itself (account deletion), to Public and its followers. */
  public OutboundActivity deleteAccount(LocalActor actor) {
    Fanout fan = new Fanout();
    fan.to.add(ActivityPub.PUBLIC);
    fan.cc.add(actor.followers().toString());
    fan.addFollowers(actor);
    AsObject delete = activity(actor, "Delete").set("object", actor.id().toString())
        .setStrings("to", List.copyOf(fan.to)).setStrings("cc", List.copyOf(fan.cc)).build();
    return fan.outbound(actor, delete);
  }

  /** One job per inbox, all carrying the same activity bytes and id, due now. */
  public List<DeliveryJob> jobs(OutboundActivity outbound) {
    byte[] body = outbound.activity().toBytes();
    if (body.length > DeliveryJob.MAX_BODY_BYTES) {
      throw InvalidInputException.limit("the activity is " + body.length + " bytes, more than "
          + DeliveryJob.MAX_BODY_BYTES);
    }
    Instant now = now();
    List<DeliveryJob> out = new ArrayList<>(outbound.inboxes().size());
    for (URI inbox : outbound.inboxes()) {
      out.add(new DeliveryJob(uuid(), outbound.id(), outbound.actor().id(), inbox, body, now, 0, now));
    }
    return out;
  }

  /** Enqueues {@link #jobs} atomically and returns them. */
  public List<DeliveryJob> send(OutboundActivity outbound, DeliveryQueue queue) {
    List<DeliveryJob> jobs = jobs(outbound);
    queue.enqueue(jobs);
    return jobs;
  }

  // ------------------------------------------------------------------ interactions

  private OutboundActivity like(LocalActor actor, Interaction.Like like) {
    Fanout fan = new Fanout();
    addAuthor(fan, like.target(), true);
    AsObject.Builder b = activity(actor, "Like").set("object", uri(like.target().value(), "like target").toString());
    if (!fan.to.isEmpty()) {
      b.setStrings("to", List.copyOf(fan.to));
    }
    like.reaction().ifPresent(r -> b.set("content", r).set("_misskey_reaction", r));
    return fan.outbound(actor, b.build());
  }

  private OutboundActivity share(LocalActor actor, PostId target) {
    Instant now = now();
    Fanout fan = new Fanout();
    fan.to.add(ActivityPub.PUBLIC);
    fan.cc.add(actor.followers().toString());
    fan.addFollowers(actor);
    addAuthor(fan, target, false);
    AsObject announce = activity(actor, "Announce").set("published", ISO.format(now))
        .set("object", uri(target.value(), "boost target").toString())
        .setStrings("to", List.copyOf(fan.to)).setStrings("cc", List.copyOf(fan.cc)).build();
    return fan.outbound(actor, announce);
  }

  private OutboundActivity toActor(LocalActor actor, String type, URI target) {
    Fanout fan = new Fanout();
    fan.to.add(target.toString());
    fan.addActor(target, true);
    AsObject a = activity(actor, type).set("object", target.toString()).setStrings("to", List.copyOf(fan.to)).build();
    return fan.outbound(actor, a);
  }

  private OutboundActivity edit(LocalActor actor, PostId target, PostDraft draft) {
    URI id = ownObject(actor, target);
    Instant now = now();
    Fanout fan = audience(actor, draft, Optional.empty());
    AsObject note = note(actor, id.toString(), draft, fan, now, true);
    AsObject update = activity(actor, "Update")
        .setStrings("to", List.copyOf(fan.to)).setStrings("cc", List.copyOf(fan.cc))
        .set("object", note).build();
    return fan.outbound(actor, update);
  }

  private OutboundActivity delete(LocalActor actor, PostId target) {
    URI id = ownObject(actor, target);
    Instant now = now();
    Fanout fan = new Fanout();
    fan.to.add(ActivityPub.PUBLIC);
    fan.cc.add(actor.followers().toString());
    fan.addFollowers(actor);
    AsObject tombstone = AsObject.builder().id(id.toString()).type("Tombstone")
        .set("formerType", "Note").set("deleted", ISO.format(now)).build();
    AsObject delete = activity(actor, "Delete")
        .setStrings("to", List.copyOf(fan.to)).setStrings("cc", List.copyOf(fan.cc))
        .set("object", tombstone).build();
    return fan.outbound(actor, delete);
  }

  // ------------------------------------------------------------------ notes and addressing

  /** Addressing and inboxes of a post of {@code draft}'s visibility. */
  private Fanout audience(LocalActor actor, PostDraft draft, Optional<PostId> replyTo) {
    Fanout fan = new Fanout();
    String pub = ActivityPub.PUBLIC;
    String fol = actor.followers().toString();
    Visibility v = draft.visibility();
    switch (v) {
      case PUBLIC -> {
        fan.to.add(pub);
        fan.cc.add(fol);
      }
      case UNLISTED -> {
        fan.to.add(fol);
        fan.cc.add(pub);
      }
      case FOLLOWERS -> fan.to.add(fol);
      case DIRECT -> { }
    }
    boolean direct = v == Visibility.DIRECT;
    if (!direct) {
      fan.addFollowers(actor);
    }
    for (URI m : mentioned(draft)) {
      (direct ? fan.to : fan.cc).add(m.toString());
      fan.addActor(m, direct);
    }
    if (!direct) {
      replyTo.ifPresent(p -> addAuthor(fan, p, false));
    }
    return fan;
  }

  /** The mentioned actors and (for direct posts) the recipients, in order, without repeats. */
  private static List<URI> mentioned(PostDraft draft) {
    Set<URI> out = new LinkedHashSet<>();
    for (Mention m : draft.mentions()) {
      IdentityId id = m.id().orElseThrow(() -> new InvalidInputException(
          "mention " + m.display() + " has no resolved actor id; resolve the handle first"));
      out.add(uri(id.value(), "mention"));
    }
    for (IdentityId r : draft.directRecipients()) {
      out.add(uri(r.value(), "direct recipient"));
    }
    return List.copyOf(out);
  }

  private AsObject note(LocalActor actor, String id, PostDraft draft, Fanout fan, Instant now, boolean update) {
    AsObject.Builder n = AsObject.builder().id(id).type("Note")
        .set("attributedTo", actor.id().toString())
        .set("content", draft.content().html())
        .setStrings("to", List.copyOf(fan.to)).setStrings("cc", List.copyOf(fan.cc))
        .set("sensitive", draft.sensitive() || draft.contentWarning().isPresent());
    if (update) {
      n.set("updated", ISO.format(now));
    } else {
      n.set("published", ISO.format(now));
    }
    draft.language().ifPresent(l -> n.setLanguageMap("contentMap", Map.of(l, draft.content().html())));
    draft.contentWarning().ifPresent(cw -> n.set("summary", cw));
    draft.inReplyTo().ifPresent(p -> n.set("inReplyTo", uri(p.value(), "in reply to").toString()));
    n.set("source", AsObject.builder().set("content", draft.content().source())
        .set("mediaType", draft.content().mediaType()).build());
    List<AsObject> tags = new ArrayList<>();
    Set<URI> tagged = new LinkedHashSet<>();
    for (Mention m : draft.mentions()) {
      URI href = uri(m.id().orElseThrow().value(), "mention");
      if (tagged.add(href)) {
        tags.add(mentionTag(href, m.handle().orElse(m.display())));
      }
    }
    for (IdentityId r : draft.directRecipients()) {
      URI href = uri(r.value(), "direct recipient");
      if (tagged.add(href)) {
        tags.add(mentionTag(href, handleOf(href)));
      }
    }
    String origin = actor.id().getScheme().toLowerCase(Locale.ROOT) + "://" + actor.id().getRawAuthority();
    for (String tag : draft.hashtags()) {
      tags.add(AsObject.builder().type("Hashtag").set("href", origin + "/tags/" + tag)
          .set("name", "#" + tag).build());
    }
    if (!tags.isEmpty()) {
      n.setObjects("tag", tags);
    }
    if (!draft.attachments().isEmpty()) {
      // As Mastodon (and Pleroma, Misskey, GoToSocial) writes them: a Document whatever the media
      // type. Every receiver reads any Document subtype, but Lemmy's parser knows only Link, Image
      // and Document, so a Video or Audio would cost the whole post there.
      List<AsObject> docs = new ArrayList<>();
      for (Attachment a : draft.attachments()) {
        AsObject.Builder d = AsObject.builder().type("Document").set("mediaType", a.mediaType())
            .set("url", a.url().toString());
        if (!a.altText().isEmpty()) {
          d.set("name", a.altText());
        }
        a.width().ifPresent(w -> d.set("width", (long) w));
        a.height().ifPresent(h -> d.set("height", (long) h));
        a.blurhash().ifPresent(bh -> d.set("blurhash", bh));
        docs.add(d.build());
      }
      n.setObjects("attachment", docs);
    }
    return n.build();
  }

  private static AsObject mentionTag(URI href, String name) {
    String n = name.startsWith("@") ? name : "@" + name;
    return AsObject.builder().type("Mention").set("href", href.toString()).set("name", n).build();
  }

  /** {@code @user@host} guessed from an actor URI's last path segment, for a Mention's name. */
  private static String handleOf(URI actor) {
    String path = actor.getPath() == null ? "" : actor.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (last.startsWith("@")) {
      last = last.substring(1);
    }
    return "@" + (last.isEmpty() ? "user" : last) + "@" + actor.getHost();
  }

  private void addAuthor(Fanout fan, PostId post, boolean to) {
    Optional<URI> author = recipients.authorOf(post);
    if (author.isEmpty()) {
      fan.unresolved.add("author of " + post.value());
      return;
    }
    (to ? fan.to : fan.cc).add(author.get().toString());
    fan.addActor(author.get(), false);
  }

  private static URI ownObject(LocalActor actor, PostId target) {
    URI id = uri(target.value(), "target");
    if (!id.getHost().equalsIgnoreCase(actor.id().getHost()) || id.getPort() != actor.id().getPort()
        || !id.getScheme().equalsIgnoreCase(actor.id().getScheme())) {
      throw new InvalidInputException("object " + id + " is not on the actor's server; only own posts can be"
          + " edited or deleted");
    }
    return id;
  }

  private AsObject.Builder activity(LocalActor actor, String type) {
    return AsObject.builder().context(ActivityPub.CONTEXT).id(actor.mint("activities", uuid()))
        .type(type).set("actor", actor.id().toString());
  }

  private static URI uri(String value, String what) {
    if (value.length() > DeliveryJob.MAX_URI) {
      throw InvalidInputException.limit(what + " is longer than " + DeliveryJob.MAX_URI + " characters");
    }
    try {
      URI u = new URI(value);
      LocalActor.checkHttp(u, what);
      return u;
    } catch (URISyntaxException e) {
      throw new InvalidInputException(what + " is not a URI: " + e.getMessage());
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private String uuid() {
    return Objects.requireNonNull(ids.get(), "id supplier returned null").toString();
  }

  /** An absolute http(s) URL with a host, no user info or fragment, within the stored length. */
  static boolean usableInbox(URI inbox) {
    if (inbox == null || !inbox.isAbsolute() || inbox.getHost() == null || inbox.getRawUserInfo() != null
        || inbox.getRawFragment() != null || inbox.toString().length() > DeliveryJob.MAX_URI) {
      return false;
    }
    String scheme = inbox.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("https") || scheme.equals("http");
  }

  /** Addressing and inboxes collected for one activity. */
  private final class Fanout {
    final Set<String> to = new LinkedHashSet<>();
    final Set<String> cc = new LinkedHashSet<>();
    final Set<URI> inboxes = new LinkedHashSet<>();
    final List<String> unresolved = new ArrayList<>();

    void addFollowers(LocalActor actor) {
      for (InboxTarget t : followers.followers(actor.id())) {
        add(t.preferredInbox());
      }
    }

    void addActor(URI actor, boolean personal) {
      Optional<InboxTarget> t = recipients.inboxOf(actor);
      if (t.isEmpty()) {
        unresolved.add(actor.toString());
        return;
      }
      add(personal ? t.get().inbox() : t.get().preferredInbox());
    }

    private void add(URI inbox) {
      if (!usableInbox(inbox)) {
        // Inbox URLs come from remote actor documents: a malformed one skips that recipient only.
        String shown = String.valueOf(inbox);
        unresolved.add("unusable inbox " + shown.substring(0, Math.min(200, shown.length())));
        return;
      }
      if (inboxes.add(inbox) && inboxes.size() > MAX_INBOXES) {
        throw InvalidInputException.limit("an activity may go to at most " + MAX_INBOXES + " inboxes");
      }
    }

    OutboundActivity outbound(LocalActor actor, AsObject activity) {
      return new OutboundActivity(activity.id().orElseThrow(), actor, activity, List.copyOf(inboxes), unresolved);
    }
  }

  /** Builds an {@link Outbox}; {@link #followers} is required. */
  public static final class Builder {
    private FollowerDirectory followers;
    private RecipientDirectory recipients = RecipientDirectory.NONE;
    private InstantSource clock = InstantSource.system();
    private Supplier<UUID> ids = UUID::randomUUID;

    private Builder() {}

    public Builder followers(FollowerDirectory followers) {
      this.followers = Objects.requireNonNull(followers, "followers");
      return this;
    }

    /** Inboxes of mentioned actors and authors of posts (default: none known). */
    public Builder recipients(RecipientDirectory recipients) {
      this.recipients = Objects.requireNonNull(recipients, "recipients");
      return this;
    }

    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The source of the UUIDs in minted ids (default random). */
    public Builder ids(Supplier<UUID> ids) {
      this.ids = Objects.requireNonNull(ids, "ids");
      return this;
    }

    public Outbox build() {
      if (followers == null) {
        throw new IllegalStateException("a FollowerDirectory is required");
      }
      return new Outbox(this);
    }
  }
}
