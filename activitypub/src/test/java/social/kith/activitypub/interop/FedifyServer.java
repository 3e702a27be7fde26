package social.kith.activitypub.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import social.kith.testkit.Node;

/**
 * A real Fedify server ({@code node/fedify-server.mjs}) on 127.0.0.1, started and stopped by the
 * test. Commands are JSON lines; event lines ({@code {"event":...}}) that arrive while waiting for
 * a reply are kept in {@link #events()}. {@link #close()} ends only the process this object started.
 */
public final class FedifyServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Node.Proc proc;
  private final URI url;
  private final URI actor;
  private final List<JsonNode> events = new ArrayList<>();

  private FedifyServer(Node.Proc proc) {
    this.proc = proc;
    JsonNode ready = readJson();
    this.url = URI.create(ready.get("url").asText());
    this.actor = URI.create(ready.get("actor").asText());
  }

  /** Starts the server with one actor, {@code alice}. */
  public static FedifyServer start() {
    return new FedifyServer(Node.start("fedify-server.mjs"));
  }

  public URI url() {
    return url;
  }

  /** The first actor's id. */
  public URI actor() {
    return actor;
  }

  /** {@code 127.0.0.1:port}. */
  public String host() {
    return url.getAuthority();
  }

  /** Sends a command and returns its reply; events read meanwhile are kept. */
  public synchronized JsonNode command(String json) {
    proc.send(json);
    while (true) {
      JsonNode line = readJson();
      if (line.has("reply")) {
        return line;
      }
      events.add(line);
    }
  }

  /** Events seen so far (call {@link #command} with {@code info} to collect the latest). */
  public synchronized List<JsonNode> events() {
    return List.copyOf(events);
  }

  private JsonNode readJson() {
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
        command("{\"cmd\":\"stop\"}");
      }
    } finally {
      proc.close();
    }
  }
}
