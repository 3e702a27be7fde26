package social.kith.testkit;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node helpers: real peers and reference libraries from the npm registry, run on the machine's
 * own Node. {@link #ensureInstalled()} runs {@code npm ci} in {@code node/} once per lockfile
 * (guarded by a file lock, so parallel test JVMs install once). Nothing here skips a test: a missing
 * Node is a failure that says so.
 */
public final class Node {
  private Node() {}

  /** The {@code node/} folder of the repository. */
  public static Path folder() {
    return SharedData.repositoryRoot().resolve("node");
  }

  /** Installs the locked npm packages (node/install.sh: npm ci unless node_modules matches the lockfile). */
  public static synchronized Path ensureInstalled() {
    Path dir = folder();
    try {
      run(dir, List.of("bash", dir.resolve("install.sh").toString()), 600);
    } catch (IOException e) {
      throw new UncheckedIOException("installing the Node helpers in " + dir, e);
    }
    return dir;
  }

  /** Starts {@code node <script> args...} from the node folder, with stderr inherited. */
  public static Proc start(String script, String... args) {
    Path dir = ensureInstalled();
    List<String> cmd = new ArrayList<>();
    cmd.add("node");
    cmd.add(dir.resolve(script).toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      return new Proc(pb.start());
    } catch (IOException e) {
      throw new AssertionError("cannot start node (is Node 20 on the PATH?): " + e.getMessage(), e);
    }
  }

  /**
   * Runs a setup command. Its stdin is closed and its output goes to {@code node/.install.log}: a
   * child that inherited the test JVM's stdin or stdout would corrupt Surefire's fork channel.
   */
  private static void run(Path dir, List<String> cmd, int timeoutSeconds) throws IOException {
    java.io.File log = dir.resolve(".install.log").toFile();
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(dir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
          .start();
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd + " (are Node 20 and npm on the PATH?)", e);
    }
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + " did not finish in " + timeoutSeconds + " s; see " + log);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + cmd, e);
    }
    if (p.exitValue() != 0) {
      List<String> lines = java.nio.file.Files.readAllLines(log.toPath());
      throw new AssertionError(cmd + " failed with exit code " + p.exitValue() + "; last lines of " + log + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
    }
  }

  /**
   * A running Node helper that answers one line on stdout for each line written to its stdin
   * (JSON lines by convention). Closing it ends the process that this object started.
   */
  public static final class Proc implements AutoCloseable {
    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    Proc(Process process) {
      this.process = process;
      this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Writes one request line and reads one response line. */
    public synchronized String call(String line) {
      send(line);
      return readLine();
    }

    /** Writes one line without waiting for an answer. */
    public synchronized void send(String line) {
      try {
        in.write(line);
        in.write('\n');
        in.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("node helper died (exit " + exitCode() + ")", e);
      }
    }

    /** Reads one line of the helper's stdout. */
    public synchronized String readLine() {
      try {
        String line = out.readLine();
        if (line == null) {
          throw new AssertionError("node helper closed its output (exit " + exitCode() + ")");
        }
        return line;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public Process process() {
      return process;
    }

    private String exitCode() {
      try {
        process.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException ignored) {
        // the process may already be gone
      }
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroy();
          if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
