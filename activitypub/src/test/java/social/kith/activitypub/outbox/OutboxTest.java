package social.kith.activitypub.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.ActivityPub;
import social.kith.activitypub.delivery.DeliveryJob;
import social.kith.activitypub.delivery.InMemoryDeliveryQueue;
import social.kith.activitypub.vocab.AsObject;
import social.kith.activitypub.vocab.AsParser;
import social.kith.activitypub.vocab.Ref;
import social.kith.core.InvalidInputException;
import social.kith.core.model.Attachment;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.Mention;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;

class OutboxTest {
  static final Protocol AP = Protocol.ACTIVITYPUB;
  static final LocalActor ALICE = LocalActor.of(URI.create("https://kith.test/users/alice"));
  static final String FOLLOWERS = "https://kith.test/users/alice/followers";
  static final URI BOB = URI.create("https://b.example/users/bob");
  static final URI CAROL = URI.create("https://c.example/users/carol");
  static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

  /** Three followers on b.example share an inbox; one on d.example has none. */
  static final FollowerDirectory FOLLOWER_DIR = actor -> List.of(
      new InboxTarget(URI.create("https://b.example/users/f1"), URI.create("https://b.example/users/f1/inbox"),
          Optional.of(URI.create("https://b.example/inbox"))),
      new InboxTarget(URI.create("https://b.example/users/f2"), URI.create("https://b.example/users/f2/inbox"),
          Optional.of(URI.create("https://b.example/inbox"))),
      new InboxTarget(BOB, URI.create("https://b.example/users/bob/inbox"),
          Optional.of(URI.create("https://b.example/inbox"))),
      InboxTarget.of(URI.create("https://d.example/u/dan"), URI.create("https://d.example/u/dan/inbox")));

  static final RecipientDirectory RECIPIENTS = new RecipientDirectory() {
    @Override
    public Optional<InboxTarget> inboxOf(URI actor) {
      if (actor.equals(BOB)) {
        return Optional.of(new InboxTarget(BOB, URI.create("https://b.example/users/bob/inbox"),
            Optional.of(URI.create("https://b.example/inbox"))));
      }
      if (actor.equals(CAROL)) {
        return Optional.of(InboxTarget.of(CAROL, URI.create("https://c.example/users/carol/inbox")));
      }
      return Optional.empty();
    }

    @Override
    public Optional<URI> authorOf(PostId post) {
      return post.value().startsWith("https://c.example/") ? Optional.of(CAROL) : Optional.empty();
    }
  };

  final AtomicLong counter = new AtomicLong();
  final Outbox outbox = Outbox.builder().followers(FOLLOWER_DIR).recipients(RECIPIENTS)
      .clock(InstantSource.fixed(NOW)).ids(() -> new UUID(0, counter.incrementAndGet())).build();

  static List<String> ids(List<Ref> refs) {
    return refs.stream().map(r -> r.id().orElseThrow()).toList();
  }

  static Set<String> inboxes(OutboundActivity a) {
    return a.inboxes().stream().map(URI::toString).collect(Collectors.toSet());
  }

  static AsObject reparsed(OutboundActivity a) {
    return AsParser.DEFAULT.parse(a.activity().toBytes());
  }

  @Test
  void aPublicPostGoesToPublicAndFollowersThroughSharedInboxes() {
    PostDraft draft = PostDraft.builder().text("hello #kith @bob").mention(Mention.of(IdentityId.of(AP, BOB.toString()),
        "@bob")).hashtag("kith").language("en").build();
    OutboundActivity out = outbox.publish(ALICE, draft);
    AsObject create = reparsed(out);

    assertEquals("https://kith.test/users/alice/activities/00000000-0000-0000-0000-000000000002", out.id());
    assertEquals(out.id(), create.id().orElseThrow());
    assertEquals(List.of("Create"), create.types());
    assertEquals(List.of(ActivityPub.PUBLIC), ids(create.to()));
    assertEquals(List.of(FOLLOWERS, BOB.toString()), ids(create.cc()));
    AsObject note = create.embedded("object").orElseThrow();
    assertEquals("https://kith.test/users/alice/notes/00000000-0000-0000-0000-000000000001", note.id().orElseThrow());
    assertEquals(List.of(ActivityPub.PUBLIC), ids(note.to()));
    assertEquals(List.of(ALICE.id().toString()), ids(note.attributedTo()));
    assertEquals(Instant.parse("2025-03-01T10:00:00Z"), note.published().orElseThrow());
    assertEquals(Map.of("en", draft.content().html()), note.languageMap("contentMap"));
    Set<String> tagTypes = note.tags().stream().map(t -> t.type().orElseThrow()).collect(Collectors.toSet());
    assertEquals(Set.of("Mention", "Hashtag"), tagTypes);
    assertEquals(Set.of("https://b.example/inbox", "https://d.example/u/dan/inbox"), inboxes(out),
        "three followers and the mentioned bob share one inbox");
  }

  @Test
  void unlistedAndFollowersOnlyAddressing() {
    AsObject unlisted = reparsed(outbox.publish(ALICE, PostDraft.builder().text("u").visibility(Visibility.UNLISTED)
        .build()));
    assertEquals(List.of(FOLLOWERS), ids(unlisted.to()));
    assertEquals(List.of(ActivityPub.PUBLIC), ids(unlisted.cc()));

    OutboundActivity f = outbox.publish(ALICE, PostDraft.builder().text("f").visibility(Visibility.FOLLOWERS)
        .mention(Mention.of(IdentityId.of(AP, CAROL.toString()), "@carol")).build());
    AsObject followers = reparsed(f);
    assertEquals(List.of(FOLLOWERS), ids(followers.to()));
    assertEquals(List.of(CAROL.toString()), ids(followers.cc()));
    assertFalse(f.activity().toJson().contains(ActivityPub.PUBLIC), "followers-only never names Public");
    assertEquals(Set.of("https://b.example/inbox", "https://d.example/u/dan/inbox",
            "https://c.example/users/carol/inbox"),
        inboxes(f));
  }

  @Test
  void aDirectMessageGoesOnlyToItsRecipientsWithMentionTags() {
    PostDraft dm = PostDraft.builder().text("psst").visibility(Visibility.DIRECT)
        .directRecipient(IdentityId.of(AP, BOB.toString())).build();
    OutboundActivity out = outbox.publish(ALICE, dm);
    AsObject create = reparsed(out);
    assertEquals(List.of(BOB.toString()), ids(create.to()));
    assertTrue(create.cc().isEmpty());
    assertFalse(out.activity().toJson().contains(FOLLOWERS));
    AsObject note = create.embedded("object").orElseThrow();
    assertEquals(1, note.tags().size());
    assertEquals("Mention", note.tags().get(0).type().orElseThrow());
    assertEquals(BOB.toString(), note.tags().get(0).href().orElseThrow());
    assertEquals("@bob@b.example", note.tags().get(0).name().orElseThrow());
    assertEquals(Set.of("https://b.example/users/bob/inbox"), inboxes(out), "the personal inbox, no followers");
  }

  @Test
  void aReplyNamesItsParentAndReachesTheAuthor() {
    PostId parent = PostId.of(AP, "https://c.example/notes/1");
    OutboundActivity out = outbox.interact(ALICE, new Interaction.Reply(parent, PostDraft.ofText("yes")));
    AsObject note = reparsed(out).embedded("object").orElseThrow();
    assertEquals("https://c.example/notes/1", note.inReplyTo().orElseThrow().id().orElseThrow());
    assertTrue(inboxes(out).contains("https://c.example/users/carol/inbox"));
    assertTrue(ids(reparsed(out).cc()).contains(CAROL.toString()));
  }

  @Test
  void likeBoostFollowUnfollowAndBlock() {
    PostId post = PostId.of(AP, "https://c.example/notes/9");
    AsObject like = reparsed(outbox.interact(ALICE, Interaction.Like.reaction(post, "🎉")));
    assertEquals(List.of("Like"), like.types());
    assertEquals(List.of(post.value()), ids(like.object()));
    assertEquals(List.of(CAROL.toString()), ids(like.to()));
    assertEquals("🎉", like.content().orElseThrow());

    OutboundActivity boost = outbox.interact(ALICE, new Interaction.Share(post));
    AsObject announce = reparsed(boost);
    assertEquals(List.of("Announce"), announce.types());
    assertEquals(List.of(ActivityPub.PUBLIC), ids(announce.to()));
    assertEquals(List.of(FOLLOWERS, CAROL.toString()), ids(announce.cc()));
    assertEquals(Set.of("https://b.example/inbox", "https://d.example/u/dan/inbox",
        "https://c.example/users/carol/inbox"), inboxes(boost));

    OutboundActivity follow = outbox.interact(ALICE, new Interaction.Follow(IdentityId.of(AP, CAROL.toString())));
    assertEquals(List.of(CAROL.toString()), ids(reparsed(follow).object()));
    assertEquals(Set.of("https://c.example/users/carol/inbox"), inboxes(follow));

    OutboundActivity undo = outbox.unfollow(ALICE, IdentityId.of(AP, CAROL.toString()), Optional.of(follow.id()));
    AsObject u = reparsed(undo);
    assertEquals(List.of("Undo", "Follow", "ref"), u.chain());
    AsObject inner = u.embedded("object").orElseThrow();
    assertEquals(follow.id(), inner.id().orElseThrow(), "Undo names the original Follow");
    assertEquals(List.of(ALICE.id().toString()), ids(inner.actor()));
    assertEquals(List.of("Undo", "Follow", "ref"),
        reparsed(outbox.interact(ALICE, new Interaction.Unfollow(IdentityId.of(AP, CAROL.toString())))).chain());

    OutboundActivity block = outbox.interact(ALICE, new Interaction.Block(IdentityId.of(AP, BOB.toString())));
    assertEquals(List.of("Block"), reparsed(block).types());
    assertEquals(Set.of("https://b.example/users/bob/inbox"), inboxes(block));
  }

  @Test
  void editAndDeleteOwnPostsOnly() {
    PostId mine = PostId.of(AP, "https://kith.test/users/alice/notes/7");
    AsObject update = reparsed(outbox.interact(ALICE, new Interaction.Edit(mine, PostDraft.ofText("fixed"))));
    assertEquals(List.of("Update", "Note"), update.chain());
    AsObject note = update.embedded("object").orElseThrow();
    assertEquals(mine.value(), note.id().orElseThrow());
    assertEquals(NOW, note.updated().orElseThrow());

    OutboundActivity del = outbox.interact(ALICE, new Interaction.Delete(mine));
    AsObject delete = reparsed(del);
    AsObject tomb = delete.embedded("object").orElseThrow();
    assertEquals(List.of("Tombstone"), tomb.types());
    assertEquals(mine.value(), tomb.id().orElseThrow());
    assertEquals(Set.of("https://b.example/inbox", "https://d.example/u/dan/inbox"), inboxes(del));

    PostId theirs = PostId.of(AP, "https://c.example/notes/1");
    long before = counter.get();
    assertThrows(InvalidInputException.class, () -> outbox.interact(ALICE, new Interaction.Delete(theirs)));
    assertThrows(InvalidInputException.class,
        () -> outbox.interact(ALICE, new Interaction.Edit(theirs, PostDraft.ofText("x"))));
    assertEquals(before, counter.get(), "no id was minted for a refused activity");
  }

  @Test
  void moveAndAccountDeletionReachFollowers() {
    OutboundActivity move = outbox.move(ALICE, URI.create("https://new.example/users/alice"));
    AsObject m = reparsed(move);
    assertEquals(List.of("Move"), m.types());
    assertEquals(List.of(ALICE.id().toString()), ids(m.object()));
    assertEquals("https://new.example/users/alice", m.string("target").orElseThrow());
    assertEquals(Set.of("https://b.example/inbox", "https://d.example/u/dan/inbox"), inboxes(move));

    AsObject gone = reparsed(outbox.deleteAccount(ALICE));
    assertEquals(List.of("Delete"), gone.types());
    assertEquals(List.of(ALICE.id().toString()), ids(gone.object()));
    assertEquals(List.of(ActivityPub.PUBLIC), ids(gone.to()));
  }

  @Test
  void jobsShareOneActivityIdAndBody() {
    OutboundActivity out = outbox.publish(ALICE, PostDraft.builder().text("x")
        .attachment(Attachment.of(URI.create("https://kith.test/m/1.png"), "image/png", "a cat").withSize(10, 20))
        .build());
    InMemoryDeliveryQueue queue = InMemoryDeliveryQueue.forTests();
    List<DeliveryJob> jobs = outbox.send(out, queue);
    assertEquals(2, jobs.size());
    assertEquals(2, queue.pendingCount());
    for (DeliveryJob j : jobs) {
      assertEquals(out.id(), j.activityId());
      assertEquals(out.activity().toJson(), new String(j.body(), StandardCharsets.UTF_8));
      assertEquals(ALICE.id(), j.actor());
    }
    assertFalse(jobs.get(0).id().equals(jobs.get(1).id()));
    AsObject doc = reparsed(out).embedded("object").orElseThrow().embeddedList("attachment").get(0);
    assertEquals("a cat", doc.name().orElseThrow());
    assertEquals(10, doc.integer("width").orElseThrow());
  }

  @Test
  void attachmentsAreWrittenAsMastodonWritesThem() throws Exception {
    // Mastodon (like Pleroma, Misskey and GoToSocial) writes every attachment as a Document with
    // mediaType, url (a string), name (the alt text), blurhash, width and height; receivers read any
    // Document subtype, but Lemmy's parser knows only Link, Image and Document, so Kith does as Mastodon.
    com.fasterxml.jackson.databind.JsonNode mastodon = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        java.nio.file.Files.readAllBytes(social.kith.testkit.SharedData.path(
            "ap-corpus/payloads/mastodon/mastodon-note-object.json")));
    com.fasterxml.jackson.databind.JsonNode theirs = mastodon.path("attachment").get(0);
    OutboundActivity out = outbox.publish(ALICE, PostDraft.builder()
        .attachment(Attachment.of(URI.create("https://kith.test/media/" + "ab".repeat(32)), "image/png", "a cat")
            .withSize(640, 480).withBlurhash("UBL_:rOpGG-o"))
        .attachment(Attachment.of(URI.create("https://kith.test/media/" + "cd".repeat(32)), "video/mp4", ""))
        .build());
    com.fasterxml.jackson.databind.JsonNode ours = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(out.activity().toJson()).path("object").path("attachment");
    assertEquals(2, ours.size());
    com.fasterxml.jackson.databind.JsonNode image = ours.get(0);
    assertEquals(theirs.get("type").asText(), image.get("type").asText());
    for (String key : List.of("type", "mediaType", "url")) {
      assertTrue(image.has(key), key);
      assertEquals(theirs.get(key).isTextual(), image.get(key).isTextual(), key + " has Mastodon's shape");
    }
    assertEquals("image/png", image.get("mediaType").asText());
    assertEquals("https://kith.test/media/" + "ab".repeat(32), image.get("url").asText());
    assertEquals("a cat", image.get("name").asText());
    assertEquals(640, image.get("width").asInt());
    assertEquals(480, image.get("height").asInt());
    assertEquals("UBL_:rOpGG-o", image.get("blurhash").asText());
    assertEquals("Document", ours.get(1).get("type").asText());
    assertFalse(ours.get(1).has("name"), "no alt text, no name");
    assertFalse(ours.get(1).has("width"));
  }

  @Test
  void unusableInboxesFromRemoteDocumentsAreSkippedAndReported() {
    FollowerDirectory hostile = actor -> List.of(
        InboxTarget.of(URI.create("https://e.example/u/1"), URI.create("file:///etc/passwd")),
        InboxTarget.of(URI.create("https://e.example/u/2"), URI.create("/relative/inbox")),
        InboxTarget.of(URI.create("https://e.example/u/3"), URI.create("https://user@e.example/inbox")),
        InboxTarget.of(URI.create("https://e.example/u/4"), URI.create("https://e.example/u/4/inbox")));
    Outbox o = Outbox.builder().followers(hostile).clock(InstantSource.fixed(NOW)).build();
    OutboundActivity out = o.publish(ALICE, PostDraft.ofText("hi"));
    assertEquals(List.of(URI.create("https://e.example/u/4/inbox")), out.inboxes());
    assertEquals(3, out.unresolved().size(), out.unresolved().toString());
    InMemoryDeliveryQueue queue = InMemoryDeliveryQueue.forTests();
    assertEquals(1, o.send(out, queue).size());
    assertEquals(1, queue.pendingCount(), "only the usable inbox was queued");
  }

  @Test
  void unresolvedRecipientsAreReportedAndHandleOnlyMentionsRefused() {
    URI stranger = URI.create("https://x.example/users/who");
    OutboundActivity out = outbox.interact(ALICE, new Interaction.Follow(IdentityId.of(AP, stranger.toString())));
    assertTrue(out.inboxes().isEmpty());
    assertEquals(List.of(stranger.toString()), out.unresolved());

    PostDraft byHandle = PostDraft.builder().text("hi").mention(Mention.ofHandle("@bob@b.example")).build();
    assertThrows(InvalidInputException.class, () -> outbox.publish(ALICE, byHandle));
    assertThrows(InvalidInputException.class, () -> outbox.interact(ALICE,
        new Interaction.Follow(IdentityId.of(Protocol.SSB, "@abc=.ed25519"))));
  }
}
