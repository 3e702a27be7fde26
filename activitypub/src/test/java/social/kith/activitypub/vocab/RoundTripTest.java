package social.kith.activitypub.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import social.kith.testkit.SharedData;

/** Every corpus document survives parse → write → parse with an equal tree; nothing unknown is dropped. */
final class RoundTripTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();

  static Stream<Path> payloads() throws IOException {
    try (Stream<Path> s = Files.walk(SharedData.path("ap-corpus/payloads"))) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      return files.stream();
    }
  }

  @Test
  void theCorpusIsThere() throws IOException {
    assertTrue(payloads().count() >= 100);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("payloads")
  void parseWriteParseGivesAnEqualTree(Path file) throws IOException {
    byte[] original = Files.readAllBytes(file);
    AsObject first = AsParser.DEFAULT.parse(original);
    byte[] written = first.toBytes();
    AsObject second = AsParser.DEFAULT.parse(written);
    assertEquals(first, second);
    assertEquals(first.toJson(), second.toJson(), "writing is stable");
    JsonNode expected = PLAIN.readTree(original);
    JsonNode actual = PLAIN.readTree(written);
    assertEquals(expected, actual, "every property, known or not, is written back");
    assertEquals(first.keys(), second.keys(), "property order is kept");
  }

  @Test
  void aBuiltDocumentRoundTripsAndReadsBack() {
    AsObject note = AsObject.builder()
        .context("https://www.w3.org/ns/activitystreams")
        .id("https://example.com/notes/1")
        .type("Note")
        .set("attributedTo", "https://example.com/users/alice")
        .set("content", "<p>hi</p>")
        .setStrings("to", List.of("https://www.w3.org/ns/activitystreams#Public"))
        .set("sensitive", false)
        .build();
    AsObject create = AsObject.builder().context("https://www.w3.org/ns/activitystreams")
        .id("https://example.com/activities/1").type("Create")
        .set("actor", "https://example.com/users/alice").set("object", note).build();
    AsObject parsed = AsParser.DEFAULT.parse(create.toBytes());
    assertEquals(create, parsed);
    assertEquals(List.of("Create", "Note"), parsed.chain());
    assertEquals("<p>hi</p>", parsed.innermost().content().orElseThrow());
    MappedActivity m = ApMapper.DEFAULT.activity(parsed);
    assertEquals("hi", m.post().orElseThrow().post().content().plainText());
  }

  @Test
  void toBuilderCopiesAndLeavesTheOriginalUnchanged() {
    AsObject a = AsParser.DEFAULT.parse("{\"type\":\"Note\",\"id\":\"https://e.x/1\",\"x:unknown\":[1,2.50,{\"a\":null}]}");
    String before = a.toJson();
    AsObject b = a.toBuilder().set("content", "changed").remove("x:unknown").build();
    assertEquals(before, a.toJson());
    assertEquals("{\"type\":\"Note\",\"id\":\"https://e.x/1\",\"content\":\"changed\"}", b.toJson());
    assertTrue(a.toJson().contains("2.50"), "numbers are written back as they were read");
  }
}
