package social.kith.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import social.kith.core.ErrorCode;
import social.kith.core.KithException;
import social.kith.crypto.CryptoException;

/**
 * The {@code kith} command. Data goes to stdout, progress and diagnostics to stderr; exit codes are
 * those of {@link ExitCode}.
 */
@Command(
    name = "kith",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Kith: one SDK for the fediverse (ActivityPub) and Secure Scuttlebutt.",
    subcommands = {DemoCommand.class, KeysCommand.class, social.kith.cli.ap.ApCommand.class,
        social.kith.cli.ssb.SsbCommand.class, ExportCommand.class,
        CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  the command ran and its verdict is negative (e.g. a check failed)",
      "  2  bad input or usage (one line on stderr says what)",
      "  3  a network or peer failure",
      " 70  an internal error (a bug in Kith: please report it with the stack trace)",
      "",
      "Data goes to stdout (--json for JSON), progress and diagnostics to stderr; progress bars only on a terminal."
    })
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams and returns the exit code (tests call this). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    String[] exitCodes = cli.getCommandSpec().usageMessage().footer();
    for (CommandLine sub : cli.getSubcommands().values()) {
      withExitCodes(sub, exitCodes);
    }
    cli.setUsageHelpWidth(100); // every command's summary on one line
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((ex, a) -> {
      err.println("kith: " + ex.getMessage() + " (see 'kith --help')");
      return ExitCode.BAD_INPUT;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      err.println("kith: " + oneLine(ex));
      if (exitCodeOf(ex) == ExitCode.INTERNAL) {
        ex.printStackTrace(err);
      }
      return exitCodeOf(ex);
    });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Gives every (sub)command without a footer of its own the exit-code table of {@code kith --help}. */
  private static void withExitCodes(CommandLine cmd, String[] exitCodes) {
    if (cmd.getCommandSpec().usageMessage().footer().length == 0) {
      cmd.getCommandSpec().usageMessage().footerHeading("%nExit codes:%n").footer(exitCodes);
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      withExitCodes(sub, exitCodes);
    }
  }

  static int exitCodeOf(Throwable ex) {
    if (ex instanceof KithException k) {
      return k.code() == ErrorCode.Standard.NETWORK_FAILURE ? ExitCode.NETWORK : ExitCode.BAD_INPUT;
    }
    if (ex instanceof CryptoException || ex instanceof IllegalArgumentException
        || ex instanceof java.nio.file.NoSuchFileException) {
      return ExitCode.BAD_INPUT;
    }
    if (ex instanceof java.net.ConnectException || ex instanceof java.net.SocketTimeoutException) {
      return ExitCode.NETWORK;
    }
    return ExitCode.INTERNAL;
  }

  private static String oneLine(Throwable ex) {
    String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    return m.replace('\n', ' ');
  }

  /** The version, from the jar's manifest or the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"kith " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
