package social.kith.cli;

import java.io.PrintWriter;

/**
 * A one-line progress indicator on stderr for long work ({@code ssb replicate}, {@code export}),
 * redrawn in place and drawn only when stderr is a terminal, so piped output and logs stay clean.
 */
public final class Progress implements AutoCloseable {
  /** Characters of the bar when the total is known. */
  public static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean enabled;
  private final long total;
  private boolean drawn;

  private Progress(PrintWriter err, boolean enabled, long total) {
    this.err = err;
    this.enabled = enabled;
    this.total = total;
  }

  /** A bar towards {@code total} (0 or less: unknown, only the count is shown); silent unless {@code terminal}. */
  public static Progress on(PrintWriter err, boolean terminal, long total) {
    return new Progress(err, terminal, total);
  }

  /** True when this JVM runs attached to an interactive terminal. */
  public static boolean terminal() {
    return System.console() != null;
  }

  /** Redraws the line at {@code done} with a short note. */
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
    line.append(' ').append(note.length() > 70 ? note.substring(0, 67) + "..." : note).append("\u001b[K");
    synchronized (err) {
      err.print(line);
      err.flush();
    }
    drawn = true;
  }

  /** Ends the line if anything was drawn. */
  @Override
  public void close() {
    if (drawn) {
      synchronized (err) {
        err.println();
        err.flush();
      }
      drawn = false;
    }
  }
}
