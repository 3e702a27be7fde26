package social.kith.cli;

/** The exit codes of every {@code kith} command (documented in the README and in {@code kith --help}). */
public final class ExitCode {
  private ExitCode() {}

  /** The command did what was asked. */
  public static final int OK = 0;
  /** The command ran and its verdict is negative (invalid messages found, a check failed). */
  public static final int NEGATIVE = 1;
  /** Bad input or usage; one clear line on stderr says what. */
  public static final int BAD_INPUT = 2;
  /** A network or peer failure. */
  public static final int NETWORK = 3;
  /** A bug in Kith: the stack trace goes to stderr. */
  public static final int INTERNAL = 70;
}
