package social.kith.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The helpers the examples share: {@link Args}' {@code --help} and {@code --base-url}, and {@link Wait}. */
class ArgsTest {
  private static Args parse(String... argv) {
    return Args.parse(argv, Set.of("--base-url"), Set.of("--insecure-local"));
  }

  @Test
  void helpPrintsTheUsageOnlyWhenAskedFor() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertFalse(Args.help(new String[] {"--once"}, print, "Usage: X"));
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertTrue(Args.help(new String[] {"--once", "--help"}, print, "Usage: X"));
    assertEquals("Usage: X" + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theBaseUrlIsHttpsUnlessInsecureLocalWhichAlsoMakesItOptional() {
    assertEquals(Optional.of(URI.create("https://bot.example")), parse("--base-url", "https://bot.example").baseUrl());
    assertEquals(Optional.of(URI.create("http://127.0.0.1:8080")),
        parse("--base-url", "http://127.0.0.1:8080", "--insecure-local").baseUrl());
    assertEquals(Optional.empty(), parse("--insecure-local").baseUrl());

    Args.UsageException missing = assertThrows(Args.UsageException.class, () -> parse().baseUrl());
    assertTrue(missing.getMessage().startsWith("give --base-url https://"), missing.getMessage());
    Args.UsageException plain = assertThrows(Args.UsageException.class,
        () -> parse("--base-url", "http://bot.example").baseUrl());
    assertEquals("--base-url must be https (plain http needs --insecure-local)", plain.getMessage());
    Args.UsageException malformed = assertThrows(Args.UsageException.class,
        () -> parse("--base-url", "https://bot example", "--insecure-local").baseUrl());
    assertEquals("--base-url is not a URL: https://bot example", malformed.getMessage());
  }

  @Test
  void nextTakesWhatIsQueuedAndWithOnceGivesUpAtTheDeadline() throws InterruptedException {
    LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    queue.add("first");
    assertEquals("first", Wait.next(queue, true, System.nanoTime()), "a queued item comes even at the deadline");
    assertNull(Wait.next(queue, true, System.nanoTime() - 1), "nothing queued and the deadline passed");
    queue.add("second");
    assertEquals("second", Wait.next(queue, false, System.nanoTime() - 1), "without once there is no deadline");
  }

  @Test
  void untilPollsTheConditionAndStopsAtTheDeadlineOrAnInterrupt() {
    AtomicInteger polls = new AtomicInteger();
    assertTrue(Wait.until(() -> polls.incrementAndGet() >= 3, System.nanoTime() + Duration.ofSeconds(60).toNanos(),
        Duration.ofMillis(1)));
    assertEquals(3, polls.get(), "polled until the condition held");

    assertFalse(Wait.until(() -> false, System.nanoTime() - 1, Duration.ofMillis(1)));

    Thread.currentThread().interrupt();
    try {
      assertFalse(Wait.until(() -> false, System.nanoTime() + Duration.ofSeconds(60).toNanos(), Duration.ofMillis(1)));
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
    } finally {
      Thread.interrupted();
    }
    assertTrue(Wait.until(() -> true, System.nanoTime() - 1, Duration.ofMillis(1)), "a condition that holds wins");
  }
}
