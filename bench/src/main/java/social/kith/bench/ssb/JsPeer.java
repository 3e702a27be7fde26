package social.kith.bench.ssb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real ssb-server@16.0.1 peer run by {@code bench/anchors/ssb-replication-bench.mjs peer}: in
 * {@code ebt} mode EBT only ({@code replicate: {legacy: false}}), in {@code legacy} mode without
 * ssb-ebt. As a source it holds the first {@code messages} of the benchmark feed as its own feed.
 * Closing stops the process (stdin closed, then killed if it lingers).
 */
final class JsPeer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final BufferedReader out; // kept open until the process ends (node writes its ready line here)
  private final Writer in;
  final String id;
  final String address;
  final JsonNode ready;

  private JsPeer(Process process, BufferedReader out, JsonNode ready) {
    this.process = process;
    this.out = out;
    this.in = process.outputWriter(StandardCharsets.UTF_8);
    this.ready = ready;
    this.id = ready.get("id").asText();
    this.address = ready.get("address").asText();
  }

  /** Starts a source peer holding {@code messages} of the benchmark feed ({@code mode}: ebt or legacy). */
  static JsPeer source(Path anchorScript, String mode, int messages) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("node", anchorScript.toString(), "peer", "--mode", mode,
        "--source", Integer.toString(messages));
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    BufferedReader r = p.inputReader(StandardCharsets.UTF_8);
    String line = r.readLine();
    if (line == null) {
      p.destroyForcibly();
      throw new IOException("the ssb-server peer exited before it was ready (" + mode + ")");
    }
    JsonNode ready = JSON.readTree(line);
    if (!ready.path("ready").asBoolean()) {
      p.destroyForcibly();
      throw new IOException("unexpected first line from the ssb-server peer: " + line);
    }
    return new JsPeer(p, r, ready);
  }

  @Override
  public void close() {
    try {
      in.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      out.close();
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
