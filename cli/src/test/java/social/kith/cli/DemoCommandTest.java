package social.kith.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the whole demo in-process: real servers and peers on 127.0.0.1, counts from the verifiers. */
class DemoCommandTest {
  @Test
  void theHumanStoryShowsBothNetworks_andTheTemporaryFolderIsRemoved() {
    CliRun run = CliRun.of("demo");
    assertEquals(ExitCode.OK, run.exitCode(), run.err() + run.out());
    String out = run.out();
    assertTrue(out.contains("alice's merged home timeline"), out);
    assertTrue(out.contains("activitypub") && out.contains("ssb"), out);
    assertTrue(out.contains(".ed25519"), out);
    assertTrue(out.contains("verified HTTP signatures"), out);
    assertTrue(out.contains("messages replicated"), out);
    assertTrue(out.contains("boost refused before sending"), "SSB's missing SHARE is stated, not dropped: " + out);
    assertTrue(out.contains("ssb         bob    [direct]"), "bob's private message, opened by alice: " + out);
    // the demo compares bob's fetched bytes with alice's picture itself and fails otherwise
    assertTrue(out.contains("activitypub picture fetched: image/png, 93 bytes, 16x16"), out);
    assertTrue(out.contains("ssb         picture fetched: image/png, 93 bytes, 16x16"), out);
    Matcher m = Pattern.compile("data in (\\S+)").matcher(out);
    assertTrue(m.find(), out);
    assertFalse(Files.exists(Path.of(m.group(1))), "the demo folder is removed without --keep");
  }

  @Test
  void jsonSummary_countsArePositiveAndConsistent_andKeepLeavesTheFolder(@TempDir Path tmp) {
    Path dir = tmp.resolve("demo-data");
    CliRun run = CliRun.of("demo", "--json", "--keep", "--data", dir.toString());
    assertEquals(ExitCode.OK, run.exitCode(), run.err() + run.out());
    String json = run.out().strip();
    assertTrue(json.startsWith("{") && json.endsWith("}") && json.lines().count() == 1, json);
    long verified = 0;
    long sent = 0;
    for (String who : new String[] {"alice", "bob"}) {
      String ap = section(json, "activitypub", who);
      long v = number(ap, "signaturesVerified");
      long s = number(ap, "deliveriesSent");
      assertTrue(v > 0 && s > 0, who + ": " + ap);
      assertEquals(0, number(ap, "deliveriesRefused"), ap);
      assertEquals(0, number(ap, "deliveriesFailed"), ap);
      assertEquals(v, number(ap, "activitiesProcessed"), "every verified delivery was acted on: " + ap);
      verified += v;
      sent += s;
    }
    assertEquals(sent, verified, "every delivery one server sent was verified by the other's inbox: " + json);
    String aliceSsb = section(json, "ssb", "alice");
    String bobSsb = section(json, "ssb", "bob");
    for (String peer : new String[] {aliceSsb, bobSsb}) {
      assertTrue(number(peer, "messagesReplicated") > 0, peer);
      assertEquals(0, number(peer, "messagesRejected"), peer);
    }
    assertEquals(number(bobSsb, "ownFeedLength"), number(aliceSsb, "messagesReplicated"),
        "alice's replicator stored bob's whole feed, each message once: " + json);
    assertEquals(number(aliceSsb, "ownFeedLength"), number(bobSsb, "messagesReplicated"), json);
    assertTrue(json.contains("\"visibility\":\"direct\""), json);
    assertTrue(Files.isDirectory(dir.resolve("alice/activitypub/actors/alice")), "--keep leaves the data");
    assertTrue(Files.isDirectory(dir.resolve("bob/ssb/store")));
    assertTrue(run.err().contains("data kept in"), run.err());
  }

  @Test
  void aFolderThatIsNotEmptyIsRefused(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("precious.txt"), "mine");
    CliRun run = CliRun.of("demo", "--data", tmp.toString());
    assertEquals(ExitCode.BAD_INPUT, run.exitCode());
    assertTrue(run.err().contains("new or empty"), run.err());
    assertEquals("mine", Files.readString(tmp.resolve("precious.txt")), "nothing touched");
  }

  /** The object {@code "group":{... "who":{...} ...}} of the JSON summary. */
  static String section(String json, String group, String who) {
    int g = json.indexOf("\"" + group + "\":{");
    assertTrue(g >= 0, group + " missing in " + json);
    int w = json.indexOf("\"" + who + "\":{", g);
    assertTrue(w >= 0, who + " missing in " + json);
    return json.substring(w, json.indexOf('}', w) + 1);
  }

  static long number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
    assertTrue(m.find(), field + " missing in " + json);
    return Long.parseLong(m.group(1));
  }
}
