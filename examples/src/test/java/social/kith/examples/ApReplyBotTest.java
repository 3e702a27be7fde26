package social.kith.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.interop.FedifyServer;
import social.kith.core.testing.Eventually;

/** The reply bot's {@code --once} against a real Fedify server on loopback, and its usage errors. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ApReplyBotTest {
  @TempDir
  Path tmp;

  /** The activities of {@code type} that Fedify verified and handed to its listeners, as JSON-LD. */
  private static List<JsonNode> verified(FedifyServer fedify, String type) {
    return fedify.latestEvents().stream().filter(e -> "activity".equals(e.path("event").asText())
        && type.equals(e.path("type").asText())).map(e -> e.path("json")).toList();
  }

  @Test
  void answersAFedifyMentionWithAReplyThatMentionsTheSenderAndFedifyVerifiesIt() {
    try (FedifyServer fedify = FedifyServer.start();
        ExampleRun bot = ExampleRun.start(ApReplyBot::run, "--data", tmp.resolve("bot").toString(),
            "--insecure-local", "--once", "--timeout", "120")) {
      String actor = bot.awaitLine("actor");
      JsonNode sent = fedify.send("alice", "Create", URI.create(actor), FedifyServer.inboxOf(URI.create(actor)),
          Map.of("content", "<p>hello bot, are you there?</p>"));
      assertTrue(sent.path("ok").asBoolean(), sent.toString());
      String note = sent.path("object").asText();

      assertEquals(Args.OK, bot.awaitExit(Duration.ofSeconds(120)), bot.err());
      assertTrue(bot.out().contains("replied " + actor + "/"), bot.out());
      assertTrue(bot.out().contains(" to " + fedify.actor()), bot.out());

      Eventually.await("Fedify to receive the bot's reply", Duration.ofSeconds(30),
          () -> verified(fedify, "Create").stream().anyMatch(j -> j.toString().contains(note)));
      JsonNode create = verified(fedify, "Create").stream().filter(j -> j.toString().contains(note)).findFirst()
          .orElseThrow();
      String text = create.toString();
      assertTrue(text.contains("\"inReplyTo\":\"" + note + "\""), "the answer replies to the mention: " + text);
      assertTrue(text.contains("Mention") && text.contains("\"href\":\"" + fedify.actor() + "\""),
          "the answer mentions the sender: " + text);
      assertTrue(text.contains("hello bot, are you there?"), "the answer quotes the mention: " + text);
      assertEquals(List.of(), fedify.latestEvents().stream().filter(e -> "unverified".equals(e.path("event").asText()))
          .toList(), "Fedify verified every signature of the bot");
    }
  }

  @Test
  void withoutAMentionOnceGivesUpWithExit3() {
    ExampleRun bot = ExampleRun.complete(ApReplyBot::run, "--data", tmp.resolve("quiet").toString(),
        "--insecure-local", "--once", "--timeout", "1");
    assertEquals(Args.NETWORK, bot.exitCode(), bot.err());
    assertTrue(bot.err().contains("no mention arrived within 1 s"), bot.err());
  }

  @Test
  void badUsageIsOneLineOnStderrExit2AndCreatesNothing() {
    Path data = tmp.resolve("never");
    for (String[] args : List.of(new String[] {"--once"}, new String[] {"--data", data.toString()},
        new String[] {"--data", data.toString(), "--insecure-local", "--port", "70000"},
        new String[] {"--data", data.toString(), "--insecure-local", "--frobnicate"},
        new String[] {"--data", data.toString(), "--base-url", "http://bot.example"})) {
      ExampleRun bot = ExampleRun.complete(ApReplyBot::run, args);
      assertEquals(Args.USAGE, bot.exitCode(), String.join(" ", args) + ": " + bot.err());
      assertEquals(1, bot.err().strip().lines().count(), bot.err());
      assertTrue(bot.err().startsWith("ApReplyBot: "), bot.err());
      assertEquals("", bot.out());
      assertTrue(Files.notExists(data), "nothing was created for " + String.join(" ", args));
    }
  }
}
