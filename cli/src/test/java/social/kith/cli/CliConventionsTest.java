package social.kith.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The conventions every {@code kith} command follows: listed with a summary in {@code kith --help},
 * {@code --json} on every command that prints data, the exit codes in every help footer, and one
 * line on stderr with exit code 2 for bad input.
 */
class CliConventionsTest {
  @TempDir
  Path tmp;

  /** Every command below {@code kith}, as "ap parse", with its picocli model. */
  private static Map<String, CommandLine> leaves() {
    Map<String, CommandLine> out = new java.util.TreeMap<>();
    collect("", new CommandLine(new Main()), out);
    return out;
  }

  private static void collect(String prefix, CommandLine cmd, Map<String, CommandLine> out) {
    for (Map.Entry<String, CommandLine> e : cmd.getSubcommands().entrySet()) {
      String name = (prefix + " " + e.getKey()).strip();
      if (e.getValue().getSubcommands().isEmpty()) {
        out.put(name, e.getValue());
      } else {
        collect(name, e.getValue(), out);
      }
    }
  }

  @Test
  void helpListsEveryTopLevelCommandWithAOneLineSummary() {
    CliRun run = CliRun.of("--help");
    assertEquals(ExitCode.OK, run.exitCode());
    for (String command : new CommandLine(new Main()).getSubcommands().keySet()) {
      Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(command) + "\\s{2,}(\\S.*)$").matcher(run.out());
      assertTrue(m.find(), "kith --help lists " + command + " with a summary:\n" + run.out());
      assertTrue(m.group(1).length() > 10, command + ": " + m.group(1));
    }
    assertTrue(run.out().contains("export"), run.out());
    assertTrue(run.out().contains("  3  a network or peer failure"), run.out());
  }

  @Test
  void everyCommandThatPrintsDataHasJsonAndEveryHelpHasTheExitCodes() {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, CommandLine> e : leaves().entrySet()) {
      if (e.getKey().equals("help")) {
        continue; // prints help text, not data
      }
      if (e.getValue().getCommandSpec().findOption("--json") == null) {
        missing.add(e.getKey());
      }
      CliRun help = CliRun.of((e.getKey() + " --help").split(" "));
      assertEquals(ExitCode.OK, help.exitCode(), e.getKey());
      String flat = help.out().replaceAll("\\s+", " ");
      assertTrue(flat.contains("Exit codes") && flat.contains(" 2 "), e.getKey() + ":\n" + help.out());
    }
    assertEquals(List.of(), missing, "commands without --json");
  }

  @Test
  void badInputIsOneLineOnStderrAndExit2() throws Exception {
    Path notJson = Files.writeString(tmp.resolve("bad.json"), "{not json");
    List<String[]> cases = List.of(
        new String[] {"export"},
        new String[] {"export", "--ssb-data", tmp.resolve("nothing").toString()},
        new String[] {"export", "--ap-data", tmp.toString(), "--limit", "-1"},
        new String[] {"ssb", "export", "--data", tmp.toString(), "--feed", "@nope"},
        new String[] {"ssb", "replicate", "not-an-address", "--data", tmp.resolve("r").toString()},
        new String[] {"ssb", "verify", tmp.resolve("missing.jsonl").toString()},
        new String[] {"ap", "parse", notJson.toString()},
        new String[] {"ap", "parse", tmp.resolve("missing.json").toString()},
        new String[] {"keys", "generate", "--type", "dsa"},
        new String[] {"ssb", "serve", "--data", tmp.resolve("s").toString(), "--port", "99999"});
    for (String[] args : cases) {
      CliRun run = CliRun.of(args);
      String what = String.join(" ", args);
      assertEquals(ExitCode.BAD_INPUT, run.exitCode(), what + ": " + run.err());
      assertEquals(1, run.err().strip().lines().count(), what + ": " + run.err());
      assertTrue(run.err().startsWith("kith"), what + ": " + run.err());
      assertEquals("", run.out(), what);
    }
    assertTrue(Files.notExists(tmp.resolve("nothing")), "nothing was created");
    assertTrue(Files.notExists(tmp.resolve("s").resolve("store")), "no store was created for a bad port");
  }

  @Test
  void theProgressLineIsDrawnOnlyOnATerminal() {
    StringWriter quiet = new StringWriter();
    try (Progress p = Progress.on(new PrintWriter(quiet, true), false, 10)) {
      p.update(5, "half");
    }
    assertEquals("", quiet.toString());

    StringWriter tty = new StringWriter();
    try (Progress p = Progress.on(new PrintWriter(tty, true), true, 10)) {
      p.update(5, "half");
      p.update(10, "done");
    }
    assertEquals("\r[###############...............] 5/10 half\u001b[K\r[##############################] 10/10 done"
        + "\u001b[K" + System.lineSeparator(), tty.toString());

    StringWriter open = new StringWriter();
    try (Progress p = Progress.on(new PrintWriter(open, true), true, 0)) {
      p.update(42, "messages");
    }
    assertTrue(open.toString().startsWith("\r42 messages"), open.toString());
  }
}
