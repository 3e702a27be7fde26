package social.kith.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.adapter.ApAdapter;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.core.Kith;
import social.kith.core.model.PostDraft;
import social.kith.ssb.adapter.SsbAdapter;

/** {@code kith export} over an ActivityPub and an SSB data folder written by the adapters. */
class ExportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  private static Path ap;
  private static Path ssb;
  private static String ssbFeed;
  private static String actor;
  /** Texts in publication order; every post is one second after the previous one. */
  private static final List<String> published = new ArrayList<>();

  @BeforeAll
  static void writeTwoDataFolders() {
    ap = dir.resolve("ap");
    ssb = dir.resolve("ssb");
    AtomicLong tick = new AtomicLong();
    InstantSource clock = () -> Instant.parse("2026-01-01T00:00:00Z").plusSeconds(tick.incrementAndGet());
    ApAdapter apAdapter = ApAdapter.builder().dataDir(ap).actorName("alice")
        .fetchPolicy(FetchPolicy.builder().insecureAllowLoopbackForTesting().build()).build();
    SsbAdapter ssbAdapter = SsbAdapter.open(ssb);
    actor = apAdapter.actorUrl("alice").toString();
    ssbFeed = ssbAdapter.feedId().toString();
    try (Kith onAp = Kith.builder().adapter(apAdapter).identity(apAdapter.localIdentity("alice")).clock(clock).build();
        Kith onSsb = Kith.builder().adapter(ssbAdapter).identity(ssbAdapter.localIdentity()).clock(clock).build()) {
      for (int i = 0; i < 3; i++) {
        onAp.publish(PostDraft.ofText("fediverse " + i));
        published.add("fediverse " + i);
        onSsb.publish(PostDraft.builder().text("scuttlebutt " + i).hashtag("kith").build());
        published.add("scuttlebutt " + i);
      }
    }
  }

  private static List<JsonNode> lines(String out) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String l : out.lines().toList()) {
      nodes.add(JSON.readTree(l));
    }
    return nodes;
  }

  @Test
  void mergesBothFoldersNewestFirst() throws Exception {
    CliRun run = CliRun.of("export", "--ap-data", ap.toString(), "--ssb-data", ssb.toString());
    assertEquals(ExitCode.OK, run.exitCode(), run.err());
    assertEquals("", run.err());
    List<JsonNode> lines = lines(run.out());
    List<String> texts = lines.stream().map(l -> l.path("text").asText()).toList();
    List<String> newestFirst = new ArrayList<>(published);
    java.util.Collections.reverse(newestFirst);
    assertEquals(newestFirst, texts);
    for (JsonNode l : lines) {
      boolean onAp = l.path("protocol").asText().equals("activitypub");
      assertEquals(onAp ? actor : ssbFeed, l.path("author").asText(), l.toString());
      assertEquals("PUBLIC", l.path("visibility").asText());
      assertTrue(Instant.parse(l.path("createdAt").asText()).isAfter(Instant.parse("2026-01-01T00:00:00Z")));
    }
    assertEquals("kith", lines.get(0).path("hashtags").path(0).asText(), lines.get(0).toString());
  }

  @Test
  void oneFeedALimitAndAFile() throws Exception {
    CliRun ssbOnly = CliRun.of("export", "--ap-data", ap.toString(), "--ssb-data", ssb.toString(), "--feed", ssbFeed,
        "--json");
    assertEquals(ExitCode.OK, ssbOnly.exitCode(), ssbOnly.err());
    assertEquals(List.of("scuttlebutt 2", "scuttlebutt 1", "scuttlebutt 0"),
        lines(ssbOnly.out()).stream().map(l -> l.path("text").asText()).toList());

    CliRun apOnly = CliRun.of("export", "--ap-data", ap.toString(), "--feed", actor, "--limit", "2");
    assertEquals(List.of("fediverse 2", "fediverse 1"),
        lines(apOnly.out()).stream().map(l -> l.path("text").asText()).toList());

    Path file = dir.resolve("timeline.jsonl");
    CliRun toFile = CliRun.of("export", "--ssb-data", ssb.toString(), "--out", file.toString());
    assertEquals(ExitCode.OK, toFile.exitCode(), toFile.err());
    assertEquals("", toFile.out());
    assertEquals(3, Files.readAllLines(file).size());
    byte[] before = Files.readAllBytes(file);
    CliRun again = CliRun.of("export", "--ssb-data", ssb.toString(), "--out", file.toString());
    assertEquals(ExitCode.BAD_INPUT, again.exitCode());
    assertTrue(again.err().contains("exists"), again.err());
    assertEquals(new String(before), Files.readString(file), "an existing file is never overwritten");
  }

  @Test
  void aFeedOfTheOtherProtocolOrAFolderWithoutDataIsRefused() throws Exception {
    CliRun wrong = CliRun.of("export", "--ap-data", ap.toString(), "--feed", ssbFeed);
    assertEquals(ExitCode.BAD_INPUT, wrong.exitCode());
    assertTrue(wrong.err().contains("give --ssb-data"), wrong.err());

    Path empty = Files.createDirectories(dir.resolve("empty"));
    CliRun none = CliRun.of("export", "--ssb-data", empty.toString());
    assertEquals(ExitCode.BAD_INPUT, none.exitCode());
    assertEquals(1, none.err().strip().lines().count(), none.err());
    try (var files = Files.list(empty)) {
      assertEquals(0, files.count(), "no secret or store was created");
    }
    CliRun noAp = CliRun.of("export", "--ap-data", empty.toString());
    assertEquals(ExitCode.BAD_INPUT, noAp.exitCode());
    assertTrue(noAp.err().contains("not an ActivityPub data folder"), noAp.err());
  }
}
