package social.kith.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Pem;

class KeysCommandTest {
  @Test
  void ed25519KeyGoesToA0600FileAndOnlyThePublicPartIsPrinted(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("alice.pem");
    CliRun run = CliRun.of("keys", "generate", "--out", file.toString());
    assertEquals(ExitCode.OK, run.exitCode(), run.err());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String pem = Files.readString(file);
    assertFalse(run.out().contains("PRIVATE KEY"), run.out());
    byte[] seed = Pem.ed25519PrivateKeySeed(pem);
    String ssbId = run.out().lines().filter(l -> l.startsWith("ssbId: ")).findFirst().orElseThrow();
    String expected = "@" + java.util.Base64.getEncoder().encodeToString(Ed25519.fromSeed(seed).publicKey().bytes())
        + ".ed25519";
    assertEquals("ssbId: " + expected, ssbId);
  }

  @Test
  void refusesToOverwriteAndLeavesTheFileAlone(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("existing.pem");
    Files.writeString(file, "keep me");
    CliRun run = CliRun.of("keys", "generate", "--out", file.toString());
    assertEquals(ExitCode.BAD_INPUT, run.exitCode());
    assertTrue(run.err().contains("refusing to overwrite"), run.err());
    assertEquals("keep me", Files.readString(file));
  }

  @Test
  void unknownTypeAndBadBitsAreUsageErrors() {
    assertEquals(ExitCode.BAD_INPUT, CliRun.of("keys", "generate", "--type", "dsa").exitCode());
    assertEquals(ExitCode.BAD_INPUT, CliRun.of("keys", "generate", "--type", "rsa", "--bits", "1024").exitCode());
  }

  @Test
  void jsonOutputForEcdsa() {
    CliRun run = CliRun.of("keys", "generate", "--type", "ecdsa-p256", "--json");
    assertEquals(ExitCode.OK, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("{\"type\":\"ecdsa-p256\",\"publicKeyPem\":\"-----BEGIN PUBLIC KEY-----"), run.out());
  }
}
