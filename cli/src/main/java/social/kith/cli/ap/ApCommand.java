package social.kith.cli.ap;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kith ap}: the ActivityPub commands. */
@Command(name = "ap", mixinStandardHelpOptions = true,
    description = "ActivityPub: parse documents, look up actors and objects, serve an actor.",
    subcommands = {ApParseCommand.class, ApLookupCommand.class, ApServeCommand.class})
public final class ApCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required (see 'kith ap --help')");
  }
}
