package social.kith.activitypub.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private final List<URI> actors = new ArrayList<>();
  private final List<JsonNode> events = new ArrayList<>();

  private FedifyServer(Node.Proc proc) {
    this.proc = proc;
    JsonNode ready = readJson();
    this.url = URI.create(ready.get("url").asText());
    this.actor = URI.create(ready.get("actor").asText());
    ready.path("actors").forEach(a -> actors.add(URI.create(a.asText())));
  }

  /** Starts the server with one actor, {@code alice}. */
  public static FedifyServer start() {
    return new FedifyServer(Node.start("fedify-server.mjs"));
  }

  /** Starts the server with the script's flags, e.g. {@code --auto-accept}, {@code --actors alice,mallory}. */
  public static FedifyServer start(String... flags) {
    return new FedifyServer(Node.start("fedify-server.mjs", flags));
  }

  public URI url() {
    return url;
  }

  /** The first actor's id. */
  public URI actor() {
    return actor;
  }

  /** The actor {@code name} ({@code /users/name}), which must have been started. */
  public URI actor(String name) {
    URI a = URI.create(url + "/users/" + name);
    if (!actors.contains(a)) {
      throw new IllegalArgumentException("no Fedify actor " + name + " among " + actors);
    }
    return a;
  }

  /** The personal inbox of {@code actor}. */
  public static URI inboxOf(URI actor) {
    return URI.create(actor + "/inbox");
  }

  /**
   * Has Fedify's actor {@code from} sign and deliver one activity (see the script's {@code send});
   * returns the reply, whose {@code ok} says whether the receiving inbox took it.
   */
  public JsonNode send(String from, String type, URI to, URI inbox, Map<String, String> extra) {
    ObjectNode cmd = JSON.createObjectNode().put("cmd", "send").put("from", from).put("type", type)
        .put("to", to.toString()).put("inbox", inbox.toString());
    extra.forEach(cmd::put);
    return command(cmd.toString());
  }

  /**
   * As {@link #send(String, String, URI, URI, Map)}, with {@code extra} fields of any JSON shape,
   * e.g. an {@code attachment} object for the Note of a Create, DM or Update.
   */
  public JsonNode send(String from, String type, URI to, URI inbox, ObjectNode extra) {
    ObjectNode cmd = JSON.createObjectNode().put("cmd", "send").put("from", from).put("type", type)
        .put("to", to.toString()).put("inbox", inbox.toString());
    cmd.setAll(extra);
    return command(cmd.toString());
  }

  /** A new JSON object, for {@link #send(String, String, URI, URI, ObjectNode)}. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /**
   * Has the server serve {@code data} as {@code mediaType} on its own port (see the script's
   * {@code media}) and returns the URL, {@code <url>/media/<sha256>}; with {@code ?chunked} appended
   * it is served without a Content-Length.
   */
  public URI serveMedia(byte[] data, String mediaType) {
    JsonNode reply = command(JSON.createObjectNode().put("cmd", "media").put("mediaType", mediaType)
        .put("base64", java.util.Base64.getEncoder().encodeToString(data)).toString());
    if (!reply.path("ok").asBoolean()) {
      throw new AssertionError("fedify-server did not take the media: " + reply);
    }
    return URI.create(reply.path("url").asText());
  }

  /**
   * Has Node fetch {@code url} (a plain {@code fetch}, 127.0.0.1 only; see the script's
   * {@code fetch}); the reply has {@code ok}, {@code status}, {@code contentType}, {@code sha256}
   * and {@code bytes}, or {@code error}.
   */
  public JsonNode fetch(URI url) {
    return command(JSON.createObjectNode().put("cmd", "fetch").put("url", url.toString()).toString());
  }

  /**
   * Has Fedify discover the actor {@code resource} (an http(s) actor URL) with its own WebFinger
   * client and document loader (see the script's {@code lookup}); the reply's {@code ok} says whether
   * it found an actor, and {@code subject}, {@code self}, {@code id} and {@code inbox} what it found.
   */
  public JsonNode lookup(URI resource) {
    return command(JSON.createObjectNode().put("cmd", "lookup").put("resource", resource.toString()).toString());
  }

  /** Every POST Fedify's inboxes received so far, oldest first (see the script's {@code received}). */
  public List<JsonNode> received() {
    List<JsonNode> out = new ArrayList<>();
    command("{\"cmd\":\"received\"}").path("requests").forEach(out::add);
    return out;
  }

  /** The POSTs that carried activity {@code id}, oldest first. */
  public List<JsonNode> received(String id) {
    return received().stream().filter(r -> id.equals(r.path("id").asText())).toList();
  }

  /** The first POST of activity {@code id} that Fedify verified and handed to a listener, if any. */
  public Optional<JsonNode> verified(String id) {
    return received(id).stream().filter(r -> r.path("verified").asBoolean()).findFirst();
  }

  /** What Fedify's listeners applied: {@code notes}, {@code deleted} and {@code refused}. */
  public JsonNode notes() {
    return command("{\"cmd\":\"notes\"}");
  }

  /** The note {@code id} as Fedify holds it now, if it holds it. */
  public Optional<JsonNode> note(String id) {
    for (JsonNode n : notes().path("notes")) {
      if (id.equals(n.path("id").asText())) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** Events so far, after an {@code info} round trip that collects the latest. */
  public List<JsonNode> latestEvents() {
    command("{\"cmd\":\"info\"}");
    return events();
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
