package social.kith.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import social.kith.core.testing.Eventually;

/** One example's {@code run(args, out, err)} on its own thread, with stdout and stderr captured. */
final class ExampleRun implements AutoCloseable {
  /** An example entry point: {@code static int run(String[], PrintStream, PrintStream)}. */
  @FunctionalInterface
  interface Entry {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final AtomicInteger exit = new AtomicInteger(Integer.MIN_VALUE);
  private final Thread thread;

  private ExampleRun(Entry entry, String... args) {
    PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    thread = new Thread(() -> exit.set(entry.run(args, out, err)), "example");
    thread.setDaemon(true);
    thread.start();
  }

  static ExampleRun start(Entry entry, String... args) {
    return new ExampleRun(entry, args);
  }

  /** Runs to the end on the calling thread. */
  static ExampleRun complete(Entry entry, String... args) {
    ExampleRun r = new ExampleRun(entry, args);
    r.awaitExit(Duration.ofSeconds(90));
    return r;
  }

  String out() {
    synchronized (outBytes) {
      return outBytes.toString(StandardCharsets.UTF_8);
    }
  }

  String err() {
    synchronized (errBytes) {
      return errBytes.toString(StandardCharsets.UTF_8);
    }
  }

  List<String> outLines() {
    return out().lines().toList();
  }

  /** The value of the first stdout line {@code key=value}, waiting for it. */
  String awaitLine(String key) {
    Eventually.await("a line '" + key + "=' on stdout (stderr: " + err() + ")", Duration.ofSeconds(60),
        () -> line(key).isPresent() || !thread.isAlive());
    return line(key).orElseThrow(() -> new AssertionError("exited " + exit.get() + " without " + key + "=: " + err()));
  }

  private Optional<String> line(String key) {
    return outLines().stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
        .findFirst();
  }

  /** Waits for the example to return and gives its exit code. */
  int awaitExit(Duration timeout) {
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
    if (thread.isAlive()) {
      throw new AssertionError("the example still runs after " + timeout + "; stdout: " + out() + " stderr: " + err());
    }
    return exit.get();
  }

  int exitCode() {
    return awaitExit(Duration.ofSeconds(90));
  }

  @Override
  public void close() {
    if (thread.isAlive()) {
      thread.interrupt();
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
