package social.kith.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    CliRun run = CliRun.of("--help");
    assertEquals(ExitCode.OK, run.exitCode());
    assertTrue(run.out().contains("demo"), run.out());
    assertTrue(run.out().contains("keys"), run.out());
    assertTrue(run.out().contains("Exit codes"), run.out());
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun run = CliRun.of();
    assertEquals(ExitCode.BAD_INPUT, run.exitCode());
    assertTrue(run.err().contains("a command is required"), run.err());
  }

  @Test
  void unknownCommandGivesOneLineOnStderrAndExit2() {
    CliRun run = CliRun.of("frobnicate");
    assertEquals(ExitCode.BAD_INPUT, run.exitCode());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertEquals("", run.out());
  }

  @Test
  void versionIsPrinted() {
    CliRun run = CliRun.of("--version");
    assertEquals(ExitCode.OK, run.exitCode());
    assertTrue(run.out().startsWith("kith "), run.out());
  }
}
