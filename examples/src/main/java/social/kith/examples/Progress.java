package social.kith.examples;

import java.io.PrintStream;

/**
 * A one-line progress bar on stderr, redrawn in place with {@code \r}, drawn only when stderr is a
 * terminal: piped or redirected, it prints nothing, so logs and files stay clean.
 */
public final class Progress implements AutoCloseable {
  /** Characters of the bar itself. */
  public static final int WIDTH = 30;

  private final PrintStream err;
  private final boolean enabled;
  private final long total;
  private boolean drawn;

  private Progress(PrintStream err, boolean enabled, long total) {
    this.err = err;
    this.enabled = enabled;
    this.total = total;
  }

  /** A bar towards {@code total} (0 or less: unknown, only the count is shown) on {@code err}. */
  public static Progress on(PrintStream err, boolean terminal, long total) {
    return new Progress(err, terminal, total);
  }

  /** True when this JVM's standard streams are attached to an interactive terminal. */
  public static boolean stderrIsTerminal() {
    return System.console() != null;
  }

  /** Redraws the bar at {@code done}, with a short note (e.g. the current page). */
  public void update(long done, String note) {
    if (!enabled) {
      return;
    }
    StringBuilder line = new StringBuilder("\r");
    if (total > 0) {
      int filled = (int) Math.min(WIDTH, done * WIDTH / total);
      line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
          .append(done).append('/').append(total);
    } else {
      line.append(done);
    }
    line.append(' ').append(note.length() > 60 ? note.substring(0, 57) + "..." : note).append("\u001b[K");
    err.print(line);
    err.flush();
    drawn = true;
  }

  /** Ends the bar's line, if one was drawn. */
  @Override
  public void close() {
    if (drawn) {
      err.println();
      err.flush();
      drawn = false;
    }
  }
}
