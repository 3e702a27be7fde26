package social.kith.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import social.kith.core.event.Event;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.Mention;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.Protocol;
import social.kith.core.testing.Eventually;
import social.kith.ssb.FeedId;
import social.kith.ssb.peer.SsbServerHarness;

/** The SSB bot's {@code --once} against a second Kith node with a live network on loopback. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SsbMentionBotTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path tmp;

  @Test
  void answersAMentionOverTheNetworkWithAReplyThatMentionsTheSender() {
    try (SsbNode alice = SsbNode.start(tmp.resolve("alice"))) {
      ExampleRun bot = ExampleRun.start(SsbMentionBot::run, "--data", tmp.resolve("bot").toString(), "--port", "0",
          "--connect", alice.address(), "--follow", alice.id().value(), "--once", "--timeout", "120");
      try {
        IdentityId botId = IdentityId.of(Protocol.SSB, bot.awaitLine("id"));
        assertTrue(bot.awaitLine("address").startsWith("net:127.0.0.1:"), bot.out());
        alice.kith().interact(new Interaction.Follow(botId));
        Eventually.await("the bot and Alice are connected", WAIT, () -> alice.net().stats().connections() > 0);
        Post hello = alice.publish(PostDraft.builder().text("hello @bot, how are you?")
            .mention(Mention.of(botId, "@bot")).build());

        try {
          Eventually.await("Alice hears the bot's answer", WAIT,
              () -> alice.heard(e -> e instanceof Event.Mentioned m && m.post().author().equals(botId)));
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "; bot stdout: " + bot.out() + " stderr: " + bot.err()
              + " alice events: " + alice.events() + " alice stats " + alice.net().stats(), e);
        }
        Post answer = alice.events().stream().filter(e -> e instanceof Event.Mentioned m && m.post().author().equals(botId))
            .map(e -> ((Event.Mentioned) e).post()).findFirst().orElseThrow();
        assertEquals(hello.id(), answer.inReplyTo().orElseThrow());
        assertTrue(answer.mentions().stream().anyMatch(m -> m.id().equals(java.util.Optional.of(alice.id()))),
            "the answer mentions the sender: " + answer.mentions());
        assertTrue(answer.content().plainText().contains("hello @bot, how are you?"), answer.content().plainText());
        assertTrue(answer.content().plainText().startsWith(alice.id().value() + " thanks"), answer.content().plainText());
      } finally {
        alice.close(); // the bot lingers while a peer is connected; with Alice gone it exits
        assertEquals(Args.OK, bot.awaitExit(WAIT), bot.err());
        bot.close();
      }
      assertEquals(1, bot.outLines().stream().filter(l -> l.startsWith("replied %")).count(), bot.out());
    }
  }

  @Test
  void answersAMentionFromARealSsbServer() throws Exception {
    try (SsbServerHarness server = new SsbServerHarness()) {
      ExampleRun bot = ExampleRun.start(SsbMentionBot::run, "--data", tmp.resolve("bot").toString(), "--port", "0",
          "--connect", server.address, "--follow", server.id.toString(), "--once", "--timeout", "150");
      try {
        String botId = bot.awaitLine("id");
        server.call(server.op("follow").put("id", botId));
        com.fasterxml.jackson.databind.node.ObjectNode content = SsbServerHarness.JSON.createObjectNode()
            .put("type", "post").put("text", "[@bot](" + botId + ") ping from ssb-server");
        content.putArray("mentions").addObject().put("link", botId).put("name", "bot");
        String mention = server.call(server.op("post").set("content", content)).get("key").asText();

        java.util.concurrent.atomic.AtomicReference<String> reply = new java.util.concurrent.atomic.AtomicReference<>();
        Eventually.await("ssb-server replicates the bot's answer", WAIT, () -> {
          try {
            for (String key : server.history(FeedId.parse(botId))) {
              com.fasterxml.jackson.databind.JsonNode c = server.call(server.op("get").put("id", key))
                  .path("value").path("content");
              if ("post".equals(c.path("type").asText()) && mention.equals(c.path("root").asText())) {
                reply.set(key);
                return true;
              }
            }
            return false;
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
        com.fasterxml.jackson.databind.JsonNode answer = server.call(server.op("get").put("id", reply.get()))
            .path("value");
        assertEquals(botId, answer.path("author").asText());
        assertTrue(answer.path("content").path("branch").toString().contains(mention),
            "the answer's branch is the mention: " + answer);
        assertTrue(answer.path("content").path("mentions").toString().contains(server.id.toString()),
            "the answer mentions the sender: " + answer);
        assertTrue(answer.path("content").path("text").asText().contains("ping from ssb-server"), answer.toString());
      } finally {
        server.close(); // the bot lingers while a peer is connected
        assertEquals(Args.OK, bot.awaitExit(WAIT), bot.err());
        bot.close();
      }
      assertTrue(bot.out().contains("replied %"), bot.out());
    }
  }

  @Test
  void badUsageIsOneLineOnStderrExit2AndCreatesNothing() {
    Path data = tmp.resolve("never");
    for (String[] args : List.of(new String[] {"--once"},
        new String[] {"--data", data.toString(), "--follow", "@nope"},
        new String[] {"--data", data.toString(), "--connect", "net:127.0.0.1:8008"},
        new String[] {"--data", data.toString(), "--hops", "9"})) {
      ExampleRun bot = ExampleRun.complete(SsbMentionBot::run, args);
      assertEquals(Args.USAGE, bot.exitCode(), String.join(" ", args) + ": " + bot.err());
      assertEquals(1, bot.err().strip().lines().count(), bot.err());
      assertEquals("", bot.out());
      assertTrue(Files.notExists(data));
    }
  }
}
