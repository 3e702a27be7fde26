package social.kith.activitypub.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import social.kith.activitypub.delivery.DeadLetter;
import social.kith.activitypub.delivery.DeliveryError;
import social.kith.activitypub.delivery.DeliveryJob;
import social.kith.activitypub.delivery.DeliveryListener;
import social.kith.activitypub.delivery.DeliveryWorker;
import social.kith.activitypub.delivery.InMemoryDeliveryQueue;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.activitypub.fetch.RemotePoster;
import social.kith.activitypub.outbox.InboxTarget;
import social.kith.activitypub.outbox.LocalActor;
import social.kith.activitypub.outbox.OutboundActivity;
import social.kith.activitypub.outbox.Outbox;
import social.kith.activitypub.outbox.RecipientDirectory;
import social.kith.activitypub.server.ActorServer;
import social.kith.activitypub.server.ActorUrls;
import social.kith.activitypub.server.ApServer;
import social.kith.activitypub.server.InMemoryFollowerStore;
import social.kith.activitypub.server.InMemoryObjectStore;
import social.kith.activitypub.server.LocalActors;
import social.kith.activitypub.signature.DoubleKnock;
import social.kith.activitypub.signature.SignatureGeneration;
import social.kith.activitypub.signature.SigningCredential;
import social.kith.core.model.IdentityId;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;
import social.kith.core.testing.Eventually;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaKeys;
import social.kith.crypto.RsaPrivateKey;

/**
 * Kith's delivery worker signing for a real Fedify 2.3.6 on loopback, one signature generation at
 * a time, and through {@code node/knock-proxy.mjs} in front of the same Fedify: the double-knock
 * fallback (the proxy answers 401 to the first generation Kith tries) and a signature corrupted on
 * the way, which Fedify itself refuses. What Fedify verified is read from its own ledger: a
 * listener runs only after Fedify's signature verification passed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class FedifyDeliveryInteropTest {
  private static final RsaPrivateKey KEY = RsaKeys.generate(2048);
  private static final FetchPolicy LOOPBACK = FetchPolicy.builder().insecureAllowLoopbackForTesting()
      .connectTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(30)).build();
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String CAVAGE = "draft-cavage-http-signatures-12";
  private static final String RFC = "rfc9421";

  private static FedifyServer fedify;
  private static KnockProxy proxy;
  private static ApServer server;
  private static ActorUrls urls;
  private static Outbox outbox;
  private static RemotePoster poster;

  @BeforeAll
  static void start() throws Exception {
    fedify = FedifyServer.start();
    proxy = KnockProxy.inFrontOf(fedify);
    // Kith's side: one actor whose key document Fedify fetches to verify each delivery.
    ActorServer[] router = new ActorServer[1];
    server = ApServer.builder().handler(r -> router[0].handle(r)).bind("127.0.0.1", 0).build().start();
    urls = new ActorUrls(server.uri());
    LocalActors.InMemory actors = LocalActors.inMemory()
        .put(social.kith.activitypub.server.LocalActor.person("alice", "Kith Alice", Pem.writeSpki(KEY.verifyingKey())));
    router[0] = ActorServer.builder().base(server.uri()).actors(actors).followers(new InMemoryFollowerStore())
        .objects(new InMemoryObjectStore()).build();
    outbox = Outbox.builder().followers(local -> List.of()).recipients(new RecipientDirectory() {
      @Override
      public Optional<InboxTarget> inboxOf(URI actor) {
        return Optional.of(InboxTarget.of(actor, FedifyServer.inboxOf(actor)));
      }

      @Override
      public Optional<URI> authorOf(PostId post) {
        return Optional.empty();
      }
    }).build();
    poster = RemotePoster.builder().policy(LOOPBACK).build();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (fedify != null) {
      fedify.close();
    }
  }

  /** A direct note from Kith's alice to Fedify's alice, to be POSTed to {@code inbox}. */
  private static DeliveryJob note(String text, boolean viaProxy) {
    OutboundActivity out = outbox.publish(LocalActor.of(urls.actor("alice")), PostDraft.builder().text(text)
        .visibility(Visibility.DIRECT).directRecipient(IdentityId.of(Protocol.ACTIVITYPUB, fedify.actor().toString()))
        .build());
    assertEquals(List.of(FedifyServer.inboxOf(fedify.actor())), out.inboxes());
    URI inbox = viaProxy ? proxy.via(out.inboxes().get(0)) : out.inboxes().get(0);
    return DeliveryJob.create(out.id(), urls.actor("alice"), inbox, out.activity().toBytes(), Instant.now());
  }

  /** A worker signing as Kith's alice, one delivery at a time, with this generation memory. */
  private static DeliveryWorker worker(InMemoryDeliveryQueue queue, DoubleKnock knock, DeliveryListener listener) {
    return DeliveryWorker.builder().queue(queue).poster(poster).concurrency(1).doubleKnock(knock).listener(listener)
        .senderKeys(actor -> actor.equals(urls.actor("alice"))
            ? Optional.of(SigningCredential.of(urls.keyId("alice").toString(), KEY)) : Optional.empty())
        .build();
  }

  private static String wire(SignatureGeneration g) {
    return g == SignatureGeneration.RFC_9421 ? RFC : CAVAGE;
  }

  private static String noteIdOf(DeliveryJob job) {
    String json = new String(job.body(), java.nio.charset.StandardCharsets.UTF_8);
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("object").path("id").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void fedifyVerifiesKithsDeliveriesSignedWithEitherGeneration() {
    for (SignatureGeneration g : SignatureGeneration.values()) {
      InMemoryDeliveryQueue queue = InMemoryDeliveryQueue.forTests();
      List<Integer> delivered = new CopyOnWriteArrayList<>();
      DoubleKnock knock = DoubleKnock.builder().firstGeneration(g).build();
      try (DeliveryWorker w = worker(queue, knock, new DeliveryListener() {
        @Override
        public void delivered(DeliveryJob job, int status) {
          delivered.add(status);
        }
      })) {
        DeliveryJob job = note("signed with " + g, false);
        queue.enqueue(List.of(job));
        assertEquals(1, w.drain());
        assertEquals(List.of(202), delivered, "Fedify took the " + g + " delivery at the first knock");
        assertEquals(0, queue.pendingCount());
        assertTrue(queue.deadLetters().isEmpty());
        assertEquals(Optional.of(g), knock.remembered(fedify.url().toString()));

        List<JsonNode> seen = fedify.received(job.activityId());
        assertEquals(1, seen.size(), "one POST: " + seen);
        assertEquals(wire(g), seen.get(0).path("generation").asText(), "the generation Fedify saw");
        assertEquals(202, seen.get(0).path("status").asInt());
        Eventually.await("Fedify's listener to run for the " + g + " delivery", PATIENCE,
            () -> fedify.verified(job.activityId()).isPresent());
        Eventually.await("Fedify to hold the note", PATIENCE, () -> fedify.note(noteIdOf(job)).isPresent());
        assertTrue(fedify.note(noteIdOf(job)).orElseThrow().path("content").asText().contains("signed with " + g));
      }
    }
  }

  @Test
  void aRefusedFirstGenerationIsRetriedWithTheOtherAndRemembered() {
    for (SignatureGeneration first : SignatureGeneration.values()) {
      proxy.mode(KnockProxy.Mode.REFUSE_FIRST);
      int before = proxy.attempts().size();
      InMemoryDeliveryQueue queue = InMemoryDeliveryQueue.forTests();
      DoubleKnock knock = DoubleKnock.builder().firstGeneration(first).build();
      try (DeliveryWorker w = worker(queue, knock, DeliveryListener.NONE)) {
        DeliveryJob job = note("knock knock " + first, true);
        queue.enqueue(List.of(job));
        w.drain();
        assertEquals(0, queue.pendingCount());
        assertTrue(queue.deadLetters().isEmpty(), "delivered, not dead: " + queue.deadLetters());

        List<JsonNode> attempts = proxy.attempts().subList(before, proxy.attempts().size());
        assertEquals(2, attempts.size(), "both knocks went through the proxy: " + attempts);
        assertEquals(wire(first), attempts.get(0).path("generation").asText());
        assertEquals(401, attempts.get(0).path("status").asInt());
        assertFalse(attempts.get(0).path("forwarded").asBoolean(), "the proxy answered the first knock itself");
        assertEquals(wire(first.other()), attempts.get(1).path("generation").asText());
        assertEquals(202, attempts.get(1).path("status").asInt());
        assertTrue(attempts.get(1).path("forwarded").asBoolean());

        // Fedify saw only the second knock, and verified it.
        List<JsonNode> seen = fedify.received(job.activityId());
        assertEquals(1, seen.size(), "Fedify saw one POST: " + seen);
        assertEquals(wire(first.other()), seen.get(0).path("generation").asText());
        Eventually.await("Fedify's listener to run after the fallback", PATIENCE,
            () -> fedify.verified(job.activityId()).isPresent());

        // Learned: the next delivery to that origin goes out in the working generation at once.
        assertEquals(Optional.of(first.other()), knock.remembered(proxy.url().toString()));
        DeliveryJob next = note("second " + first, true);
        queue.enqueue(List.of(next));
        w.drain();
        List<JsonNode> after = proxy.attempts();
        assertEquals(before + 3, after.size(), "one more POST only: " + after);
        assertEquals(wire(first.other()), after.get(before + 2).path("generation").asText());
        assertEquals(202, after.get(before + 2).path("status").asInt());
        assertEquals(0, queue.pendingCount());
      }
    }
  }

  @Test
  void fedifyRefusesACorruptedSignatureAndKithGivesUpAfterBothGenerations() {
    proxy.mode(KnockProxy.Mode.CORRUPT);
    int before = proxy.attempts().size();
    InMemoryDeliveryQueue queue = InMemoryDeliveryQueue.forTests();
    List<DeliveryError> failures = new CopyOnWriteArrayList<>();
    List<Integer> retries = new CopyOnWriteArrayList<>();
    try (DeliveryWorker w = worker(queue, DoubleKnock.builder().build(), new DeliveryListener() {
      @Override
      public void failedPermanently(DeliveryJob job, DeliveryError reason, String message) {
        failures.add(reason);
      }

      @Override
      public void retryScheduled(DeliveryJob job, int attempts, Instant next, String reason) {
        retries.add(attempts);
      }
    })) {
      DeliveryJob job = note("tampered", true);
      queue.enqueue(List.of(job));
      assertEquals(1, w.drain(), "one attempt (two knocks), then nothing is due");

      assertEquals(List.of(DeliveryError.AUTH_REJECTED), failures, "the delivery reports the refusal");
      assertEquals(List.of(), retries, "an authentication failure is never retried");
      assertEquals(0, queue.pendingCount());
      assertEquals(Optional.empty(), queue.nextDue());
      List<DeadLetter> dead = queue.deadLetters();
      assertEquals(1, dead.size());
      assertEquals(DeliveryError.AUTH_REJECTED, dead.get(0).reason());
      assertEquals(job.id(), dead.get(0).job().id());

      List<JsonNode> attempts = proxy.attempts().subList(before, proxy.attempts().size());
      assertEquals(2, attempts.size(), attempts.toString());
      assertEquals(List.of(CAVAGE, RFC), attempts.stream().map(a -> a.path("generation").asText()).toList());
      assertTrue(attempts.stream().allMatch(a -> a.path("forwarded").asBoolean() && a.path("status").asInt() == 401),
          "Fedify itself refused both: " + attempts);

      // Fedify refused each before any listener ran: nothing applied, no activity event.
      List<JsonNode> seen = fedify.received(job.activityId());
      assertEquals(List.of(CAVAGE, RFC), seen.stream().map(r -> r.path("generation").asText()).toList());
      assertTrue(seen.stream().allMatch(r -> r.path("status").asInt() == 401 && !r.path("verified").asBoolean()),
          seen.toString());
      assertEquals(Optional.empty(), fedify.note(noteIdOf(job)));
      List<JsonNode> events = fedify.latestEvents();
      assertTrue(events.stream().noneMatch(e -> "activity".equals(e.path("event").asText())
          && job.activityId().equals(e.path("id").asText())), "no listener saw the tampered activity");
      List<String> reasons = events.stream().filter(e -> "unverified".equals(e.path("event").asText())
          && job.activityId().equals(e.path("id").asText())).map(e -> e.path("reason").asText()).toList();
      assertEquals(List.of("invalidSignature", "invalidSignature"), reasons, "Fedify's verdict on each knock");
    } finally {
      proxy.mode(KnockProxy.Mode.PASS);
    }
  }

  @Test
  void theProxyForwardsUntouchedInPassMode() {
    proxy.mode(KnockProxy.Mode.PASS);
    InMemoryDeliveryQueue queue = InMemoryDeliveryQueue.forTests();
    try (DeliveryWorker w = worker(queue, DoubleKnock.builder().build(), DeliveryListener.NONE)) {
      DeliveryJob job = note("through the proxy", true);
      queue.enqueue(List.of(job));
      w.drain();
      assertEquals(0, queue.pendingCount());
      assertTrue(queue.deadLetters().isEmpty(), queue.deadLetters().toString());
      Eventually.await("Fedify's listener behind the proxy", PATIENCE,
          () -> fedify.verified(job.activityId()).isPresent());
      assertEquals(CAVAGE, fedify.verified(job.activityId()).orElseThrow().path("generation").asText());
    }
  }
}
