package social.kith.activitypub.inbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.server.ApRequest;
import social.kith.activitypub.server.ApResponse;
import social.kith.activitypub.server.FakeRemote;
import social.kith.activitypub.server.FollowRecord;
import social.kith.activitypub.server.FollowState;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.activitypub.signature.Headers;
import social.kith.activitypub.signature.SignatureGeneration;
import social.kith.activitypub.vocab.AsParser;
import social.kith.core.event.Event;

/** The inbox pipeline: follows, content, ownership, moderation, idempotency, rate limits and every refusal. */
final class InboxTest extends InboxTestBase {
  private static final String F1 = "https://remote.example/follows/1";

  // ------------------------------------------------------------------ follows

  @Test
  void aFollowOfAnOpenActorIsRecordedAcceptedAndAnswered() {
    Inbox inbox = inbox();
    ApResponse r = inbox.receive(post(BOB, follow(F1, BOB.actor(), ALICE)), Optional.empty());
    assertEquals(202, r.status());
    FollowRecord rec = store.get("alice", Direction.FOLLOWERS, BOB.actor()).orElseThrow();
    assertEquals(FollowState.ACCEPTED, rec.state());
    assertEquals(Optional.of(URI.create(F1)), rec.activityId());
    assertEquals(1, events.events(Event.Followed.class).size());
    assertEquals(1, heard.size());
    assertEquals("Follow", heard.get(0).type());
    assertEquals(1, sent.size());
    Sent accept = sent.get(0);
    assertEquals("alice", accept.local());
    assertEquals(BOB.actor(), accept.recipient());
    assertEquals(Optional.of("Accept"), accept.activity().type());
    assertEquals(Optional.of(F1), accept.activity().embedded("object").flatMap(o -> o.id()));
  }

  @Test
  void bothSignatureGenerationsAreAccepted() {
    Inbox inbox = inbox();
    ApRequest rfc = BOB.post(URLS.inbox("alice"), follow(F1, BOB.actor(), ALICE), clock, SignatureGeneration.RFC_9421);
    assertEquals(202, inbox.receive(rfc, Optional.of("alice")).status());
    assertTrue(store.isAcceptedFollower("alice", BOB.actor()));
  }

  @Test
  void aLockedActorsFollowerStaysPendingUntilApproved() {
    Inbox inbox = inbox();
    assertEquals(202, inbox.receive(post(BOB, follow(F1, BOB.actor(), CAROL)), Optional.empty()).status());
    assertEquals(FollowState.PENDING, store.get("carol", Direction.FOLLOWERS, BOB.actor()).orElseThrow().state());
    assertEquals(1, events.events(Event.FollowRequested.class).size());
    assertTrue(events.events(Event.Followed.class).isEmpty());
    assertTrue(sent.isEmpty(), "no Accept before approval");

    assertTrue(inbox.approve("carol", BOB.actor()));
    assertTrue(store.isAcceptedFollower("carol", BOB.actor()));
    assertEquals(1, sent.size());
    assertEquals(Optional.of("Accept"), sent.get(0).activity().type());
    assertFalse(inbox.approve("carol", BOB.actor()), "nothing pending any more");
  }

  @Test
  void autoAcceptOffKeepsEveryFollowPending() {
    Inbox inbox = inbox(b -> b.autoAccept(false));
    inbox.receive(post(BOB, follow(F1, BOB.actor(), ALICE)), Optional.empty());
    assertEquals(FollowState.PENDING, store.get("alice", Direction.FOLLOWERS, BOB.actor()).orElseThrow().state());
    assertTrue(inbox.reject("alice", BOB.actor()));
    assertTrue(store.list("alice", Direction.FOLLOWERS).isEmpty());
    assertEquals(Optional.of("Reject"), sent.get(0).activity().type());
  }

  @Test
  void undoFollowRemovesTheFollower() {
    Inbox inbox = inbox();
    inbox.receive(post(BOB, follow(F1, BOB.actor(), ALICE)), Optional.empty());
    String undo = activity("Undo", "https://remote.example/undo/1", BOB.actor(), follow(F1, BOB.actor(), ALICE));
    assertEquals(202, inbox.receive(post(BOB, undo), Optional.empty()).status());
    assertTrue(store.list("alice", Direction.FOLLOWERS).isEmpty());
    assertEquals(1, events.events(Event.Unfollowed.class).size());
  }

  @Test
  void undoOfSomeoneElsesFollowIsRefused() {
    Inbox inbox = inbox();
    inbox.receive(post(BOB, follow(F1, BOB.actor(), ALICE)), Optional.empty());
    String undo = activity("Undo", "https://other.example/undo/1", DAN.actor(), follow(F1, BOB.actor(), ALICE));
    assertRefused(inbox, post(DAN, undo), 403, InboxError.NOT_OWNER);
    assertTrue(store.isAcceptedFollower("alice", BOB.actor()));
  }

  @Test
  void acceptIsTakenOnlyFromTheFollowee() {
    Inbox inbox = inbox();
    URI followId = URI.create(ALICE + "#follows/1");
    store.put("alice", Direction.FOLLOWING, new FollowRecord(BOB.actor(), Optional.of(followId), FollowState.PENDING,
        clock.instant()));
    String followJson = follow(followId.toString(), ALICE, BOB.actor());
    // A third party "accepts" alice's follow of bob: ignored.
    inbox.receive(post(DAN, activity("Accept", "https://other.example/a/1", DAN.actor(), followJson)),
        Optional.empty());
    assertEquals(FollowState.PENDING, store.get("alice", Direction.FOLLOWING, BOB.actor()).orElseThrow().state());
    assertTrue(heard.isEmpty());
    // Bob accepts by reference to the follow id.
    inbox.receive(post(BOB, activity("Accept", "https://remote.example/a/1", BOB.actor(), quoted(followId))),
        Optional.empty());
    assertEquals(FollowState.ACCEPTED, store.get("alice", Direction.FOLLOWING, BOB.actor()).orElseThrow().state());
    assertEquals(1, events.events(Event.Followed.class).size());
  }

  @Test
  void rejectRemovesTheOutgoingFollow() {
    Inbox inbox = inbox();
    store.put("alice", Direction.FOLLOWING, new FollowRecord(BOB.actor(), Optional.empty(), FollowState.ACCEPTED,
        clock.instant()));
    inbox.receive(post(BOB, activity("Reject", "https://remote.example/r/1", BOB.actor(),
        follow("https://kith.example/users/alice#f", ALICE, BOB.actor()))), Optional.empty());
    assertTrue(store.list("alice", Direction.FOLLOWING).isEmpty());
  }

  @Test
  void aBlockEndsFollowsBothWays() {
    Inbox inbox = inbox();
    inbox.receive(post(BOB, follow(F1, BOB.actor(), ALICE)), Optional.empty());
    store.put("alice", Direction.FOLLOWING, new FollowRecord(BOB.actor(), Optional.empty(), FollowState.ACCEPTED,
        clock.instant()));
    inbox.receive(post(BOB, activity("Block", "https://remote.example/b/1", BOB.actor(), quoted(ALICE))),
        Optional.empty());
    assertTrue(store.list("alice", Direction.FOLLOWERS).isEmpty());
    assertTrue(store.list("alice", Direction.FOLLOWING).isEmpty());
    assertEquals(1, events.events(Event.Blocked.class).size());
  }

  // ------------------------------------------------------------------ content

  @Test
  void aReplyThatMentionsALocalActorRaisesPostReplyAndMention() {
    Inbox inbox = inbox();
    String n = note("https://remote.example/notes/1", BOB.actor(), ",\"inReplyTo\":\"" + ALICE + "/statuses/1\","
        + "\"tag\":[{\"type\":\"Mention\",\"href\":\"" + ALICE + "\",\"name\":\"@alice@kith.example\"}]");
    assertEquals(202, inbox.receive(post(BOB, activity("Create", "https://remote.example/c/1", BOB.actor(), n)),
        Optional.empty()).status());
    assertEquals(1, events.events(Event.PostReceived.class).size());
    assertEquals(1, events.events(Event.Replied.class).size());
    List<Event.Mentioned> m = events.events(Event.Mentioned.class);
    assertEquals(1, m.size());
    assertEquals(ALICE.toString(), m.get(0).mentioned().value());
    assertEquals(1, heard.size());
    assertTrue(heard.get(0).object().isPresent());
  }

  @Test
  void aCrossOriginEmbeddedObjectIsNotTrusted() {
    String n = note("https://victim.example/notes/9", BOB.actor(), "");
    assertRefused(inbox(), post(BOB, activity("Create", "https://remote.example/c/2", BOB.actor(), n)), 400,
        InboxError.ORIGIN_MISMATCH);
  }

  @Test
  void aCrossOriginObjectIsRefetchedWhenAFetcherIsConfigured() {
    String n = note("https://victim.example/notes/9", BOB.actor(), "");
    String real = note("https://victim.example/notes/9", URI.create("https://victim.example/users/v"), "");
    Inbox inbox = inbox(b -> b.fetcher(id -> AsParser.DEFAULT.parse(real)));
    // The fetched original is by someone else, so bob's claim fails the authorship check.
    assertRefused(inbox, post(BOB, activity("Create", "https://remote.example/c/2", BOB.actor(), n)), 403,
        InboxError.NOT_OWNER);
  }

  @Test
  void contentFromABlockedDomainIsNeverFetched() {
    moderation.blockDomain("blocked.example");
    java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
    Inbox inbox = inbox(b -> b.fetcher(id -> {
      fetches.incrementAndGet();
      return AsParser.DEFAULT.parse(note(id.toString(), BOB.actor(), ""));
    }));
    String n = note("https://blocked.example/notes/1", BOB.actor(), "");
    assertRefused(inbox, post(BOB, activity("Create", "https://remote.example/c/b", BOB.actor(), n)), 403,
        InboxError.DOMAIN_BLOCKED);
    assertEquals(0, fetches.get());
  }

  @Test
  void anObjectAttributedToSomeoneElseIsRefused() {
    String n = note("https://remote.example/notes/2", URI.create("https://remote.example/users/zed"), "");
    assertRefused(inbox(), post(BOB, activity("Create", "https://remote.example/c/3", BOB.actor(), n)), 403,
        InboxError.NOT_OWNER);
  }

  @Test
  void aRemoteCreateOfALocalObjectIsRefused() {
    String n = note(ALICE + "/statuses/1", BOB.actor(), "");
    assertRefused(inbox(), post(BOB, activity("Create", "https://remote.example/c/4", BOB.actor(), n)), 403,
        InboxError.LOCAL_OBJECT);
  }

  @Test
  void updateAndDeleteOnlyByTheOwner() {
    Inbox inbox = inbox();
    String n = note("https://remote.example/notes/5", BOB.actor(), "");
    inbox.receive(post(BOB, activity("Create", "https://remote.example/c/5", BOB.actor(), n)), Optional.empty());
    // Same host is not enough: another actor on bob's server.
    FakeRemote mallory = FakeRemote.at("https://remote.example/users/mallory");
    keys.add(mallory);
    String forged = note("https://remote.example/notes/5", mallory.actor(), "");
    assertRefused(inbox, post(mallory, activity("Update", "https://remote.example/u/m", mallory.actor(), forged)),
        403, InboxError.NOT_OWNER);
    assertRefused(inbox, post(mallory, activity("Delete", "https://remote.example/d/m", mallory.actor(),
        quoted("https://remote.example/notes/5"))), 403, InboxError.NOT_OWNER);

    assertEquals(202, inbox.receive(post(BOB, activity("Update", "https://remote.example/u/1", BOB.actor(), n)),
        Optional.empty()).status());
    assertEquals(1, events.events(Event.Edited.class).size());
    assertEquals(202, inbox.receive(post(BOB, activity("Delete", "https://remote.example/d/1", BOB.actor(),
        quoted("https://remote.example/notes/5"))), Optional.empty()).status());
    assertEquals(1, events.events(Event.Deleted.class).size());
  }

  @Test
  void aDeleteThatOvertakesItsCreateIsRaisedForTheStoreToRemember() {
    Inbox inbox = inbox();
    // Parallel deliveries: the Delete of a note not seen yet arrives first. It is raised (the
    // adapter keeps a tombstone against the author's late Create), with the deleting actor.
    assertEquals(202, inbox.receive(post(BOB, activity("Delete", "https://remote.example/d/early", BOB.actor(),
        quoted("https://remote.example/notes/early"))), Optional.empty()).status());
    List<Event.Deleted> deleted = events.events(Event.Deleted.class);
    assertEquals(1, deleted.size());
    assertEquals(BOB.actor().toString(), deleted.get(0).actor().value());
    assertEquals("https://remote.example/notes/early", deleted.get(0).post().value());
    // Another origin's unseen object is not bob's to delete: refused, nothing raised.
    assertRefused(inbox, post(BOB, activity("Delete", "https://remote.example/d/other", BOB.actor(),
        quoted("https://elsewhere.example/notes/1"))), 403, InboxError.NOT_OWNER);
    assertEquals(1, events.events(Event.Deleted.class).size());
  }

  @Test
  void anActorMayOnlyUpdateItself() {
    String person = "{\"id\":\"" + DAN.actor() + "\",\"type\":\"Person\",\"inbox\":\"" + DAN.actor() + "/inbox\"}";
    assertRefused(inbox(), post(BOB, activity("Update", "https://remote.example/u/2", BOB.actor(), person)), 403,
        InboxError.NOT_OWNER);
  }

  @Test
  void likesReactionsAndBoostsBecomeEvents() {
    Inbox inbox = inbox();
    String target = quoted(ALICE + "/statuses/1");
    inbox.receive(post(BOB, activity("Like", "https://remote.example/l/1", BOB.actor(), target)), Optional.empty());
    inbox.receive(post(BOB, activity("EmojiReact", "https://remote.example/l/2", BOB.actor(), target)
        .replace("}", ",\"content\":\"🎉\"}")), Optional.empty());
    inbox.receive(post(BOB, activity("Announce", "https://remote.example/s/1", BOB.actor(), target)), Optional.empty());
    List<Event.Liked> likes = events.events(Event.Liked.class);
    assertEquals(2, likes.size());
    assertEquals(Optional.of("🎉"), likes.get(1).reaction());
    assertEquals(1, events.events(Event.Shared.class).size());
    assertEquals(List.of("Like", "EmojiReact", "Announce"), heard.stream().map(ReceivedActivity::type).toList());
  }

  @Test
  void aBoostOfContentFromABlockedDomainIsDropped() {
    moderation.blockDomain("blocked.example");
    Inbox inbox = inbox();
    assertEquals(202, inbox.receive(post(BOB, activity("Announce", "https://remote.example/s/2", BOB.actor(),
        quoted("https://blocked.example/notes/1"))), Optional.empty()).status());
    assertTrue(events.events().isEmpty());
    assertTrue(heard.isEmpty());
  }

  @Test
  void aMutedActorsPostsRaiseNoEventsButFollowsStillCount() {
    moderation.mute(BOB.actor());
    Inbox inbox = inbox();
    inbox.receive(post(BOB, activity("Create", "https://remote.example/c/6", BOB.actor(),
        note("https://remote.example/notes/6", BOB.actor(), ""))), Optional.empty());
    assertTrue(events.events(Event.PostReceived.class).isEmpty());
    inbox.receive(post(BOB, follow(F1, BOB.actor(), ALICE)), Optional.empty());
    assertTrue(store.isAcceptedFollower("alice", BOB.actor()));
  }

  @Test
  void moveIsFollowedOnlyWhenTheTargetListsTheOldAccount() {
    URI newBob = URI.create("https://new.example/users/bob");
    store.put("alice", Direction.FOLLOWING, new FollowRecord(BOB.actor(), Optional.empty(), FollowState.ACCEPTED,
        clock.instant()));
    String move = "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"https://remote.example/m/1\","
        + "\"type\":\"Move\",\"actor\":\"" + BOB.actor() + "\",\"object\":\"" + BOB.actor() + "\",\"target\":\""
        + newBob + "\"}";
    String without = "{\"id\":\"" + newBob + "\",\"type\":\"Person\",\"inbox\":\"" + newBob + "/inbox\"}";
    assertRefused(inbox(b -> b.fetcher(id -> AsParser.DEFAULT.parse(without))), post(BOB, move), 403,
        InboxError.NOT_OWNER);

    String with = "{\"id\":\"" + newBob + "\",\"type\":\"Person\",\"inbox\":\"" + newBob + "/inbox\","
        + "\"alsoKnownAs\":[\"" + BOB.actor() + "\"]}";
    Inbox inbox = inbox(b -> b.fetcher(id -> AsParser.DEFAULT.parse(with)));
    assertEquals(202, inbox.receive(post(BOB, move), Optional.empty()).status());
    assertTrue(store.get("alice", Direction.FOLLOWING, BOB.actor()).isEmpty());
    assertEquals(FollowState.PENDING, store.get("alice", Direction.FOLLOWING, newBob).orElseThrow().state());
    assertEquals(1, sent.size());
    assertEquals(Optional.of("Follow"), sent.get(0).activity().type());
    assertEquals(newBob, sent.get(0).recipient());
  }

  @Test
  void aDeletedAccountLosesItsFollows() {
    Inbox inbox = inbox();
    inbox.receive(post(BOB, follow(F1, BOB.actor(), ALICE)), Optional.empty());
    assertEquals(202, inbox.receive(post(BOB, activity("Delete", "https://remote.example/d/self", BOB.actor(),
        quoted(BOB.actor()))), Optional.empty()).status());
    assertTrue(store.list("alice", Direction.FOLLOWERS).isEmpty());
  }

  @Test
  void aGoneActorsSelfDeleteIsAcknowledgedAndOnly410IsActedOn() {
    java.util.List<URI> goneHook = new java.util.concurrent.CopyOnWriteArrayList<>();
    Inbox inbox = inbox(b -> b.onActorGone(goneHook::add));
    inbox.receive(post(BOB, follow(F1, BOB.actor(), ALICE)), Optional.empty());
    String selfDelete = activity("Delete", "https://remote.example/d/gone", BOB.actor(), quoted(BOB.actor()));

    keys.gone(BOB, 404);
    assertEquals(202, inbox.receive(post(BOB, selfDelete), Optional.empty()).status());
    assertTrue(store.isAcceptedFollower("alice", BOB.actor()), "404 is not proof of deletion");
    assertTrue(goneHook.isEmpty());

    keys.gone(BOB, 410);
    // Any other activity under a gone key is still a signature failure.
    assertRefused(inbox, post(BOB, activity("Like", "https://remote.example/l/g", BOB.actor(),
        quoted(ALICE + "/statuses/1"))), 401, InboxError.SIGNATURE_REJECTED);
    // A Delete of someone else under the gone key is too.
    assertRefused(inbox, post(BOB, activity("Delete", "https://remote.example/d/x", DAN.actor(), quoted(DAN.actor()))),
        401, InboxError.SIGNATURE_REJECTED);
    assertEquals(202, inbox.receive(post(BOB, selfDelete), Optional.empty()).status());
    assertTrue(store.list("alice", Direction.FOLLOWERS).isEmpty());
    assertEquals(List.of(BOB.actor()), goneHook);
  }

  @Test
  void reportsReachTheirListeners() {
    Inbox inbox = inbox();
    String flag = activity("Flag", "https://remote.example/flag/1", BOB.actor(), "[\"" + ALICE + "\"]")
        .replace("}", ",\"content\":\"spam\"}");
    assertEquals(202, inbox.receive(post(BOB, flag), Optional.empty()).status());
    assertEquals(List.of("Flag"), heard.stream().map(ReceivedActivity::type).toList());
    assertTrue(events.events().isEmpty(), "no core event for reports");
  }

  @Test
  void anEmojiReactWithoutAnEmojiIsRefused() {
    assertRefused(inbox(), post(BOB, activity("EmojiReact", "https://remote.example/l/e", BOB.actor(),
        quoted(ALICE + "/statuses/1"))), 400, InboxError.MALFORMED_ACTIVITY);
  }

  // ------------------------------------------------------------------ refusals (checklist 9-26)

  @Test
  void anUnsignedPostIsRefusedWithNothingStored() {
    byte[] body = follow(F1, BOB.actor(), ALICE).getBytes(UTF_8);
    ApRequest unsigned = ApRequest.of("POST", URLS.sharedInbox(), Headers.of("Host", "kith.example",
        "Content-Type", "application/activity+json"), body);
    assertRefused(inbox(), unsigned, 401, InboxError.SIGNATURE_REJECTED);
  }

  @Test
  void aGarbageSignatureIsRefused() {
    ApRequest good = post(BOB, follow(F1, BOB.actor(), ALICE));
    ApRequest keyIdOnly = ApRequest.of("POST", good.target(), good.headers().toBuilder().set("Signature",
        "keyId=\"x\"").build(), good.body());
    assertRefused(inbox(), keyIdOnly, 401, InboxError.SIGNATURE_REJECTED);
    String sig = good.header("signature").orElseThrow();
    String broken = sig.replaceAll("signature=\"[A-Za-z0-9+/]{8}", "signature=\"AAAAAAAA");
    ApRequest badSig = ApRequest.of("POST", good.target(), good.headers().toBuilder().set("Signature", broken)
        .build(), good.body());
    assertRefused(inbox(), badSig, 401, InboxError.SIGNATURE_REJECTED);
  }

  @Test
  void aBodyChangedAfterSigningIsRefused() {
    ApRequest good = post(BOB, follow(F1, BOB.actor(), ALICE));
    ApRequest tampered = ApRequest.of("POST", good.target(), good.headers(),
        follow(F1, BOB.actor(), CAROL).getBytes(UTF_8));
    assertRefused(inbox(), tampered, 401, InboxError.SIGNATURE_REJECTED);
  }

  @Test
  void aValidSignatureByAnotherActorIsRefusedBeforeAnyListener() {
    // Checklist item 10: eve signs a Create claiming to be bob.
    String create = activity("Create", "https://remote.example/c/7", BOB.actor(),
        note("https://remote.example/notes/7", BOB.actor(), ""));
    assertRefused(inbox(), post(EVE, create), 401, InboxError.SIGNER_NOT_ACTOR);
    assertRefused(inbox(), post(EVE, follow(F1, BOB.actor(), ALICE)), 401, InboxError.SIGNER_NOT_ACTOR);
  }

  @Test
  void aKeyThatIsNotOwnedIsRefused() {
    FakeRemote stranger = FakeRemote.at("https://remote.example/users/stranger");
    // keys does not know stranger's key: the resolver answers KEY_NOT_OWNED.
    ApResponse r = inbox().receive(post(stranger, follow(F1, stranger.actor(), ALICE)), Optional.empty());
    assertEquals(401, r.status());
    assertEquals("SIGNATURE_REJECTED: KEY_NOT_OWNED", r.bodyText());
    assertTrue(heard.isEmpty());
    assertTrue(store.list("alice", Direction.FOLLOWERS).isEmpty());
  }

  @Test
  void aSignatureOutsideTheTimeWindowIsRefused() {
    ApRequest old = post(BOB, follow(F1, BOB.actor(), ALICE));
    clock.advance(Duration.ofHours(2));
    assertRefused(inbox(), old, 401, InboxError.SIGNATURE_REJECTED);
  }

  @Test
  void aReplayToAnotherInboxPathIsRefused() {
    ApRequest toAlice = BOB.post(URLS.inbox("alice"), follow(F1, BOB.actor(), ALICE), clock);
    ApRequest replayed = ApRequest.of("POST", URLS.sharedInbox(), toAlice.headers(), toAlice.body());
    assertRefused(inbox(), replayed, 401, InboxError.SIGNATURE_REJECTED);
  }

  @Test
  void aBlockedDomainIsRefusedBeforeAnyKeyIsFetched() {
    moderation.blockDomain("evil.example");
    assertRefused(inbox(), post(EVE, follow("https://evil.example/f/1", EVE.actor(), ALICE)), 403,
        InboxError.DOMAIN_BLOCKED);
    assertEquals(0, keys.lookups(), "no key fetch for a blocked domain");
    // Subdomains are covered.
    FakeRemote sub = FakeRemote.at("https://a.evil.example/users/x");
    assertRefused(inbox(), post(sub, follow("https://a.evil.example/f/1", sub.actor(), ALICE)), 403,
        InboxError.DOMAIN_BLOCKED);
  }

  @Test
  void aBlockedActorIsRefused() {
    moderation.blockActor(BOB.actor());
    assertRefused(inbox(), post(BOB, follow(F1, BOB.actor(), ALICE)), 403, InboxError.ACTOR_BLOCKED);
  }

  @Test
  void anOversizedBodyIsRefused() {
    String big = follow(F1, BOB.actor(), ALICE).replace("}", ",\"pad\":\"" + "x".repeat(3000) + "\"}");
    assertRefused(inbox(b -> b.maxBodyBytes(2048)), post(BOB, big), 413, InboxError.PAYLOAD_TOO_LARGE);
  }

  @Test
  void aSignedDocumentThatIsNotAnActivityIsRefused() {
    assertRefused(inbox(), post(BOB, "{\"type\":"), 400, InboxError.MALFORMED_ACTIVITY);
    assertRefused(inbox(), post(BOB, "[1,2]"), 400, InboxError.MALFORMED_ACTIVITY);
    assertRefused(inbox(), post(BOB, note("https://remote.example/n/1", BOB.actor(), "")), 400,
        InboxError.MALFORMED_ACTIVITY);
    assertRefused(inbox(), post(BOB, follow(F1, BOB.actor(), ALICE).replace("\"id\":\"" + F1 + "\",", "")), 400,
        InboxError.MALFORMED_ACTIVITY);
  }

  @Test
  void anActivityIdOnAnotherOriginIsRefused() {
    assertRefused(inbox(), post(BOB, follow("https://elsewhere.example/f/1", BOB.actor(), ALICE)), 400,
        InboxError.ORIGIN_MISMATCH);
  }

  @Test
  void anUnknownPersonalInboxIs404() {
    ApResponse r = inbox().receive(BOB.post(URLS.inbox("nobody"), follow(F1, BOB.actor(), ALICE), clock),
        Optional.of("nobody"));
    assertEquals(404, r.status());
    assertTrue(heard.isEmpty());
  }

  // ------------------------------------------------------------------ idempotency and rate limits

  @Test
  void aDuplicateActsOnce() {
    Inbox inbox = inbox();
    ApRequest r = post(BOB, follow(F1, BOB.actor(), ALICE));
    assertEquals(Inbox.Outcome.PROCESSED, inbox.process(r, Optional.empty()));
    assertEquals(Inbox.Outcome.DUPLICATE, inbox.process(r, Optional.empty()));
    // The same id freshly signed and sent to a personal inbox: still once.
    clock.advance(Duration.ofMinutes(1));
    assertEquals(202, inbox.receive(BOB.post(URLS.inbox("alice"), follow(F1, BOB.actor(), ALICE), clock),
        Optional.of("alice")).status());
    assertEquals(1, heard.size());
    assertEquals(1, sent.size());
    assertEquals(1, events.events().size());
  }

  @Test
  void idempotencyIsBoundedInTime() {
    Inbox inbox = inbox(b -> b.idempotency(10, Duration.ofMinutes(30)));
    inbox.receive(post(BOB, activity("Like", "https://remote.example/l/9", BOB.actor(), quoted(ALICE + "/s/1"))),
        Optional.empty());
    clock.advance(Duration.ofMinutes(31));
    inbox.receive(post(BOB, activity("Like", "https://remote.example/l/9", BOB.actor(), quoted(ALICE + "/s/1"))),
        Optional.empty());
    assertEquals(2, heard.size());
  }

  @Test
  void aRefusedActivityIsNotRememberedSoACorrectedRedeliveryWorks() {
    Inbox inbox = inbox();
    String bad = activity("Create", "https://remote.example/c/8", BOB.actor(),
        note("https://remote.example/notes/8", URI.create("https://remote.example/users/zed"), ""));
    assertEquals(403, inbox.receive(post(BOB, bad), Optional.empty()).status());
    String good = activity("Create", "https://remote.example/c/8", BOB.actor(),
        note("https://remote.example/notes/8", BOB.actor(), ""));
    assertEquals(Inbox.Outcome.PROCESSED, inbox.process(post(BOB, good), Optional.empty()));
  }

  @Test
  void eachRemoteServerHasItsOwnRateLimit() {
    Inbox inbox = inbox(b -> b.rateLimit(new RateLimit(2, Duration.ofMinutes(1), 100)));
    for (int i = 0; i < 2; i++) {
      assertEquals(202, inbox.receive(post(BOB, activity("Like", "https://remote.example/l/" + i, BOB.actor(),
          quoted(ALICE + "/s/1"))), Optional.empty()).status());
    }
    int heardBefore = heard.size();
    ApResponse limited = inbox.receive(post(BOB, activity("Like", "https://remote.example/l/x", BOB.actor(),
        quoted(ALICE + "/s/1"))), Optional.empty());
    assertEquals(429, limited.status());
    assertEquals(Optional.of("30"), limited.header("Retry-After"));
    assertEquals(heardBefore, heard.size());
    // Another server is unaffected.
    assertEquals(202, inbox.receive(post(DAN, activity("Like", "https://other.example/l/1", DAN.actor(),
        quoted(ALICE + "/s/1"))), Optional.empty()).status());
    // Tokens come back with time.
    clock.advance(Duration.ofSeconds(30));
    assertEquals(202, inbox.receive(post(BOB, activity("Like", "https://remote.example/l/y", BOB.actor(),
        quoted(ALICE + "/s/1"))), Optional.empty()).status());
  }

  @Test
  void aForgedKeyIdDoesNotSpendTheVictimsTokens() {
    Inbox inbox = inbox(b -> b.rateLimit(new RateLimit(1, Duration.ofMinutes(1), 100)));
    // Eve's requests claim a key on remote.example but cannot be verified: no token is spent.
    FakeRemote forger = FakeRemote.at("https://remote.example/users/forger");
    for (int i = 0; i < 3; i++) {
      assertEquals(401, inbox.receive(post(forger, follow("https://remote.example/f/" + i, forger.actor(), ALICE)),
          Optional.empty()).status());
    }
    assertEquals(202, inbox.receive(post(BOB, follow(F1, BOB.actor(), ALICE)), Optional.empty()).status());
  }

  @Test
  void aFailingListenerIsIsolated() {
    Inbox inbox = inbox(b -> b.on("Follow", a -> {
      throw new IllegalStateException("listener bug");
    }));
    assertEquals(202, inbox.receive(post(BOB, follow(F1, BOB.actor(), ALICE)), Optional.empty()).status());
    assertEquals(1, inbox.listenerFailures());
    assertEquals(1, heard.size(), "the other listener still ran");
  }
}
