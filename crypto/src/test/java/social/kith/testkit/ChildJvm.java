package social.kith.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on the test class path, for crash tests: it prints one line per acknowledged
 * operation, the test reads them with a deadline and kills the child with SIGKILL at a moment of
 * its choosing. Only complete lines count: a fragment cut by the kill is not an acknowledgement.
 */
public final class ChildJvm implements AutoCloseable {
  /** What {@link #nextLine} returns once the child's stdout has ended. */
  public static final String EOF = "<eof>";

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final long deadline;

  private ChildJvm(Process process, Path stderr, long deadline) {
    this.process = process;
    this.stderr = stderr;
    this.deadline = deadline;
    Thread pump = new Thread(this::pump, "child-jvm-stdout");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Starts {@code java -cp <test class path> mainClass args...} with stdin closed and stderr to
   * {@code stderr}; every {@link #nextLine} must arrive within {@code timeout} of now.
   */
  public static ChildJvm start(Class<?> mainClass, Path stderr, java.time.Duration timeout, String... args) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectError(stderr.toFile())
          .start();
      return new ChildJvm(p, stderr, System.nanoTime() + timeout.toNanos());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM for " + mainClass.getName(), e);
    }
  }

  /** The next complete line of the child's stdout, or {@link #EOF}; fails the test at the deadline. */
  public String nextLine() {
    try {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no output from the child before the deadline (alive=" + process.isAlive()
            + "); stderr: " + stderrText());
      }
      if (line.startsWith("pump failed")) {
        throw new AssertionError(line);
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * SIGKILL, through the process handle: {@code Process.destroyForcibly()} would also close our end
   * of the child's stdout and lose acknowledgements still in the pipe. Waits until it is dead.
   */
  public void kill() {
    process.toHandle().destroyForcibly();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new AssertionError("child did not die");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the child wrote on stderr so far (for failure messages). */
  public String stderrText() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Kills the child if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private void pump() {
    try (InputStream in = process.getInputStream()) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (b == '\n') {
          lines.add(line.toString(StandardCharsets.UTF_8));
          line.reset();
        } else {
          line.write(b);
        }
      }
    } catch (IOException e) {
      lines.add("pump failed: " + e);
    } finally {
      lines.add(EOF);
    }
  }
}
