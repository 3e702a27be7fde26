package social.kith.cli.ssb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import social.kith.cli.Main;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.store.SsbStore;

/** {@code kith ssb serve}, {@code replicate} and {@code export} against each other on loopback. */
class SsbPeerCommandsTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void serveReplicateAndExport() throws Exception {
    Path a = tmp.resolve("a");
    SsbKeyPair ka = SsbServeCommand.keys(a);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.resolve("secret"))));
    List<String> keys = new ArrayList<>();
    try (SsbStore store = SsbStore.open(a.resolve("store"))) {
      FeedPublisher p = FeedPublisher.builder().signer(ka.signer()).build();
      for (int i = 0; i < 20; i++) {
        keys.add(store.append(p.publish(JsonObject.builder().put("type", "post").put("text", "cli " + i).build())).toString());
      }
    }

    SsbServeCommand serve = new SsbServeCommand();
    PipedWriter pipe = new PipedWriter();
    BufferedReader serveOut = new BufferedReader(new PipedReader(pipe));
    CommandLine cl = new CommandLine(serve);
    cl.setOut(new PrintWriter(pipe, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    AtomicInteger exit = new AtomicInteger(-1);
    Thread t = new Thread(() -> exit.set(cl.execute("--data", a.toString(), "--port", "0")), "serve");
    t.start();
    try {
      String address = serveOut.readLine();
      assertTrue(address.startsWith("net:127.0.0.1:"), address);
      assertTrue(address.endsWith("~shs:" + ka.id().toString().substring(1, 45)), address);

      Path b = tmp.resolve("b");
      Run rep = run("ssb", "replicate", address, "--data", b.toString(), "--feed", ka.id().toString());
      assertEquals(0, rep.code(), rep.err());
      assertEquals(List.of(ka.id() + " 20"), rep.lines());
      assertEquals("", rep.err(), "no progress when stderr is not a terminal");

      Run export = run("ssb", "export", "--data", b.toString(), "--feed", ka.id().toString());
      assertEquals(0, export.code(), export.err());
      assertEquals(20, export.lines().size());
      List<String> exported = new ArrayList<>();
      for (String line : export.lines()) {
        JsonObject o = (JsonObject) JsonParser.DEFAULT.parse(line);
        exported.add(((JsonString) o.get("key").orElseThrow()).value());
        assertTrue(o.get("value").orElseThrow() instanceof JsonObject);
      }
      assertEquals(keys, exported, "every message, in sequence order, with its id");

      // without --feed: the follow graph of the data folder's own identity (here: it follows a)
      Path d = tmp.resolve("d");
      SsbKeyPair kd = SsbServeCommand.keys(d);
      try (SsbStore store = SsbStore.open(d.resolve("store"))) {
        store.append(FeedPublisher.builder().signer(kd.signer()).build().publish(JsonObject.builder()
            .put("type", "contact").put("contact", ka.id().toString()).put("following", true).build()));
      }
      Run graph = run("ssb", "replicate", address, "--data", d.toString());
      assertEquals(0, graph.code(), graph.err());
      assertEquals(java.util.Set.of(kd.id() + " 1", ka.id() + " 20"), java.util.Set.copyOf(graph.lines()));

      // a relay: serve --connect dials a and replicates its feed; a third node then gets it from the relay
      Path relayDir = tmp.resolve("relay");
      SsbServeCommand relay = new SsbServeCommand();
      PipedWriter relayPipe = new PipedWriter();
      BufferedReader relayOut = new BufferedReader(new PipedReader(relayPipe));
      CommandLine relayCl = new CommandLine(relay);
      relayCl.setOut(new PrintWriter(relayPipe, true));
      relayCl.setErr(new PrintWriter(new StringWriter(), true));
      AtomicInteger relayExit = new AtomicInteger(-1);
      Thread rt = new Thread(() -> relayExit.set(relayCl.execute("--data", relayDir.toString(), "--port", "0",
          "--follow", ka.id().toString(), "--connect", address)), "relay");
      rt.start();
      try {
        String relayAddress = relayOut.readLine();
        Path c = tmp.resolve("c");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        Run fromRelay = run("ssb", "replicate", relayAddress, "--data", c.toString(), "--feed", ka.id().toString());
        while (!fromRelay.lines().equals(List.of(ka.id() + " 20")) && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
          fromRelay = run("ssb", "replicate", relayAddress, "--data", c.toString(), "--feed", ka.id().toString());
        }
        assertEquals(List.of(ka.id() + " 20"), fromRelay.lines(), fromRelay.err());
      } finally {
        relay.stop();
        rt.join(30_000);
      }
      assertEquals(0, relayExit.get());
    } finally {
      serve.stop();
      t.join(30_000);
    }
    assertEquals(0, exit.get(), "a clean stop");
  }

  @Test
  void badAddressIsExit2AndUnreachablePeerIsExit3() {
    Path b = tmp.resolve("b");
    Run bad = run("ssb", "replicate", "not-an-address", "--data", b.toString());
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("address"), bad.err());

    SsbKeyPair other = SsbKeyPair.generate();
    String key = other.id().toString().substring(1, 45);
    Run down = run("ssb", "replicate", "net:127.0.0.1:1~shs:" + key, "--data", b.toString());
    assertEquals(3, down.code(), down.err());
    assertEquals("", down.out());
  }

  @Test
  void serveRefusesABadConnectAddress() {
    Run r = run("ssb", "serve", "--data", tmp.resolve("s").toString(), "--port", "0", "--connect", "nope");
    assertEquals(2, r.code(), r.err());
  }

  @Test
  void exportOfAMissingStoreIsExit2() {
    Run r = run("ssb", "export", "--data", tmp.resolve("none").toString(), "--feed", SsbKeyPair.generate().id().toString());
    assertEquals(2, r.code());
  }
}
