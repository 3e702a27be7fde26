package social.kith.activitypub.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.server.FollowState;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.core.event.Event;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.Protocol;
import social.kith.core.spi.AdapterContext;
import social.kith.core.testing.Eventually;
import social.kith.core.testing.RecordingEventSink;
import social.kith.testkit.Node;

/**
 * The adapter against a real Fedify 2.3.6 ({@code node/fedify-server.mjs --auto-accept}), both ways
 * through the adapter's own durable delivery: Kith follows Fedify and receives Fedify's signed
 * Accept (which Kith's inbox only acts on once verified); Fedify follows Kith, gets Kith's Accept,
 * and then receives Kith's post as a Create that Fedify verified (Fedify reports unverified
 * deliveries as {@code unverified} events, never as {@code activity}).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FedifyAdapterInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  private static Node.Proc fedify;
  private static URI fedifyActor;
  private static final List<JsonNode> fedifyEvents = new ArrayList<>();
  private static ApAdapter kith;
  private static RecordingEventSink events;
  private static ExecutorService pool;

  @BeforeAll
  static void start() {
    fedify = Node.start("fedify-server.mjs", "--auto-accept");
    fedifyActor = URI.create(read().get("actor").asText());
    pool = Executors.newCachedThreadPool();
    events = new RecordingEventSink();
    kith = ApAdapter.builder().dataDir(dir).actorName("kith").fetchPolicy(ApProtocolAdapterContractTest.LOOPBACK)
        .build();
    kith.start(new AdapterContext(events, Clock.systemUTC(), pool, "social.kith.test.fedify", Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stop() {
    if (kith != null) {
      kith.close();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
    if (fedify != null) {
      try {
        if (fedify.process().isAlive()) {
          fedify.send("{\"cmd\":\"stop\"}");
        }
      } finally {
        fedify.close();
      }
    }
  }

  private static JsonNode read() {
    String line = fedify.readLine();
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("fedify-server printed a non-JSON line: " + line, e);
    }
  }

  /** Sends a command and returns its reply, keeping the event lines read meanwhile. */
  private static synchronized JsonNode command(String json) {
    fedify.send(json);
    while (true) {
      JsonNode line = read();
      if (line.has("reply")) {
        return line;
      }
      fedifyEvents.add(line);
    }
  }

  private static synchronized List<JsonNode> fedifyEvents() {
    command("{\"cmd\":\"info\"}");
    return List.copyOf(fedifyEvents);
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

  @Test
  void fedifyFollowsKithAndReceivesKithsPostWithAVerifiedSignature() {
    URI kithActor = kith.actorUrl("kith");
    JsonNode reply = command(JSON.createObjectNode().put("cmd", "send").put("type", "Follow")
        .put("to", kithActor.toString()).put("inbox", kith.urls().inbox("kith").toString()).toString());
    assertTrue(reply.path("ok").asBoolean(), "Kith's inbox took Fedify's Follow: " + reply);
    assertTrue(kith.follows().isAcceptedFollower("kith", fedifyActor));
    // Kith's Accept goes out through the durable queue and Fedify verifies it
    Eventually.await("Fedify to receive Kith's Accept", Duration.ofSeconds(60),
        () -> fedifyReceived("Accept", kithActor.toString()));

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
}
