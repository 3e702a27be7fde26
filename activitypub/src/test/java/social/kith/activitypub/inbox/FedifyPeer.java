package social.kith.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import social.kith.testkit.Node;

/**
 * A real Fedify server ({@code node/fedify-server.mjs}) that sends activities on command. Event
 * lines read while waiting for a reply are kept; {@link #close()} ends only this process.
 */
final class FedifyPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Node.Proc proc;
  private final URI actor;
  private final List<JsonNode> events = new ArrayList<>();

  FedifyPeer(String firstKnock) {
    this.proc = Node.start("fedify-server.mjs", "--first-knock", firstKnock);
    this.actor = URI.create(read().get("actor").asText());
  }

  URI actor() {
    return actor;
  }

  /** Sends one activity; the reply says whether the receiving inbox accepted it. */
  synchronized JsonNode send(String type, URI to, URI inbox, Map<String, String> extra) {
    ObjectNode cmd = JSON.createObjectNode().put("cmd", "send").put("type", type).put("to", to.toString())
        .put("inbox", inbox.toString());
    extra.forEach(cmd::put);
    proc.send(cmd.toString());
    return reply();
  }

  /** Events so far (an {@code info} round trip first collects the latest). */
  synchronized List<JsonNode> events() {
    proc.send("{\"cmd\":\"info\"}");
    reply();
    return List.copyOf(events);
  }

  private JsonNode reply() {
    while (true) {
      JsonNode line = read();
      if (line.has("reply")) {
        return line;
      }
      events.add(line);
    }
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
        proc.send("{\"cmd\":\"stop\"}");
      }
    } finally {
      proc.close();
    }
  }
}
