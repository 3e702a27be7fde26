package social.kith.cli.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import social.kith.activitypub.adapter.ApAdapter;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.core.feed.FeedQuery;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Mention;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.Protocol;
import social.kith.core.spi.AdapterContext;
import social.kith.cli.Main;
import social.kith.testkit.Node;

/** {@code kith ap serve} in-process on a free loopback port: WebFinger, actor JSON, restart, echo. */
class ApServeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path tmp;

  /** One running {@code kith ap serve}. */
  private static final class Served implements AutoCloseable {
    final ApServeCommand command = new ApServeCommand();
    final AtomicInteger exit = new AtomicInteger(-1);
    final Thread thread;
    final String actor;
    final String handle;

    Served(String... args) throws Exception {
      PipedWriter pipe = new PipedWriter();
      BufferedReader out = new BufferedReader(new PipedReader(pipe));
      CommandLine cl = new CommandLine(command);
      cl.setOut(new PrintWriter(pipe, true));
      cl.setErr(new PrintWriter(new StringWriter(), true));
      thread = new Thread(() -> exit.set(cl.execute(args)), "ap-serve");
      thread.start();
      actor = out.readLine();
      handle = out.readLine();
    }

    @Override
    public void close() throws InterruptedException {
      command.stop();
      thread.join(30_000);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static JsonNode get(String url, String accept) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
    }
  }

  @Test
  void servesWebFingerAndTheActorAndKeepsTheKeyAcrossRestarts() throws Exception {
    int port = freePort();
    Path data = tmp.resolve("data");
    String[] args = {"--port", String.valueOf(port), "--name", "echo", "--data", data.toString(), "--insecure-local"};
    String pem;
    try (Served s = new Served(args)) {
      assertEquals("actor=http://127.0.0.1:" + port + "/users/echo", s.actor);
      assertEquals("handle=echo@127.0.0.1:" + port, s.handle);
      JsonNode wf = get("http://127.0.0.1:" + port + "/.well-known/webfinger?resource=acct:echo@127.0.0.1:" + port,
          "application/jrd+json");
      assertEquals("acct:echo@127.0.0.1:" + port, wf.path("subject").asText());
      boolean self = false;
      for (JsonNode link : wf.path("links")) {
        self |= "self".equals(link.path("rel").asText())
            && ("http://127.0.0.1:" + port + "/users/echo").equals(link.path("href").asText());
      }
      assertTrue(self, "WebFinger links to the actor: " + wf);
      JsonNode actor = get("http://127.0.0.1:" + port + "/users/echo", "application/activity+json");
      assertEquals("http://127.0.0.1:" + port + "/users/echo", actor.path("id").asText());
      pem = actor.path("publicKey").path("publicKeyPem").asText();
      assertTrue(pem.contains("BEGIN PUBLIC KEY"), pem);
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        data.resolve("actors/echo/key.pem"))));
    try (Served s = new Served(args)) {
      assertEquals("actor=http://127.0.0.1:" + port + "/users/echo", s.actor);
      JsonNode actor = get("http://127.0.0.1:" + port + "/users/echo", "application/activity+json");
      assertEquals(pem, actor.path("publicKey").path("publicKeyPem").asText(), "same key after a restart");
    }
  }

  @Test
  void stopIsClean() throws Exception {
    Served s = new Served("--port", "0", "--name", "quiet", "--data", tmp.resolve("q").toString(), "--insecure-local");
    assertTrue(s.actor.startsWith("actor=http://127.0.0.1:"), s.actor);
    assertNotEquals("actor=http://127.0.0.1:0/users/quiet", s.actor);
    s.close();
    assertEquals(0, s.exit.get(), "a clean stop");
  }

  @Test
  void plainHttpWithoutInsecureLocalIsRefused() {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"ap", "serve", "--port", "0", "--name", "x", "--data", tmp.resolve("x").toString()},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains("--insecure-local"), err.toString());
    assertTrue(Files.notExists(tmp.resolve("x")), "nothing was created");
    code = Main.run(new String[] {"ap", "serve", "--port", "0", "--name", "x", "--data", tmp.resolve("x").toString(),
        "--base-url", "http://example.com"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertEquals(2, code);
    assertTrue(Files.notExists(tmp.resolve("x")), "nothing was created");
  }

  @Test
  void echoAnswersARealFedifyMentionAndFedifyVerifiesTheReply() throws Exception {
    Node.Proc fedify = Node.start("fedify-server.mjs");
    try (Served s = new Served("--port", "0", "--name", "echo", "--data", tmp.resolve("f").toString(),
        "--insecure-local", "--echo")) {
      java.util.List<JsonNode> events = new java.util.ArrayList<>();
      JsonNode hello = JSON.readTree(fedify.readLine());
      String fedifyActor = hello.get("actor").asText();
      String echoActor = s.actor.substring("actor=".length());
      fedify.send(JSON.createObjectNode().put("cmd", "send").put("type", "Create").put("to", echoActor)
          .put("inbox", echoActor + "/inbox").put("mentionName", "@" + s.handle.substring(7))
          .put("content", "<p>ping from Fedify</p>").toString());
      JsonNode reply = readReply(fedify, events);
      assertTrue(reply.path("ok").asBoolean(), "Kith took Fedify's Create: " + reply);
      String noteId = reply.path("object").asText();
      await("Fedify to receive the echo", () -> {
        fedify.send("{\"cmd\":\"info\"}");
        readReply(fedify, events);
        return events.stream().anyMatch(e -> "activity".equals(e.path("event").asText())
            && "Create".equals(e.path("type").asText()) && e.path("json").toString().contains(noteId));
      });
      // fedify-server.mjs also logs each request ("event":"request", no body): take the activity itself
      JsonNode echo = events.stream().filter(e -> "activity".equals(e.path("event").asText())
          && "Create".equals(e.path("type").asText())).findFirst().orElseThrow();
      assertTrue(echo.path("json").toString().contains("ping from Fedify"), echo.toString());
      assertTrue(echo.path("json").toString().contains(fedifyActor), "the echo mentions the sender");
      assertTrue(events.stream().noneMatch(e -> "unverified".equals(e.path("event").asText())), events.toString());
    } finally {
      try {
        if (fedify.process().isAlive()) {
          fedify.send("{\"cmd\":\"stop\"}");
        }
      } finally {
        fedify.close();
      }
    }
  }

  private static JsonNode readReply(Node.Proc proc, java.util.List<JsonNode> events) {
    while (true) {
      JsonNode line;
      try {
        line = JSON.readTree(proc.readLine());
      } catch (java.io.IOException e) {
        throw new AssertionError("fedify-server printed a non-JSON line", e);
      }
      if (line.has("reply")) {
        return line;
      }
      events.add(line);
    }
  }

  @Test
  void echoRepliesToAMentionQuotingItAndMentioningTheSender() throws Exception {
    ExecutorService pool = Executors.newCachedThreadPool();
    FetchPolicy loopback = FetchPolicy.builder().insecureAllowLoopbackForTesting().build();
    try (Served s = new Served("--port", "0", "--name", "echo", "--data", tmp.resolve("e").toString(),
        "--insecure-local", "--echo");
        ApAdapter peer = ApAdapter.builder().dataDir(tmp.resolve("peer")).actorName("peer").fetchPolicy(loopback)
            .build()) {
      peer.start(new AdapterContext(e -> { }, Clock.systemUTC(), pool, "social.kith.test.peer", Duration.ofSeconds(30)));
      String echoActor = s.actor.substring("actor=".length());
      Post mention = peer.publish(peer.localIdentity("peer"), PostDraft.builder().text("hello echo")
          .mention(Mention.of(IdentityId.of(Protocol.ACTIVITYPUB, echoActor), "@" + s.handle.substring(7))).build());
      await("the echo reply", () -> peer.feed(FeedQuery.home()).items().stream()
          .anyMatch(p -> p.inReplyTo().filter(mention.id()::equals).isPresent()));
      Post reply = peer.feed(FeedQuery.home()).items().stream()
          .filter(p -> p.inReplyTo().filter(mention.id()::equals).isPresent()).findFirst().orElseThrow();
      assertEquals(echoActor, reply.author().value());
      assertTrue(reply.content().plainText().contains("hello echo"), reply.content().plainText());
      assertTrue(reply.addresses(IdentityId.of(Protocol.ACTIVITYPUB, peer.actorUrl("peer").toString())),
          "the reply mentions the sender");
    } finally {
      pool.shutdownNow();
    }
  }
}
