package social.kith.ssb.shs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import social.kith.testkit.Node;

/**
 * The cross-implementation conformance harness shs1-test@1.1.1 (JS, by the protocol's
 * co-author) against Kith in both roles: 20 good handshakes and 25 misbehaving peers per role.
 */
class Shs1HarnessTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"test-server.js, Shs1TestServer", "test-client.js, Shs1TestClient"})
  void shs1TestPasses(String harness, String mainClass, @TempDir Path dir) throws Exception {
    Path nodeDir = Node.ensureInstalled();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path script = dir.resolve("kith-" + mainClass + ".sh");
    Files.writeString(script, "#!/bin/sh\nexec \"" + java + "\" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k"
        + " -XX:-UsePerfData -cp \"$KITH_TEST_CLASSPATH\" social.kith.ssb.shs." + mainClass + " \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Path log = dir.resolve("harness.log");
    ProcessBuilder pb = new ProcessBuilder(List.of("node",
        nodeDir.resolve("node_modules/shs1-test/" + harness).toString(), script.toString(), "kith-seed-1"))
        .directory(nodeDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("KITH_TEST_CLASSPATH", handshakeClasspath());
    pb.environment().put("FORCE_COLOR", "0");
    Process p = pb.start();
    boolean finished = p.waitFor(150, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(finished, "harness did not finish:\n" + output);
    assertEquals(0, p.exitValue(), "shs1-test " + harness + " failed:\n" + output);
    assertTrue(output.contains("Passed the"), output);
  }

  /** Only what the handshake executables load (Kith's classes and Bouncy Castle): 90 JVMs start faster. */
  static String handshakeClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        // Kith's own outputs (target/classes, target/*.jar in a reactor build, kith-*.jar from a local
        // repository), Bouncy Castle and Caffeine.
        .filter(e -> e.contains(File.separator + "target" + File.separator) || e.endsWith("classes")
            || e.endsWith("classes/") || new File(e).getName().startsWith("kith-") || e.contains("bcprov") || e.contains("caffeine"))
        .collect(Collectors.joining(File.pathSeparator));
  }

}
