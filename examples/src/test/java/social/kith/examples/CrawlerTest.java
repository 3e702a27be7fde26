package social.kith.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.interop.FedifyServer;
import social.kith.activitypub.adapter.ApAdapter;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.PostDraft;
import social.kith.core.spi.AdapterContext;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.peer.SsbPeer;
import social.kith.ssb.peer.SsbServerHarness;
import social.kith.ssb.store.SsbStore;

/**
 * The crawler's {@code --once} passes against a Kith actor's outbox (paged by 20) and a Kith SSB
 * peer on loopback: limits stop a pass cleanly, the next pass resumes without duplicates, a pass
 * after the end finds only what is new, and the progress bar only appears on a terminal.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrawlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int POSTS = 45;

  @TempDir
  static Path shared;

  @TempDir
  Path tmp;

  private static ExecutorService pool;
  private static ApAdapter source;
  private static LocalIdentity author;
  private static final List<String> published = new ArrayList<>();
  private static SsbStore peerStore;
  private static SsbPeer peer;

  @BeforeAll
  static void start() {
    pool = Executors.newCachedThreadPool();
    source = ApAdapter.builder().dataDir(shared.resolve("ap")).actorName("author")
        .fetchPolicy(FetchPolicy.builder().insecureAllowLoopbackForTesting().build()).build();
    source.start(new AdapterContext(e -> { }, Clock.systemUTC(), pool, "crawler-test", Duration.ofSeconds(30)));
    author = source.localIdentity("author");
    for (int i = 0; i < POSTS; i++) {
      published.add(source.publish(author, PostDraft.ofText("post number " + i)).id().value());
    }
    peerStore = SsbStore.open(shared.resolve("ssb/store"));
    peer = SsbPeer.builder(SsbKeyPair.generate(), peerStore, BlobStore.open(shared.resolve("ssb/blobs")))
        .listen("127.0.0.1", 0).build().start();
    for (int i = 0; i < 250; i++) {
      peer.publish(JsonObject.builder().put("type", "post").put("text", "message " + i).build());
    }
  }

  @AfterAll
  static void stop() {
    if (peer != null) {
      peer.close();
    }
    if (peerStore != null) {
      peerStore.close();
    }
    if (source != null) {
      source.close();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private static ExampleRun crawl(boolean terminal, String... args) {
    return ExampleRun.complete((a, out, err) -> Crawler.run(a, out, err, terminal), args);
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      out.add(JSON.readTree(l));
    }
    return out;
  }

  private static Set<String> noteIds(List<JsonNode> lines) {
    Set<String> ids = new HashSet<>();
    lines.forEach(l -> ids.add(l.path("item").path("object").path("id").asText()));
    return ids;
  }

  @Test
  void walksTheOutboxWithinLimitsAndResumesWithoutDuplicates() throws IOException {
    Path out = tmp.resolve("outbox.jsonl");
    String outbox = source.urls().outbox("author").toString();
    ExampleRun first = crawl(false, "--outbox", outbox, "--out", out.toString(), "--insecure-local", "--once",
        "--max-items", "30");
    assertEquals(Args.OK, first.exitCode(), first.err());
    assertEquals("written=30 total=30 stop=MAX_ITEMS", first.out().strip());
    assertEquals(30, noteIds(lines(out)).size());

    ExampleRun second = crawl(false, "--outbox", outbox, "--out", out.toString(), "--insecure-local", "--once");
    assertEquals(Args.OK, second.exitCode(), second.err());
    assertEquals("written=15 total=45 stop=COMPLETE", second.out().strip());
    List<JsonNode> all = lines(out);
    assertEquals(POSTS, all.size());
    assertEquals(Set.copyOf(published), noteIds(all), "every post exactly once");
    for (JsonNode l : all) {
      assertEquals("activitypub", l.path("source").asText());
      assertEquals(outbox, l.path("collection").asText());
      assertEquals(l.path("id").asText(), l.path("item").path("id").asText());
      assertEquals("Create", l.path("item").path("type").asText());
    }

    ExampleRun again = crawl(false, "--outbox", outbox, "--out", out.toString(), "--insecure-local", "--once");
    assertEquals("written=0 total=45 stop=UP_TO_DATE", again.out().strip(), again.err());
    assertEquals(POSTS, lines(out).size());
  }

  @Test
  void maxPagesStopsAPassAndTheActorHandleIsFoundByWebFinger() throws IOException {
    Path out = tmp.resolve("paged.jsonl");
    ExampleRun r = crawl(false, "--actor", "author@" + source.urls().authority(), "--out", out.toString(),
        "--insecure-local", "--once", "--max-pages", "1");
    assertEquals(Args.OK, r.exitCode(), r.err());
    assertEquals("written=20 total=20 stop=MAX_PAGES", r.out().strip());
    assertEquals(20, lines(out).size());
    JsonNode state = JSON.readTree(Files.readString(Path.of(out + ".state.json")));
    assertTrue(state.path("next").asText().endsWith("/users/author/outbox?page=2"), state.toString());
  }

  @Test
  void walksAnSsbFeedFetchedFromAPeerAndEveryLineStillVerifies() throws IOException {
    Path out = tmp.resolve("feed.jsonl");
    String feed = peer.id().toString();
    String address = peer.address().orElseThrow();
    ExampleRun first = crawl(false, "--ssb-feed", feed, "--ssb-peer", address, "--out", out.toString(), "--once",
        "--max-items", "120");
    assertEquals(Args.OK, first.exitCode(), first.err());
    assertEquals("written=120 total=120 stop=MAX_ITEMS", first.out().strip());
    ExampleRun second = crawl(false, "--ssb-feed", feed, "--out", out.toString(), "--once");
    assertEquals("written=130 total=250 stop=COMPLETE", second.out().strip(), second.err());
    ExampleRun third = crawl(false, "--ssb-feed", feed, "--out", out.toString(), "--once");
    assertEquals("written=0 total=250 stop=UP_TO_DATE", third.out().strip(), third.err());

    List<String> raw = Files.readAllLines(out);
    assertEquals(250, raw.size());
    for (int i = 0; i < raw.size(); i++) {
      JsonObject line = (JsonObject) JsonParser.DEFAULT.parse(raw.get(i));
      JsonObject value = (JsonObject) line.get("value").orElseThrow();
      assertEquals(line.get("id").orElseThrow().toString(), "\"" + SsbMessage.idOf(value) + "\"",
          "the value is written with its key order, so its id still matches");
      assertEquals(String.valueOf(i + 1), line.get("sequence").orElseThrow().toString());
    }
  }

  @Test
  void crawlsARealSsbServersFeedAndARealFedifyOutbox() throws Exception {
    try (SsbServerHarness server = new SsbServerHarness()) {
      List<String> published = server.publish(30);
      Path out = tmp.resolve("server.jsonl");
      ExampleRun r = crawl(false, "--ssb-feed", server.id.toString(), "--ssb-peer", server.address, "--out", out.toString(),
          "--once");
      assertEquals(Args.OK, r.exitCode(), r.err());
      assertEquals("written=30 total=30 stop=COMPLETE", r.out().strip());
      List<String> ids = new ArrayList<>();
      for (String raw : Files.readAllLines(out)) {
        JsonObject line = (JsonObject) JsonParser.DEFAULT.parse(raw);
        String id = ((social.kith.ssb.json.JsonString) line.get("id").orElseThrow()).value();
        assertEquals(id, SsbMessage.idOf((JsonObject) line.get("value").orElseThrow()).toString(),
            "ssb-server's message, byte for byte as signed");
        ids.add(id);
      }
      assertEquals(published, ids, "every message, in feed order");
    }
    try (FedifyServer fedify = FedifyServer.start()) {
      Path out = tmp.resolve("fedify.jsonl");
      ExampleRun r = crawl(false, "--actor", fedify.actor().toString(), "--out", out.toString(), "--insecure-local",
          "--once");
      assertEquals(Args.OK, r.exitCode(), r.err());
      assertEquals("written=0 total=0 stop=COMPLETE", r.out().strip(), "Fedify's outbox is empty but well formed");
    }
  }

  @Test
  void theProgressBarIsDrawnOnATerminalOnly() {
    String outbox = source.urls().outbox("author").toString();
    ExampleRun piped = crawl(false, "--outbox", outbox, "--out", tmp.resolve("a.jsonl").toString(),
        "--insecure-local", "--once");
    assertEquals("", piped.err(), "no progress when stderr is not a terminal");
    ExampleRun tty = crawl(true, "--outbox", outbox, "--out", tmp.resolve("b.jsonl").toString(),
        "--insecure-local", "--once", "--max-items", "10");
    assertTrue(tty.err().contains("\r[###############...............] 5/10"), tty.err());
    assertTrue(tty.err().endsWith("\n"), "the bar's line is ended");
    assertEquals("written=10 total=10 stop=MAX_ITEMS", tty.out().strip(), "data stays on stdout");
  }

  @Test
  void aStateFileOfAnotherCrawlOrBadUsageChangesNothing() throws IOException {
    Path out = tmp.resolve("x.jsonl");
    Path state = tmp.resolve("x.state");
    Files.writeString(state, "{\"source\":\"outbox https://elsewhere.example/outbox\",\"next\":\"x\"}");
    byte[] before = Files.readAllBytes(state);
    ExampleRun r = crawl(false, "--outbox", source.urls().outbox("author").toString(), "--state", state.toString(),
        "--out", out.toString(), "--insecure-local", "--once");
    assertEquals(Args.USAGE, r.exitCode());
    assertTrue(r.err().contains("belongs to another crawl"), r.err());
    assertArrayEquals(before, Files.readAllBytes(state));
    assertTrue(Files.notExists(out));

    for (String[] args : List.of(new String[] {"--out", out.toString(), "--once"},
        new String[] {"--out", out.toString(), "--outbox", "https://a.example/o", "--ssb-feed", "@x"},
        new String[] {"--out", out.toString(), "--ssb-feed", "@not-a-feed"},
        new String[] {"--out", out.toString(), "--ssb-feed", peer.id().toString(), "--ssb-peer", "tcp://nope"},
        new String[] {"--out", out.toString(), "--outbox", "https://a.example/o", "--max-items", "0"})) {
      ExampleRun bad = crawl(false, args);
      assertEquals(Args.USAGE, bad.exitCode(), String.join(" ", args));
      assertEquals(1, bad.err().strip().lines().count(), bad.err());
      assertTrue(Files.notExists(out), "nothing written for " + String.join(" ", args));
    }
  }
}
