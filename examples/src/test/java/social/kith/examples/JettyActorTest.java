package social.kith.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.adapter.ApAdapter;
import social.kith.activitypub.interop.FedifyServer;
import social.kith.activitypub.media.MediaSamples;
import social.kith.activitypub.server.ApResponse;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.activitypub.server.FollowState;
import social.kith.activitypub.signature.Headers;
import social.kith.activitypub.signature.HttpMessage;
import social.kith.activitypub.signature.HttpSigner;
import social.kith.activitypub.signature.SignatureGeneration;
import social.kith.activitypub.signature.SigningCredential;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.Attachment;
import social.kith.core.spi.AdapterContext;
import social.kith.core.testing.Eventually;
import social.kith.crypto.RsaKeys;

/**
 * The Jetty-served actor's {@code --once} against a real Fedify server on loopback: discovery,
 * a follow and its Accept, a post, and a forged delivery, every request through Jetty; then media
 * streamed through {@link JettyActor.KithHandler}, and the usage errors.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JettyActorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir
  Path tmp;

  /** The activities of {@code type} that Fedify verified and handed to its listeners, as JSON-LD. */
  private static List<JsonNode> verified(FedifyServer fedify, String type) {
    return fedify.latestEvents().stream().filter(e -> "activity".equals(e.path("event").asText())
        && type.equals(e.path("type").asText())).map(e -> e.path("json")).toList();
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void fedifyDiscoversFollowsAndPostsToAnActorServedByJettyAndAForgedDeliveryIsRefused() throws Exception {
    Path data = tmp.resolve("carol");
    URI id;
    URI fedifyActor;
    String note;
    String forgedNote;
    try (FedifyServer fedify = FedifyServer.start();
        ExampleRun carol = ExampleRun.start(JettyActor::run, "--data", data.toString(), "--name", "carol",
            "--insecure-local", "--once", "--timeout", "120")) {
      id = URI.create(carol.awaitLine("actor"));
      String handle = carol.awaitLine("handle");
      fedifyActor = fedify.actor();
      assertEquals(URI.create("http://" + handle.substring("carol@".length()) + "/users/carol"), id);

      // the actor document, negotiated as ActivityStreams, through Jetty
      HttpResponse<byte[]> doc = send(HttpRequest.newBuilder(id).header("Accept", ApResponse.ACTIVITY_JSON));
      assertEquals(200, doc.statusCode());
      assertTrue(doc.headers().firstValue("Content-Type").orElse("").startsWith(ApResponse.ACTIVITY_JSON),
          doc.headers().toString());
      assertEquals(doc.body().length, doc.headers().firstValueAsLong("Content-Length").orElse(-1));
      JsonNode actor = JSON.readTree(doc.body());
      assertEquals(id.toString(), actor.path("id").asText(), actor.toString());
      assertEquals(id + "/inbox", actor.path("inbox").asText(), actor.toString());
      assertTrue(actor.path("publicKey").path("publicKeyPem").asText().contains("BEGIN PUBLIC KEY"), actor.toString());

      // Fedify discovers carol with its own WebFinger client and document loader, through Jetty
      JsonNode found = fedify.lookup(id);
      assertTrue(found.path("ok").asBoolean(), found.toString());
      assertEquals("acct:" + handle, found.path("subject").asText(), found.toString());
      assertEquals(id.toString(), found.path("id").asText(), found.toString());
      URI inbox = URI.create(found.path("inbox").asText());
      assertEquals(URI.create(id + "/inbox"), inbox);

      // a delivery that claims to be Fedify's actor but is signed with another key: 401, nothing stored
      forgedNote = fedifyActor + "/notes/forged";
      byte[] forged = JSON.writeValueAsBytes(Map.of("@context", "https://www.w3.org/ns/activitystreams",
          "id", fedifyActor + "/activities/forged", "type", "Create", "actor", fedifyActor.toString(),
          "to", List.of("https://www.w3.org/ns/activitystreams#Public"), "cc", List.of(id.toString()),
          "object", Map.of("id", forgedNote, "type", "Note", "attributedTo", fedifyActor.toString(),
              "content", "<p>forged</p>", "to", List.of("https://www.w3.org/ns/activitystreams#Public"))));
      String keyId = JSON.readTree(send(HttpRequest.newBuilder(fedifyActor).header("Accept", ApResponse.ACTIVITY_JSON))
          .body()).path("publicKey").path("id").asText();
      assertFalse(keyId.isEmpty(), "Fedify's actor names its key");
      HttpSigner impostor = HttpSigner.builder().credential(SigningCredential.of(keyId, RsaKeys.generate(2048))).build();
      Headers signed = impostor.sign(HttpMessage.Request.of("POST", inbox, Headers.builder()
          .add("Host", inbox.getRawAuthority()).add("Content-Type", ApResponse.ACTIVITY_JSON).build(), forged),
          SignatureGeneration.CAVAGE_12);
      HttpRequest.Builder post = HttpRequest.newBuilder(inbox).POST(HttpRequest.BodyPublishers.ofByteArray(forged))
          .header("Content-Type", ApResponse.ACTIVITY_JSON);
      signed.names().forEach(n -> signed.all(n).forEach(v -> post.header(n, v)));
      HttpResponse<byte[]> refused = send(post);
      assertEquals(401, refused.statusCode(), new String(refused.body(), UTF_8));

      // Fedify follows carol; carol accepts, and Fedify verifies the Accept (it fetches carol's key through Jetty)
      JsonNode follow = fedify.send("alice", "Follow", id, inbox, Map.of());
      assertTrue(follow.path("ok").asBoolean(), follow.toString());
      String followId = follow.path("id").asText();
      Eventually.await("Fedify to verify carol's Accept of " + followId, Duration.ofSeconds(60),
          () -> verified(fedify, "Accept").stream().anyMatch(j -> j.toString().contains(followId)));
      Eventually.await("carol to print her follower", Duration.ofSeconds(30),
          () -> carol.out().contains("follower " + fedifyActor));

      // Fedify posts to carol; her inbox behind Jetty verifies and stores it, and --once exits
      JsonNode sent = fedify.send("alice", "Create", id, inbox, Map.of("content", "<p>hello through Jetty</p>"));
      assertTrue(sent.path("ok").asBoolean(), sent.toString());
      note = sent.path("object").asText();
      assertEquals(Args.OK, carol.awaitExit(Duration.ofSeconds(120)), carol.err());
      assertTrue(carol.out().contains("received " + note + " from " + fedifyActor), carol.out());
      assertFalse(carol.out().contains("forged"), carol.out());
      assertEquals(List.of(), fedify.latestEvents().stream().filter(e -> "unverified".equals(e.path("event").asText()))
          .toList(), "Fedify verified every signature of carol's");
    }

    // what carol stored survives her exit: the follower, the post, and nothing of the forgery
    ExecutorService pool = Executors.newCachedThreadPool();
    ApAdapter again = ApAdapter.builder().dataDir(data).externalServer(URI.create("http://" + id.getRawAuthority()))
        .build();
    try {
      again.start(new AdapterContext(event -> { }, Clock.systemUTC(), pool, "social.kith.test.jetty",
          Duration.ofSeconds(30)));
      assertEquals(FollowState.ACCEPTED, again.follows().get("carol", Direction.FOLLOWERS, fedifyActor).orElseThrow()
          .state());
      List<String> stored = again.feed(FeedQuery.home()).items().stream().map(p -> p.id().value()).toList();
      assertEquals(List.of(note), stored);
      String log = new String(Files.readAllBytes(data.resolve("received.log")), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertTrue(log.contains(note) && !log.contains(forgedNote), "received.log holds the post, not the forgery");
      assertEquals(0, again.deliveryQueue().pendingCount());
    } finally {
      again.close();
      pool.shutdownNow();
    }
  }

  @Test
  void mediaAreStreamedThroughJettyWithLengthRangesAndConditionalRequests() throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    connector.open(); // bound first: the base URL needs the port
    URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    ApAdapter ap = ApAdapter.builder().dataDir(tmp.resolve("media")).actorName("dora").externalServer(base).build();
    try {
      jetty.setHandler(new JettyActor.KithHandler(ap.handler(), "http", 1024));
      jetty.start();
      byte[] file = MediaSamples.png(640, 480, "x".repeat(300_000)); // several buffers of the copy loop
      Attachment a = ap.upload(file, "image/png", "a wide picture");
      assertEquals(base.toString(), a.url().getScheme() + "://" + a.url().getRawAuthority());

      HttpResponse<byte[]> whole = send(HttpRequest.newBuilder(a.url()));
      assertEquals(200, whole.statusCode());
      assertArrayEquals(file, whole.body());
      assertEquals(file.length, whole.headers().firstValueAsLong("Content-Length").orElse(-1));
      assertEquals("image/png", whole.headers().firstValue("Content-Type").orElse(""));
      assertEquals("nosniff", whole.headers().firstValue("X-Content-Type-Options").orElse(""));
      String etag = whole.headers().firstValue("ETag").orElseThrow();

      HttpResponse<byte[]> head = send(HttpRequest.newBuilder(a.url()).method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertEquals(200, head.statusCode());
      assertEquals(file.length, head.headers().firstValueAsLong("Content-Length").orElse(-1));
      assertEquals(0, head.body().length);

      HttpResponse<byte[]> range = send(HttpRequest.newBuilder(a.url()).header("Range", "bytes=100000-100009"));
      assertEquals(206, range.statusCode());
      assertArrayEquals(java.util.Arrays.copyOfRange(file, 100_000, 100_010), range.body());
      assertEquals("bytes 100000-100009/" + file.length, range.headers().firstValue("Content-Range").orElse(""));

      HttpResponse<byte[]> unchanged = send(HttpRequest.newBuilder(a.url()).header("If-None-Match", etag));
      assertEquals(304, unchanged.statusCode());
      assertEquals(0, unchanged.body().length);

      // the body cap: 413 for a body over it (1 KiB here), before Kith sees the request
      HttpResponse<byte[]> large = send(HttpRequest.newBuilder(URI.create(base + "/users/dora/inbox"))
          .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2048])));
      assertEquals(413, large.statusCode());
      // the target is built from the Host the client sent: another host is Kith's 421, a bad one 400
      assertEquals(200, status(connector.getLocalPort(), base.getRawAuthority()));
      assertEquals(421, status(connector.getLocalPort(), "other.example"));
      assertEquals(400, status(connector.getLocalPort(), "a_b"));
    } finally {
      jetty.stop();
      ap.close();
    }
  }

  /** The status of a GET of {@code /users/dora} sent to 127.0.0.1 with the {@code Host} header {@code host}. */
  private static int status(int port, String host) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET /users/dora HTTP/1.1\r\nHost: " + host + "\r\nAccept: "
          + ApResponse.ACTIVITY_JSON + "\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
      String response = new String(s.getInputStream().readAllBytes(), UTF_8);
      return Integer.parseInt(response.split(" ", 3)[1]);
    }
  }

  @Test
  void withoutAPostOnceGivesUpWithExit3() {
    ExampleRun run = ExampleRun.complete(JettyActor::run, "--data", tmp.resolve("quiet").toString(),
        "--insecure-local", "--once", "--timeout", "1");
    assertEquals(Args.NETWORK, run.exitCode(), run.err());
    assertTrue(run.err().contains("no post arrived within 1 s"), run.err());
    assertTrue(run.out().startsWith("actor=http://127.0.0.1:"), run.out());
  }

  @Test
  void badUsageIsOneLineOnStderrExit2AndCreatesNothing() {
    Path data = tmp.resolve("never");
    for (String[] args : List.of(new String[] {"--once"}, new String[] {"--data", data.toString()},
        new String[] {"--data", data.toString(), "--insecure-local", "--port", "70000"},
        new String[] {"--data", data.toString(), "--insecure-local", "--name", "Not A Name"},
        new String[] {"--data", data.toString(), "--insecure-local", "--frobnicate"},
        new String[] {"--data", data.toString(), "--base-url", "http://social.example"},
        new String[] {"--data", data.toString(), "--base-url", "https://social.example/app"})) {
      ExampleRun run = ExampleRun.complete(JettyActor::run, args);
      assertEquals(Args.USAGE, run.exitCode(), String.join(" ", args) + ": " + run.err());
      assertEquals(1, run.err().strip().lines().count(), run.err());
      assertTrue(run.err().startsWith("JettyActor: "), run.err());
      assertEquals("", run.out());
      assertTrue(Files.notExists(data), "nothing was created for " + String.join(" ", args));
    }
  }
}
