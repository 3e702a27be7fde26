package social.kith.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import social.kith.testkit.Node;

/**
 * A real ssb-server@16.0.1 run by {@code node/ssb-server-harness.mjs} for the examples' tests (the ssb
 * module's own harness is not in a test-jar): one JSON request per line, one answer each. Closing
 * stops only the process this object started.
 */
final class SsbServerPeer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Node.Proc proc;
  final String id;
  final String address;

  SsbServerPeer(String... args) throws Exception {
    proc = Node.start("ssb-server-harness.mjs", args);
    JsonNode ready = JSON.readTree(proc.readLine());
    if (!ready.path("ready").asBoolean()) {
      throw new AssertionError("ssb-server did not start: " + ready);
    }
    id = ready.get("id").asText();
    address = ready.get("address").asText();
  }

  /** Sends one request and returns the answer, failing on {@code ok: false}. */
  synchronized JsonNode call(ObjectNode request) throws Exception {
    JsonNode answer = JSON.readTree(proc.call(JSON.writeValueAsString(request)));
    if (!answer.path("ok").asBoolean()) {
      throw new AssertionError(request + " -> " + answer);
    }
    return answer;
  }

  ObjectNode op(String name) {
    return JSON.createObjectNode().put("op", name);
  }

  /** The server's own createHistoryStream of {@code feed}, as message ids. */
  List<String> history(String feed) throws Exception {
    List<String> ids = new ArrayList<>();
    call(op("history").put("id", feed)).get("ids").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  @Override
  public void close() {
    try {
      proc.send("{\"op\":\"stop\"}");
    } catch (RuntimeException e) {
      // already gone
    }
    proc.close();
  }
}
