package social.kith.ssb.peer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import social.kith.ssb.FeedId;
import social.kith.testkit.Node;

/** A real ssb-server@16.0.1 run by {@code node/ssb-server-harness.mjs}; closing stops only that process. */
public final class SsbServerHarness implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  final Node.Proc proc;
  public final FeedId id;
  public final String address;

  public SsbServerHarness(String... args) throws Exception {
    proc = Node.start("ssb-server-harness.mjs", args);
    JsonNode ready = JSON.readTree(proc.readLine());
    assertTrue(ready.path("ready").asBoolean(), ready.toString());
    id = FeedId.parse(ready.get("id").asText());
    address = ready.get("address").asText();
  }

  /** Sends one request and returns the answer, failing the test on {@code ok: false}. */
  public JsonNode call(ObjectNode request) throws Exception {
    JsonNode answer = JSON.readTree(proc.call(JSON.writeValueAsString(request)));
    assertTrue(answer.path("ok").asBoolean(), () -> request + " -> " + answer);
    return answer;
  }

  public ObjectNode op(String name) {
    return JSON.createObjectNode().put("op", name);
  }

  public List<String> publish(int count) throws Exception {
    List<String> ids = new ArrayList<>();
    call(op("publish").put("count", count)).get("ids").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  /** The server's own createHistoryStream of {@code feed}, as message ids. */
  public List<String> history(FeedId feed) throws Exception {
    List<String> ids = new ArrayList<>();
    call(op("history").put("id", feed.toString())).get("ids").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  /** Polls the server's history of {@code feed} until {@code done} holds or the time is up. */
  List<String> awaitHistory(FeedId feed, Predicate<List<String>> done, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> ids = history(feed);
    while (!done.test(ids) && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // a poll interval, not a wait for a condition
      ids = history(feed);
    }
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
