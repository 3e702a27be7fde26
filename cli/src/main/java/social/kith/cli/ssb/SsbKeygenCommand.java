package social.kith.cli.ssb;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import social.kith.cli.ExitCode;
import social.kith.ssb.SecretFile;
import social.kith.ssb.SsbError;
import social.kith.ssb.SsbException;
import social.kith.ssb.SsbKeyPair;

/**
 * {@code kith ssb keygen [--out FILE]}: a new Ed25519 feed key in the ssb-keys secret file format.
 * With {@code --out} it is written to FILE (mode 0600, parent folders created, an existing file is
 * never overwritten: exit 2) and stdout gets only the new feed id. Without {@code --out} the secret
 * file's text goes to stdout (data goes to stdout), unless stdout is a terminal: then it is refused, so
 * a secret never lands in a scrollback by accident.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = {"Create a new SSB feed key in the ssb-keys secret file format.",
        "With --out: writes FILE (mode 0600, never overwritten) and prints the feed id.",
        "Without --out: prints the secret file to stdout (refused when stdout is a terminal)."})
public final class SsbKeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Where to write the secret, e.g. ~/.ssb/secret (must not exist).")
  Path out;

  @Option(names = "--json", description = "With --out: print {\"id\": ..., \"file\": ...} (without --out the secret file is JSON already).")
  boolean json;

  @Override
  public Integer call() {
    SsbKeyPair keys = SsbKeyPair.generate();
    if (out == null) {
      if (System.console() != null) {
        spec.commandLine().getErr().println(
            "kith ssb keygen: refusing to print a secret to a terminal; use --out FILE or redirect stdout");
        return ExitCode.BAD_INPUT;
      }
      spec.commandLine().getOut().print(SecretFile.format(keys));
      spec.commandLine().getOut().flush();
      return ExitCode.OK;
    }
    try {
      SecretFile.write(out, keys);
    } catch (SsbException e) {
      spec.commandLine().getErr().println(e.code() == SsbError.SECRET_EXISTS
          ? "kith ssb keygen: " + out + " exists; refusing to overwrite a secret"
          : "kith ssb keygen: " + oneLine(e.getMessage()));
      return ExitCode.BAD_INPUT;
    } catch (IOException e) {
      spec.commandLine().getErr().println("kith ssb keygen: cannot write " + out + ": " + oneLine(String.valueOf(e.getMessage())));
      return ExitCode.BAD_INPUT;
    }
    spec.commandLine().getOut().println(json
        ? social.kith.cli.Json.object(java.util.Map.of("id", keys.id().toString(), "file", out.toString()))
        : keys.id().toString());
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ");
  }
}
