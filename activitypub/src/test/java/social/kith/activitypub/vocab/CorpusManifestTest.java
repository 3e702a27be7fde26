package social.kith.activitypub.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import social.kith.core.model.Post;
import social.kith.testkit.SharedData;

/**
 * Every ActivityPub document of the shared corpus parses and maps with the facts its MANIFEST.tsv
 * row lists (corrected by {@code ap-corpus-overrides.tsv}, each correction with its reason).
 */
final class CorpusManifestTest {
  private static final ApMapper MAPPER = ApMapper.withClock(InstantSource.fixed(Instant.parse("2024-01-01T00:00:00Z")));

  static Stream<Arguments> rows() throws IOException {
    Map<String, Map<String, String>> overrides = overrides();
    List<Arguments> out = new ArrayList<>();
    for (Map<String, String> row : manifest()) {
      if (row.get("file").startsWith("payloads/")) {
        Map<String, String> r = new HashMap<>(row);
        r.putAll(overrides.getOrDefault(row.get("file"), Map.of()));
        out.add(Arguments.of(row.get("file"), r));
      }
    }
    return out.stream();
  }

  static List<Map<String, String>> manifest() throws IOException {
    List<String> lines = Files.readAllLines(SharedData.path("ap-corpus/MANIFEST.tsv"), StandardCharsets.UTF_8);
    String[] header = lines.get(0).split("\t", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], i < cells.length ? cells[i] : "");
      }
      rows.add(row);
    }
    return rows;
  }

  static Map<String, Map<String, String>> overrides() throws IOException {
    Map<String, Map<String, String>> out = new HashMap<>();
    try (InputStream in = CorpusManifestTest.class.getResourceAsStream("/ap-corpus-overrides.tsv")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] c = line.split("\t", -1);
        if (c.length != 4 || c[3].isBlank()) {
          throw new AssertionError("an override needs file, column, value and a reason: " + line);
        }
        out.computeIfAbsent(c[0], k -> new HashMap<>()).put(c[1], c[2]);
      }
    }
    return out;
  }

  @Test
  void theCorpusHasPayloadsToCheck() throws IOException {
    assertTrue(rows().count() >= 100, "expected the whole corpus, found " + rows().count());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void parsesAndMapsWithTheManifestFacts(String file, Map<String, String> row) throws IOException {
    byte[] bytes = Files.readAllBytes(SharedData.path("ap-corpus/" + file));
    AsObject doc = AsParser.DEFAULT.parse(bytes);
    Mapped mapped = MAPPER.map(doc);

    assertEquals(row.get("as_type"), doc.type().orElse(""), "type");
    assertEquals(row.get("id"), doc.id().orElse(""), "id");
    String kind = row.get("kind");
    String who;
    if (kind.equals("activity")) {
      who = doc.actor().stream().map(Ref::id).flatMap(Optional::stream).findFirst().orElse("");
      assertTrue(mapped instanceof MappedActivity, "an activity maps to an activity: " + mapped.getClass());
      assertEquals(who, ((MappedActivity) mapped).actor().value(), "mapped actor");
    } else if (kind.equals("actor")) {
      who = "";
      assertTrue(mapped instanceof MappedActor, "an actor maps to an identity: " + mapped.getClass());
      assertEquals(row.get("id"), ((MappedActor) mapped).identity().id().value());
    } else {
      who = doc.attributedTo().stream().map(Ref::id).flatMap(Optional::stream).collect(Collectors.joining("|"));
    }
    assertEquals(row.get("actor_or_attributedTo"), who, "actor_or_attributedTo");

    // The chain of embedded objects ("list[n]" in the manifest is "list" plus a size).
    String expectedChain = row.get("object_type");
    List<String> chain = doc.chain();
    String actual = String.join(">", chain.subList(1, chain.size()));
    if (expectedChain.matches(".*list\\[\\d+\\]$")) {
      int n = Integer.parseInt(expectedChain.replaceAll(".*list\\[(\\d+)\\]$", "$1"));
      expectedChain = expectedChain.replaceAll("list\\[\\d+\\]$", "list");
      assertEquals(n, doc.object().size(), "object array size");
    }
    if (kind.equals("activity")) {
      assertEquals(expectedChain, actual, "chain");
    }

    Optional<MappedPost> post = mapped instanceof MappedPost p ? Optional.of(p)
        : mapped instanceof MappedActivity a ? a.post() : Optional.empty();
    Optional<MappedActor> actor = mapped instanceof MappedActor a ? Optional.of(a)
        : mapped instanceof MappedActivity a2 ? a2.subjectActor() : Optional.empty();

    String attachments = row.get("attachments");
    if (attachments.startsWith("fields=")) {
      MappedActor a = actor.orElseGet(() -> fail("fields are listed but no actor was mapped"));
      assertEquals(attachments, "fields=" + a.fields().size() + "/" + a.attachmentCount(), "profile fields");
      assertEquals(count(row, "hashtags"), a.hashtags().size(), "hashtags");
      assertEquals(count(row, "emoji"), a.emoji().size(), "emoji");
    } else if (post.isPresent()) {
      Post p = post.get().post();
      assertEquals(row.get("inReplyTo"), p.inReplyTo().map(x -> x.value()).orElse(""), "inReplyTo");
      assertEquals(count(row, "attachments"), p.attachments().size(), "attachments");
      assertEquals(count(row, "mentions"), p.mentions().size(), "mentions");
      assertEquals(count(row, "hashtags"), p.hashtags().size(), "hashtags");
      assertEquals(count(row, "emoji"), post.get().emoji().size(), "emoji");
      String cw = row.get("cw");
      boolean hasCw = p.contentWarning().isPresent();
      switch (cw) {
        case "summary" -> assertTrue(hasCw && !p.sensitive(), "summary without sensitive");
        case "summary+sensitive" -> assertTrue(hasCw && p.sensitive(), "summary and sensitive");
        case "sensitive-only" -> assertTrue(!hasCw && p.sensitive(), "sensitive without summary");
        default -> assertTrue(!hasCw, "no content warning expected, got " + p.contentWarning());
      }
      String language = row.get("language");
      if (language.startsWith("@")) {
        assertEquals(Optional.of(language.substring(1)), doc.contextLanguage(), "@language");
        assertEquals(Optional.empty(), p.language(), "'und' is no language");
      } else {
        assertEquals(language.isEmpty() ? Optional.empty() : Optional.of(language), p.language(), "language");
      }
      assertEquals(post.get().source().id().orElse(p.id().value()), p.id().value());
      assertEquals(post.get().source().id().isEmpty(), post.get().anonymous());
      assertTrue(p.nativeDocument().isPresent(), "the native document is kept");
    } else {
      for (String c : List.of("attachments", "mentions", "hashtags", "emoji")) {
        assertEquals(0, count(row, c), c + " are listed but no post was mapped");
      }
      assertEquals("", row.get("inReplyTo"), "inReplyTo is listed but no post was mapped");
      String language = row.get("language");
      if (language.startsWith("@")) {
        assertEquals(Optional.of(language.substring(1)), doc.contextLanguage(), "@language");
      } else {
        assertEquals("", language, "a language is listed but no post was mapped");
      }
    }
    assertFalse(mapped.source().toJson().isEmpty());
  }

  private static int count(Map<String, String> row, String column) {
    String v = row.get(column);
    return v.isEmpty() ? 0 : Integer.parseInt(v);
  }
}
