package social.kith.cli.ssb;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kith ssb}: the Secure Scuttlebutt commands. */
@Command(name = "ssb", mixinStandardHelpOptions = true,
    description = "Secure Scuttlebutt: make keys, verify messages, run a peer, replicate and export feeds.",
    subcommands = {SsbKeygenCommand.class, SsbVerifyCommand.class, SsbServeCommand.class,
        SsbReplicateCommand.class, SsbExportCommand.class})
public final class SsbCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required (see 'kith ssb --help')");
  }
}
