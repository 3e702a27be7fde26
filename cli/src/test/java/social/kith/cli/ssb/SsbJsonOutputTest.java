package social.kith.cli.ssb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import social.kith.cli.Main;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.V8Json;
import social.kith.ssb.peer.SsbPeer;
import social.kith.ssb.store.SsbStore;

/** The {@code --json} output of the SSB commands, and {@code replicate}'s progress line on a terminal. */
class SsbJsonOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void verifyAndKeygenPrintJson() throws Exception {
    SsbKeyPair keys = SsbKeyPair.generate();
    FeedPublisher p = FeedPublisher.builder().signer(keys.signer()).build();
    SsbMessage first = p.publish(JsonObject.builder().put("type", "post").put("text", "one").build());
    SsbMessage second = p.publish(JsonObject.builder().put("type", "post").put("text", "two").build());
    Path file = tmp.resolve("feed.jsonl");
    // the second message is given first: it is not a valid first message of its feed
    Files.writeString(file, V8Json.stringifyCompact(second.value()) + "\n" + V8Json.stringifyCompact(first.value()) + "\n");
    String[] r = run("ssb", "verify", file.toString(), "--json");
    assertEquals("1", r[0], r[2]);
    JsonNode summary = JSON.readTree(r[1]);
    assertEquals(1, summary.path("valid").asInt(), r[1]);
    assertEquals(1, summary.path("invalid").asInt(), r[1]);
    JsonNode error = summary.path("errors").path(0);
    assertEquals(0, error.path("index").asInt());
    assertEquals(second.id().toString(), error.path("id").asText());
    assertTrue(error.path("code").asText().matches("[A-Z_]+"), error.toString());
    assertTrue(!error.path("reason").asText().isBlank(), error.toString());
    assertEquals(1, r[1].strip().lines().count(), "one JSON object");

    Path secret = tmp.resolve("secret");
    String[] k = run("ssb", "keygen", "--out", secret.toString(), "--json");
    assertEquals("0", k[0], k[2]);
    JsonNode made = JSON.readTree(k[1]);
    assertEquals(secret.toString(), made.path("file").asText());
    assertEquals(social.kith.ssb.SecretFile.read(secret).id().toString(), made.path("id").asText());
  }

  @Test
  void replicatePrintsJsonAndDrawsProgressOnlyOnATerminal() throws Exception {
    SsbKeyPair keys = SsbKeyPair.generate();
    try (SsbStore store = SsbStore.open(tmp.resolve("server/store"));
        SsbPeer server = SsbPeer.builder(keys, store, BlobStore.open(tmp.resolve("server/blobs")))
            .listen("127.0.0.1", 0).build().start()) {
      for (int i = 0; i < 12; i++) {
        server.publish(JsonObject.builder().put("type", "post").put("text", "m" + i).build());
      }
      String address = server.address().orElseThrow();
      for (boolean terminal : List.of(false, true)) {
        SsbReplicateCommand cmd = new SsbReplicateCommand();
        cmd.terminal = terminal;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(address, "--data", tmp.resolve("client-" + terminal).toString(), "--feed",
            keys.id().toString(), "--json");
        assertEquals(0, code, err.toString());
        assertEquals(12, JSON.readTree(out.toString()).path("feeds").path(keys.id().toString()).asInt(), out.toString());
        if (terminal) {
          assertTrue(err.toString().startsWith("\r") && err.toString().contains(" messages; " + keys.id() + " at "),
              err.toString());
          assertTrue(err.toString().endsWith(System.lineSeparator()), "the progress line is ended");
        } else {
          assertEquals("", err.toString(), "no progress when stderr is not a terminal");
        }
      }
    }
  }
}
