package social.kith.activitypub.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.ActivityPub;
import social.kith.activitypub.fetch.FetchError;
import social.kith.activitypub.fetch.FetchException;
import social.kith.activitypub.fetch.FetchedDocument;
import social.kith.activitypub.interop.FedifyServer;
import social.kith.activitypub.media.MediaSamples;
import social.kith.activitypub.server.FollowState;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.core.event.Event;
import social.kith.core.model.Attachment;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Receipt;
import social.kith.core.model.Visibility;
import social.kith.core.spi.AdapterContext;
import social.kith.core.testing.Eventually;
import social.kith.core.testing.RecordingEventSink;

/**
 * The adapter against a real Fedify 2.3.6 ({@code node/fedify-server.mjs --auto-accept} with the
 * actors {@code alice} and {@code mallory}), both ways through the adapter's own durable delivery:
 * follows and Accepts; Kith's posts, edits, deletes and direct messages, each of which Fedify
 * verified (its listeners run only after its own signature check) and applied; and Fedify's edits,
 * deletes and direct messages, which the adapter applies only from the note's owner and surfaces
 * as core events and feed changes; and attachments both ways (Fedify's parse of Kith's Document and
 * its own fetch of the file; Kith's mapping of Fedify's Image and its guarded fetch of the file).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FedifyAdapterInteropTest {

  @TempDir
  static Path dir;
  @TempDir
  static Path lockedDir;

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static FedifyServer fedify;
  private static URI fedifyActor;
  private static URI mallory;
  private static ApAdapter kith;
  private static ApAdapter locked;
  private static RecordingEventSink events;
  private static ExecutorService pool;

  @BeforeAll
  static void start() {
    fedify = FedifyServer.start("--auto-accept", "--actors", "alice,mallory");
    fedifyActor = fedify.actor("alice");
    mallory = fedify.actor("mallory");
    pool = Executors.newCachedThreadPool();
    events = new RecordingEventSink();
    kith = ApAdapter.builder().dataDir(dir).actorName("kith").fetchPolicy(ApProtocolAdapterContractTest.LOOPBACK)
        .build();
    kith.start(new AdapterContext(events, Clock.systemUTC(), pool, "social.kith.test.fedify", Duration.ofSeconds(30)));
    locked = ApAdapter.builder().dataDir(lockedDir).actorName("locked").autoAccept(false)
        .fetchPolicy(ApProtocolAdapterContractTest.LOOPBACK).build();
    locked.start(new AdapterContext(new RecordingEventSink(), Clock.systemUTC(), pool, "social.kith.test.locked",
        Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stop() {
    if (kith != null) {
      kith.close();
    }
    if (locked != null) {
      locked.close();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
    if (fedify != null) {
      fedify.close();
    }
  }

  private static List<JsonNode> fedifyEvents() {
    return fedify.latestEvents();
  }

  private static boolean fedifyReceived(String type, String needle) {
    return fedifyEvents().stream().anyMatch(e -> "activity".equals(e.path("event").asText())
        && type.equals(e.path("type").asText()) && e.path("json").toString().contains(needle));
  }

  @Test
  void kithFollowsFedifyAndGetsAVerifiedAccept() {
    LocalIdentity me = kith.localIdentity("kith");
    kith.interact(me, new Interaction.Follow(IdentityId.of(Protocol.ACTIVITYPUB, fedifyActor.toString())));
    Eventually.await("Fedify to receive Kith's Follow", Duration.ofSeconds(60),
        () -> fedifyReceived("Follow", kith.actorUrl("kith").toString()));
    Eventually.await("Kith to accept Fedify's verified Accept", Duration.ofSeconds(60), () -> kith.follows()
        .get("kith", Direction.FOLLOWING, fedifyActor).map(r -> r.state() == FollowState.ACCEPTED).orElse(false));
    Eventually.await("the Followed event", Duration.ofSeconds(30), () -> events.events(Event.Followed.class).stream()
        .anyMatch(e -> e.followee().value().equals(fedifyActor.toString())
            && e.follower().value().equals(kith.actorUrl("kith").toString())));
    // fedify-server.mjs emits "sent" after sendActivity returns, i.e. after Kith's inbox answered: poll
    Eventually.await("Fedify says it sent the Accept", Duration.ofSeconds(30), () -> fedifyEvents().stream()
        .anyMatch(e -> "sent".equals(e.path("event").asText()) && "Accept".equals(e.path("type").asText())));
  }

  /** Fedify's alice follows Kith (once per class) and receives Kith's Accept, verified. */
  private static synchronized void fedifyFollowsKith() {
    URI kithActor = kith.actorUrl("kith");
    if (kith.follows().isAcceptedFollower("kith", fedifyActor)) {
      return;
    }
    JsonNode reply = fedify.send("alice", "Follow", kithActor, kith.urls().inbox("kith"), Map.of());
    assertTrue(reply.path("ok").asBoolean(), "Kith's inbox took Fedify's Follow: " + reply);
    assertTrue(kith.follows().isAcceptedFollower("kith", fedifyActor));
    // Kith's Accept goes out through the durable queue and Fedify verifies it
    Eventually.await("Fedify to receive Kith's Accept", PATIENCE, () -> fedifyReceived("Accept", kithActor.toString()));
  }

  /** Has one of Fedify's actors send {@code type} to Kith's actor inbox; returns the reply. */
  private static JsonNode fedifySends(String from, String type, Map<String, String> extra) {
    return fedify.send(from, type, kith.actorUrl("kith"), kith.urls().inbox("kith"), extra);
  }

  /** The post {@code id} as the adapter's feed of its author holds it now. */
  private static Optional<Post> inFeed(URI author, String id) {
    return kith.feed(FeedQuery.author(IdentityId.of(Protocol.ACTIVITYPUB, author.toString())).limit(200)).items()
        .stream().filter(p -> p.id().value().equals(id)).findFirst();
  }

  @Test
  void fedifyFollowsKithAndReceivesKithsPostWithAVerifiedSignature() {
    fedifyFollowsKith();

    String text = "hello Fedify " + System.nanoTime();
    Post post = kith.publish(kith.localIdentity("kith"), PostDraft.ofText(text));
    Eventually.await("Fedify to receive the Create", Duration.ofSeconds(60),
        () -> fedifyReceived("Create", post.id().value()));
    JsonNode create = fedifyEvents().stream().filter(e -> "Create".equals(e.path("type").asText())
        && e.path("json").toString().contains(post.id().value())).findFirst().orElseThrow();
    assertTrue(create.path("json").toString().contains(text), create.toString());
    assertEquals(0, fedifyEvents().stream().filter(e -> "unverified".equals(e.path("event").asText())).count(),
        "Fedify refused none of Kith's signatures");
    assertEquals(0, kith.deliveryQueue().deadLetters().size());
  }

  @Test
  void kithEditsAndDeletesAPostAndFedifyAppliesEachVerified() {
    fedifyFollowsKith();
    LocalIdentity me = kith.localIdentity("kith");
    Post post = kith.publish(me, PostDraft.ofText("first draft " + System.nanoTime()));
    String id = post.id().value();
    Eventually.await("Fedify to hold Kith's note", PATIENCE, () -> fedify.note(id).isPresent());
    assertEquals(kith.actorUrl("kith").toString(), fedify.note(id).orElseThrow().path("attributedTo").asText());

    String edited = "second draft " + System.nanoTime();
    Receipt update = kith.interact(me, new Interaction.Edit(post.id(), PostDraft.ofText(edited)));
    assertEquals(Optional.of(edited), update.post().map(p -> p.content().plainText()));
    Eventually.await("Fedify to apply Kith's Update", PATIENCE, () -> fedify.note(id)
        .filter(n -> n.path("content").asText().contains(edited) && n.path("edits").asInt() == 1).isPresent());
    JsonNode updateSeen = fedify.verified(update.id()).orElseThrow(() -> new AssertionError("Update not verified"));
    assertEquals("Update", updateSeen.path("type").asText());
    assertEquals(Optional.of(edited), inFeed(kith.actorUrl("kith"), id).map(p -> p.content().plainText()),
        "Kith's own feed shows the edit");

    Receipt delete = kith.interact(me, new Interaction.Delete(post.id()));
    Eventually.await("Fedify to apply Kith's Delete", PATIENCE,
        () -> fedify.notes().path("deleted").toString().contains("\"" + id + "\""));
    assertEquals(Optional.empty(), fedify.note(id));
    assertEquals("Delete", fedify.verified(delete.id()).orElseThrow().path("type").asText());
    JsonNode deleteJson = fedifyEvents().stream().filter(e -> "activity".equals(e.path("event").asText())
        && delete.id().equals(e.path("id").asText())).findFirst().orElseThrow().path("json");
    assertEquals("Tombstone", deleteJson.path("object").path("type").asText(), deleteJson.toString());
    assertTrue(fedify.notes().path("refused").findValuesAsText("activity").stream()
        .noneMatch(a -> a.equals(update.id()) || a.equals(delete.id())), "Fedify refused neither");
    assertEquals(Optional.empty(), inFeed(kith.actorUrl("kith"), id));
    assertEquals(0, kith.deliveryQueue().deadLetters().size());
  }

  @Test
  void fedifyEditsAndDeletesItsPostAndKithAppliesOnlyTheOwners() {
    String text = "<p>from Fedify " + System.nanoTime() + "</p>";
    JsonNode created = fedifySends("alice", "Create", Map.of("content", text,
        "mentionName", "@" + kith.handle("kith")));
    assertTrue(created.path("ok").asBoolean(), created.toString());
    String id = created.path("object").asText();
    PostId postId = PostId.of(Protocol.ACTIVITYPUB, id);
    assertTrue(inFeed(fedifyActor, id).isPresent(), "Kith holds Fedify's post");
    int edits = events.events(Event.Edited.class).size();
    int deletes = events.events(Event.Deleted.class).size();

    // mallory, on the same server, may neither edit nor delete alice's note
    JsonNode forgedEdit = fedifySends("mallory", "Update", Map.of("noteId", id, "content", "<p>pwned</p>"));
    assertFalse(forgedEdit.path("ok").asBoolean(), "Kith refused mallory's Update: " + forgedEdit);
    assertTrue(forgedEdit.path("error").asText().contains("403") && forgedEdit.path("error").asText().contains("NOT_OWNER"),
        forgedEdit.toString());
    JsonNode forgedDelete = fedifySends("mallory", "Delete", Map.of("noteId", id));
    assertFalse(forgedDelete.path("ok").asBoolean(), "Kith refused mallory's Delete: " + forgedDelete);
    assertTrue(forgedDelete.path("error").asText().contains("403") && forgedDelete.path("error").asText().contains("NOT_OWNER"),
        forgedDelete.toString());
    assertEquals(edits, events.events(Event.Edited.class).size());
    assertEquals(deletes, events.events(Event.Deleted.class).size());
    assertTrue(inFeed(fedifyActor, id).orElseThrow().content().html().contains(text.substring(3, text.length() - 4)),
        "the post is unchanged");
    assertTrue(inFeed(mallory, id).isEmpty(), "nothing was filed under mallory");

    // alice edits, then deletes, her own note
    JsonNode edit = fedifySends("alice", "Update", Map.of("noteId", id, "content", "<p>alice edited</p>"));
    assertTrue(edit.path("ok").asBoolean(), edit.toString());
    Event.Edited edited = events.events(Event.Edited.class).stream().filter(e -> e.post().id().equals(postId))
        .findFirst().orElseThrow(() -> new AssertionError("no Edited event"));
    assertTrue(edited.post().content().html().contains("alice edited"));
    assertEquals(fedifyActor.toString(), edited.post().author().value());
    assertTrue(inFeed(fedifyActor, id).orElseThrow().content().html().contains("alice edited"));

    JsonNode delete = fedifySends("alice", "Delete", Map.of("noteId", id));
    assertTrue(delete.path("ok").asBoolean(), delete.toString());
    assertTrue(events.events(Event.Deleted.class).stream().anyMatch(e -> e.post().equals(postId)
        && e.actor().value().equals(fedifyActor.toString())), "a Deleted event from alice");
    assertEquals(Optional.empty(), inFeed(fedifyActor, id));
  }

  @Test
  void kithSendsADirectMessageThatOnlyItsRecipientGetsAndFedifyVerifies() {
    String text = "just between us " + System.nanoTime();
    Post dm = kith.publish(kith.localIdentity("kith"), PostDraft.builder().text(text).visibility(Visibility.DIRECT)
        .directRecipient(IdentityId.of(Protocol.ACTIVITYPUB, fedifyActor.toString())).build());
    String id = dm.id().value();
    Eventually.await("Fedify to hold Kith's direct message", PATIENCE, () -> fedify.note(id).isPresent());
    JsonNode note = fedify.note(id).orElseThrow();
    assertTrue(note.path("content").asText().contains(text));
    assertEquals(List.of(fedifyActor.toString()), texts(note.path("to")), "addressed to the recipient only");
    assertEquals(List.of(), texts(note.path("cc")));
    JsonNode create = fedifyEvents().stream().filter(e -> "activity".equals(e.path("event").asText())
        && "Create".equals(e.path("type").asText()) && e.path("json").toString().contains(id)).findFirst()
        .orElseThrow();
    String json = create.path("json").toString();
    assertFalse(json.contains(ActivityPub.PUBLIC) || json.contains("as:Public") || json.contains("\"Public\""),
        "no public addressing: " + json);
    assertFalse(json.contains(kith.actorUrl("kith") + "/followers"), "no followers addressing: " + json);
    assertTrue(fedify.verified(create.path("id").asText()).isPresent());
  }

  @Test
  void fedifySendsADirectMessageAndKithSurfacesItAsDirect() {
    String text = "<p>psst " + System.nanoTime() + "</p>";
    JsonNode sent = fedifySends("alice", "DM", Map.of("content", text, "mentionName", "@" + kith.handle("kith")));
    assertTrue(sent.path("ok").asBoolean(), sent.toString());
    PostId id = PostId.of(Protocol.ACTIVITYPUB, sent.path("object").asText());
    Post received = events.events(Event.PostReceived.class).stream().map(Event.PostReceived::post)
        .filter(p -> p.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no PostReceived"));
    IdentityId me = IdentityId.of(Protocol.ACTIVITYPUB, kith.actorUrl("kith").toString());
    assertEquals(Visibility.DIRECT, received.visibility());
    assertEquals(fedifyActor.toString(), received.author().value());
    assertTrue(received.addresses(me));
    assertTrue(kith.feed(FeedQuery.notifications(me).limit(200)).items().stream()
        .anyMatch(p -> p.id().equals(id) && p.visibility() == Visibility.DIRECT), "in the recipient's notifications");
    // another local actor, who does not follow alice, never sees it
    IdentityId bob = kith.localIdentity("bob").id();
    assertTrue(kith.feed(FeedQuery.home(bob).limit(200)).items().stream().noneMatch(p -> p.id().equals(id)));
    assertTrue(kith.feed(FeedQuery.notifications(bob).limit(200)).items().stream().noneMatch(p -> p.id().equals(id)));
  }

  @Test
  void kithPublishesAnAttachmentThatFedifyParsesAndFetches() {
    fedifyFollowsKith();
    byte[] png = MediaSamples.png(320, 200, "kith to fedify " + System.nanoTime());
    String alt = "A small test picture for Fedify: grün, ✓ " + System.nanoTime();
    Attachment uploaded = kith.upload(png, "image/png", alt);
    assertEquals(kith.urls().media(MediaSamples.sha256(png)), uploaded.url());
    assertEquals(OptionalInt.of(320), uploaded.width(), "the upload read the PNG header");
    assertEquals(OptionalInt.of(200), uploaded.height());

    String text = "a picture for Fedify " + System.nanoTime();
    Post post = kith.publish(kith.localIdentity("kith"), PostDraft.builder().text(text).attachment(uploaded).build());
    assertEquals(List.of(uploaded), post.attachments());
    String id = post.id().value();
    Eventually.await("Fedify to receive the Create with the attachment", PATIENCE, () -> fedify.note(id).isPresent());
    JsonNode create = fedifyEvents().stream().filter(e -> "activity".equals(e.path("event").asText())
        && "Create".equals(e.path("type").asText()) && id.equals(e.path("json").path("object").path("id").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no Create of " + id));
    assertTrue(fedify.verified(create.path("id").asText()).isPresent(), "Fedify verified the Create's signature");

    // what @fedify/vocab parsed from Kith's Note (Note.getAttachments())
    JsonNode seen = create.path("attachments");
    assertEquals(1, seen.size(), create.toString());
    JsonNode a = seen.get(0);
    assertEquals("Document", a.path("type").asText(), a.toString());
    assertEquals("image/png", a.path("mediaType").asText(), a.toString());
    assertEquals(uploaded.url().toString(), a.path("url").asText(), a.toString());
    assertEquals(alt, a.path("name").asText(), a.toString());
    assertEquals(320, a.path("width").asInt(), a.toString());
    assertEquals(200, a.path("height").asInt(), a.toString());

    // and Node itself downloads the file from Kith's server
    JsonNode fetched = fedify.fetch(uploaded.url());
    assertTrue(fetched.path("ok").asBoolean(), fetched.toString());
    assertEquals(200, fetched.path("status").asInt(), fetched.toString());
    assertEquals("image/png", fetched.path("contentType").asText(), fetched.toString());
    assertEquals(png.length, fetched.path("bytes").asInt(), fetched.toString());
    assertEquals(MediaSamples.sha256(png), fetched.path("sha256").asText(), fetched.toString());

    assertEquals(0, fedifyEvents().stream().filter(e -> "unverified".equals(e.path("event").asText())).count(),
        "Fedify refused none of Kith's signatures");
    assertEquals(0, kith.deliveryQueue().deadLetters().size());
  }

  @Test
  void fedifySendsAnAttachmentThatKithMapsAndFetchesOnlyThroughTheGuard() {
    byte[] png = MediaSamples.png(64, 48, "fedify to kith " + System.nanoTime());
    URI url = fedify.serveMedia(png, "image/png");
    assertEquals(fedify.url().getAuthority(), url.getAuthority(), "served by Fedify's own server");
    String alt = "Fedify's test picture, ünïcode ✓ " + System.nanoTime();
    ObjectNode attachment = FedifyServer.object().put("type", "Image").put("mediaType", "image/png")
        .put("url", url.toString()).put("name", alt).put("width", 64).put("height", 48);
    ObjectNode extra = FedifyServer.object().put("content", "<p>a picture from Fedify " + System.nanoTime() + "</p>")
        .put("mentionName", "@" + kith.handle("kith"));
    extra.set("attachment", attachment);
    JsonNode sent = fedify.send("alice", "Create", kith.actorUrl("kith"), kith.urls().inbox("kith"), extra);
    assertTrue(sent.path("ok").asBoolean(), sent.toString());
    String id = sent.path("object").asText();

    Attachment expected = new Attachment(url, "image/png", alt, OptionalInt.of(64), OptionalInt.of(48),
        Optional.empty());
    Post received = events.events(Event.PostReceived.class).stream().map(Event.PostReceived::post)
        .filter(p -> p.id().value().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no PostReceived"));
    assertEquals(List.of(expected), received.attachments(), "the listener's post");
    Post inFeed = inFeed(fedifyActor, id).orElseThrow(() -> new AssertionError("not in the feed"));
    assertEquals(List.of(expected), inFeed.attachments(), "the feed's post");

    // the bytes, through the SSRF guard (this adapter's policy allows loopback, as in every interop test)
    Attachment att = inFeed.attachments().get(0);
    FetchedDocument file = kith.fetchMedia(att, png.length);
    assertEquals("image/png", file.mediaType());
    assertEquals(MediaSamples.sha256(png), MediaSamples.sha256(file.body()));
    assertEquals(url, file.finalUri());

    // one byte under the file's size is refused, whether the size is declared or only streamed
    List<Event> eventsBefore = events.events();
    List<String> mediaBefore = mediaFiles();
    FetchException declared = assertThrows(FetchException.class, () -> kith.fetchMedia(att, png.length - 1));
    assertEquals(FetchError.BODY_TOO_LARGE, declared.error(), declared.getMessage());
    assertEquals(att.url(), declared.uri());
    URI chunked = URI.create(url + "?chunked");
    FetchException streamed = assertThrows(FetchException.class, () -> kith.fetchMedia(chunked, png.length - 1));
    assertEquals(FetchError.BODY_TOO_LARGE, streamed.error(), streamed.getMessage());
    assertEquals(MediaSamples.sha256(png), MediaSamples.sha256(kith.fetchMedia(chunked, png.length).body()),
        "the chunked URL serves the same file, so only the cap refused it");
    assertEquals(eventsBefore, events.events(), "no event");
    assertEquals(mediaBefore, mediaFiles(), "nothing stored in the media store");
    assertEquals(Optional.of(inFeed), inFeed(fedifyActor, id), "the post is unchanged");
  }

  /** Every file under the adapter's media store, sorted. */
  private static List<String> mediaFiles() {
    try (var files = Files.walk(kith.media().directory())) {
      return files.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void aLockedKithActorApprovesOneFedifyFollowerAndRejectsTheOther() {
    LocalIdentity me = locked.localIdentity("locked");
    URI lockedActor = locked.actorUrl("locked");
    for (String who : List.of("alice", "mallory")) {
      JsonNode r = fedify.send(who, "Follow", lockedActor, locked.urls().inbox("locked"), Map.of());
      assertTrue(r.path("ok").asBoolean(), r.toString());
    }
    assertEquals(List.of(fedifyActor, mallory), locked.pendingFollows(me).stream().map(r -> r.remote())
        .sorted(java.util.Comparator.comparing(URI::toString)).toList());
    assertFalse(fedifyReceived("Accept", lockedActor.toString()), "nothing is accepted before the decision");

    assertTrue(locked.approve(me, IdentityId.of(Protocol.ACTIVITYPUB, fedifyActor.toString())));
    assertTrue(locked.reject(me, IdentityId.of(Protocol.ACTIVITYPUB, mallory.toString())));
    assertEquals(List.of(), locked.pendingFollows(me));
    assertTrue(locked.follows().isAcceptedFollower("locked", fedifyActor));
    assertTrue(locked.follows().get("locked", Direction.FOLLOWERS, mallory).isEmpty());

    // Fedify verifies both answers: its listeners run only for verified deliveries
    Eventually.await("Fedify to receive the Accept", PATIENCE, () -> fedifyReceived("Accept", lockedActor.toString()));
    Eventually.await("Fedify to receive the Reject", PATIENCE, () -> fedifyReceived("Reject", lockedActor.toString()));
    JsonNode accept = fedifyEvents().stream().filter(e -> "activity".equals(e.path("event").asText())
        && "Accept".equals(e.path("type").asText()) && e.path("json").toString().contains(lockedActor.toString()))
        .findFirst().orElseThrow();
    assertTrue(accept.path("json").toString().contains(fedifyActor.toString()), "the Accept answers alice's Follow");
    JsonNode reject = fedifyEvents().stream().filter(e -> "activity".equals(e.path("event").asText())
        && "Reject".equals(e.path("type").asText())).findFirst().orElseThrow();
    assertTrue(reject.path("json").toString().contains(mallory.toString()), "the Reject answers mallory's Follow");
    assertTrue(fedify.verified(accept.path("id").asText()).isPresent());
    assertTrue(fedify.verified(reject.path("id").asText()).isPresent());
  }
}
