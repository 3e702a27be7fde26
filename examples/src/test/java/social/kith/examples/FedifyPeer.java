package social.kith.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import social.kith.testkit.Node;

/**
 * A real Fedify server ({@code node/fedify-server.mjs}) on 127.0.0.1 for the examples' tests (the
 * activitypub module's own harness is not in a test-jar). Commands are JSON lines; event lines read
 * while waiting for a reply are kept. {@link #close()} ends only the process it started.
 */
final class FedifyPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Node.Proc proc;
  private final URI actor;
  private final List<JsonNode> events = new ArrayList<>();

  FedifyPeer(String... args) {
    proc = Node.start("fedify-server.mjs", args);
    actor = URI.create(read().get("actor").asText());
  }

  URI actor() {
    return actor;
  }

  synchronized JsonNode command(JsonNode command) {
    proc.send(command.toString());
    while (true) {
      JsonNode line = read();
      if (line.has("reply")) {
        return line;
      }
      events.add(line);
    }
  }

  /** Every event so far (asks for {@code info} first, to collect the latest). */
  synchronized List<JsonNode> events() {
    command(JSON.createObjectNode().put("cmd", "info"));
    return List.copyOf(events);
  }

  /** Activities of {@code type} that Fedify received and verified. */
  List<JsonNode> received(String type) {
    return events().stream().filter(e -> "activity".equals(e.path("event").asText())
        && type.equals(e.path("type").asText())).map(e -> e.path("json")).toList();
  }

  private JsonNode read() {
    String line = proc.readLine();
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("fedify-server printed a non-JSON line: " + line, e);
    }
  }

  @Override
  public void close() {
    try {
      if (proc.process().isAlive()) {
        command(JSON.createObjectNode().put("cmd", "stop"));
      }
    } finally {
      proc.close();
    }
  }
}
