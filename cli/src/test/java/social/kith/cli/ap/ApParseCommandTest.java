package social.kith.cli.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import social.kith.testkit.SharedData;

final class ApParseCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private record Run(int code, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ApParseCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String corpus(String file) {
    return SharedData.path("ap-corpus/payloads/" + file).toString();
  }

  private static List<String> strings(JsonNode array) {
    List<String> l = new ArrayList<>();
    array.forEach(n -> l.add(n.isNull() ? null : n.asText()));
    return l;
  }

  @Test
  void aMastodonCreateNoteWithAWarningHashtagAndMention() throws IOException {
    Run r = run(corpus("mastodon/mastodon-post-activity-hashtag.json"));
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertEquals(1, r.out().strip().lines().count(), "one JSON object on one line");
    JsonNode j = r.json();
    assertEquals("Create", j.get("type").asText());
    assertEquals("http://mastodon.example.org/users/admin/statuses/99512778738411822/activity", j.get("id").asText());
    assertEquals("http://mastodon.example.org/users/admin", j.get("actor").asText());
    assertEquals(List.of("Create", "Note"), strings(j.get("chain")));
    JsonNode post = j.get("post");
    assertEquals("http://mastodon.example.org/users/admin/statuses/99512778738411822", post.get("id").asText());
    assertEquals("http://mastodon.example.org/users/admin", post.get("author").asText());
    assertTrue(post.get("inReplyTo").isNull());
    assertEquals("@lain #moo", post.get("text").asText());
    assertEquals("cw", post.get("contentWarning").asText());
    assertTrue(post.get("sensitive").asBoolean());
    assertEquals(List.of("moo"), strings(post.get("hashtags")));
    assertEquals(1, post.get("mentions").size());
    assertEquals("http://localtesting.pleroma.lol/users/lain", post.get("mentions").get(0).get("id").asText());
    assertEquals(0, post.get("attachments").size());
    assertEquals(0, post.get("emoji").size());
    assertTrue(post.get("language").isNull());
  }

  @Test
  void anUndoOfALikeOfABareIri() throws IOException {
    JsonNode j = run(corpus("mastodon/mastodon-undo-like.json")).json();
    assertEquals(List.of("Undo", "Like", "ref"), strings(j.get("chain")));
    assertEquals("http://mastodon.example.org/users/admin", j.get("actor").asText());
    assertTrue(j.get("post") == null, "no post in an Undo");
  }

  @Test
  void aLemmyCommunityAnnounceOfACreatePageWithoutContext() throws IOException {
    JsonNode j = run(corpus("lemmy/lemmyassets_community_announce_create_page.json")).json();
    assertEquals("Announce", j.get("type").asText());
    assertEquals(List.of("Announce", "Create", "Page"), strings(j.get("chain")));
    assertEquals("Page", j.get("post").get("type").asText());
    assertTrue(j.get("interaction").isNull(), "a relay is not a boost");
  }

  @Test
  void aPeerTubeVideoAndAMisskeyActorAndAPleromaChatMessage() throws IOException {
    JsonNode video = run(corpus("peertube/lemmyassets_objects_video.json")).json();
    assertEquals("Video", video.get("type").asText());
    assertEquals(List.of("Video"), strings(video.get("chain")));
    assertEquals("https://tilvids.com/accounts/thelinuxexperiment", video.get("actor").asText());
    assertEquals("en", video.get("post").get("language").asText());

    JsonNode actor = run(corpus("misskey/fedidevs_actor.json")).json();
    assertEquals("Person", actor.get("type").asText());
    assertEquals("actor", actor.get("kind").asText());
    assertEquals(actor.get("id").asText(), actor.get("actor").asText());

    JsonNode chat = run(corpus("pleroma/create-chat-message.json")).json();
    assertEquals(List.of("Create", "ChatMessage"), strings(chat.get("chain")));
    assertEquals(1, chat.get("post").get("emoji").size());
    assertEquals("DIRECT", chat.get("post").get("visibility").asText());
  }

  @Test
  void aGoToSocialCreateOfAnArrayIsAList() throws IOException {
    JsonNode j = run(corpus("gotosocial/docs_posts_create_vote.json")).json();
    assertEquals(List.of("Create", "list"), strings(j.get("chain")));
    assertTrue(j.get("post") == null);
  }

  private Run refuse(String name, byte[] content) throws IOException {
    Path f = tmp.resolve(name);
    Files.write(f, content);
    Run r = run(f.toString());
    assertEquals(2, r.code());
    assertEquals("", r.out(), "nothing on stdout");
    assertEquals(1, r.err().strip().lines().count(), "one line on stderr: " + r.err());
    return r;
  }

  @Test
  void badInputsGiveOneLineAndExitCode2() throws IOException {
    assertTrue(refuse("not.json", "this is not json".getBytes(StandardCharsets.UTF_8)).err().contains("NOT_JSON"));
    String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    assertTrue(refuse("deep.json", deep.getBytes(StandardCharsets.UTF_8)).err().contains("TOO_DEEP"));
    String graph = "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"@graph\":[{\"type\":\"Undo\"}]}";
    assertTrue(refuse("graph.json", graph.getBytes(StandardCharsets.UTF_8)).err().contains("UNSUPPORTED_JSONLD_KEYWORD"));
    byte[] big = new byte[(1 << 20) + 10];
    java.util.Arrays.fill(big, (byte) ' ');
    assertTrue(refuse("big.json", big).err().contains("DOCUMENT_TOO_LARGE"));
    String noId = "{\"type\":\"Note\",\"content\":\"x\"}";
    assertTrue(refuse("noauthor.json", noId.getBytes(StandardCharsets.UTF_8)).err().contains("MISSING_PROPERTY"));

    Run missing = run(tmp.resolve("absent.json").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("no such file"));
    assertEquals("", missing.out());
  }

  @Test
  void usageErrorsAreExitCode2() {
    assertEquals(2, run().code());
  }
}
