package social.kith.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every example answers {@code --help} on stdout with exit 0 and names each option it accepts. */
class ExampleHelpTest {
  @Test
  void everyExamplePrintsItsUsage() {
    Map<String, ExampleRun.Entry> examples = Map.of(
        "ApReplyBot", ApReplyBot::run,
        "SsbMentionBot", SsbMentionBot::run,
        "Bridge", Bridge::run,
        "JettyActor", JettyActor::run,
        "Crawler", (a, out, err) -> Crawler.run(a, out, err, false));
    examples.forEach((name, entry) -> {
      ExampleRun run = ExampleRun.complete(entry, "--help");
      assertEquals(Args.OK, run.exitCode(), name);
      assertTrue(run.out().startsWith("Usage: " + name + " "), run.out());
      assertTrue(run.out().contains("--once"), run.out());
      assertEquals("", run.err(), name);
    });
  }
}
