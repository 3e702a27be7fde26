package social.kith.cli.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import social.kith.cli.ExitCode;
import social.kith.testkit.Node;

/** {@code kith ap lookup} against a real Fedify server on loopback, and its exit codes. */
final class ApLookupCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Node.Proc fedify;
  private static String url;
  private static String actor;
  private static String host;

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    fedify = Node.start("fedify-server.mjs");
    JsonNode ready = JSON.readTree(fedify.readLine());
    url = ready.get("url").asText();
    actor = ready.get("actor").asText();
    host = url.substring("http://".length());
  }

  @AfterAll
  static void stop() {
    if (fedify != null) {
      fedify.send("{\"cmd\":\"stop\"}");
      fedify.close();
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ApLookupCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void printsASummaryOfAnActorFoundByUrl() {
    Run r = run(actor, "--insecure-local", "--timeout", "10");
    assertEquals(ExitCode.OK, r.code(), r.err());
    assertTrue(r.out().startsWith("Person  " + actor), r.out());
    assertTrue(r.out().contains("inbox:     " + actor + "/inbox"), r.out());
    assertTrue(r.out().contains("key:       " + actor + "#main-key (RSA"), r.out());
  }

  @Test
  void printsTheJsonOfAnActorFoundByHandle() throws Exception {
    Run r = run("@alice@" + host, "--json", "--insecure-local", "--timeout", "10");
    assertEquals(ExitCode.OK, r.code(), r.err());
    JsonNode doc = JSON.readTree(r.out());
    assertEquals(actor, doc.get("id").asText());
    assertEquals("Person", doc.get("type").asText());
  }

  @Test
  void aBadHandleIsOneLineOnStderrAndExitTwo() {
    for (String bad : new String[] {"alice", "@a@b@c", "@al ice@example.com", "ftp://example.com/"}) {
      Run r = run(bad, "--timeout", "2");
      assertEquals(ExitCode.BAD_INPUT, r.code(), bad + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("kith ap lookup: "), r.err());
      assertEquals("", r.out());
    }
  }

  @Test
  void aLoopbackUrlWithoutTheInsecureSwitchIsBadInputWithAHint() {
    Run r = run(actor, "--timeout", "2");
    assertEquals(ExitCode.BAD_INPUT, r.code());
    assertTrue(r.err().contains("--insecure-local"), r.err());
  }

  @Test
  void aNetworkFailureIsExitThree() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    Run r = run("http://127.0.0.1:" + closedPort + "/users/x", "--insecure-local", "--timeout", "2");
    assertEquals(ExitCode.NETWORK, r.code(), r.err());
    assertTrue(r.err().contains("CONNECTION_FAILED"), r.err());
    Run missing = run("@nobody@" + host, "--insecure-local", "--timeout", "5");
    assertEquals(ExitCode.NETWORK, missing.code(), missing.err());
    assertFalse(missing.err().isBlank());
  }

  @Test
  void remoteTextCannotDriveTheTerminal() {
    String shown = ApLookupCommand.safe("a \u001b[31mred\n\u202eb");
    assertEquals("a  [31mred  b", shown, "escape, newline and bidi override are blanked");
    assertTrue(shown.chars().noneMatch(Character::isISOControl));
    assertTrue(ApLookupCommand.safe("x".repeat(1000)).length() <= 303);
  }
}
