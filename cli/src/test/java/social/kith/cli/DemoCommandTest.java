package social.kith.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @Test
  void demoRunsAndEveryCheckPasses() {
    CliRun run = CliRun.of("demo", "--json");
    assertEquals(ExitCode.OK, run.exitCode(), run.err());
    assertEquals(2, number(run.out(), "signaturesMade"));
    assertEquals(2, number(run.out(), "signaturesVerified"));
    assertEquals(2, number(run.out(), "forgeriesRejected"));
    assertEquals(1, number(run.out(), "privateMessagesOpened"));
    assertEquals(2, number(run.out(), "logRecordsReverified"));
  }

  @Test
  void humanOutputNamesBothProtocolsAndStripsScripts() {
    CliRun run = CliRun.of("demo");
    assertEquals(ExitCode.OK, run.exitCode(), run.err());
    assertTrue(run.out().contains("Secure Scuttlebutt"), run.out());
    assertTrue(run.out().contains("ActivityPub"), run.out());
    assertTrue(run.out().contains(".ed25519"), run.out());
    assertFalse(run.out().contains("<script"), run.out());
  }

  @Test
  void keepLeavesTheDataFolder(@TempDir Path tmp) {
    Path dir = tmp.resolve("demo-data");
    CliRun run = CliRun.of("demo", "--data", dir.toString(), "--keep");
    assertEquals(ExitCode.OK, run.exitCode(), run.err());
    assertTrue(Files.isRegularFile(dir.resolve("demo.log")));
    assertTrue(run.err().contains("data kept in"), run.err());
  }

  @Test
  void theTemporaryFolderIsRemovedWithoutKeep() {
    CliRun run = CliRun.of("demo");
    Matcher m = Pattern.compile("runs locally, in (\\S+)").matcher(run.out());
    assertTrue(m.find(), run.out());
    assertFalse(Files.exists(Path.of(m.group(1))), "demo folder should be removed");
  }

  private static long number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
    assertTrue(m.find(), field + " missing in " + json);
    return Long.parseLong(m.group(1));
  }
}
