package social.kith.activitypub.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import social.kith.testkit.Node;

/**
 * The test proxy {@code node/knock-proxy.mjs} in front of a {@link FedifyServer}: it forwards
 * requests unchanged, or refuses the first signature generation it sees with 401, or corrupts the
 * signature on the way. {@link #close()} ends only the process this object started.
 */
public final class KnockProxy implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the proxy does to signed POSTs. */
  public enum Mode {
    PASS("pass"), REFUSE_FIRST("refuse-first"), CORRUPT("corrupt");

    private final String wire;

    Mode(String wire) {
      this.wire = wire;
    }
  }

  private final Node.Proc proc;
  private final URI url;

  private KnockProxy(Node.Proc proc) {
    this.proc = proc;
    this.url = URI.create(read().get("url").asText());
  }

  /** Starts a proxy in front of {@code target} in {@link Mode#PASS}. */
  public static KnockProxy inFrontOf(FedifyServer target) {
    return new KnockProxy(Node.start("knock-proxy.mjs", "--target", target.url().toString()));
  }

  /** The proxy's own base URL. */
  public URI url() {
    return url;
  }

  /** {@code uri} (on the target) rewritten to go through the proxy: same path, the proxy's origin. */
  public URI via(URI uri) {
    return URI.create(url + uri.getRawPath());
  }

  /** Switches the mode; {@link Mode#REFUSE_FIRST} forgets the generation it refused before. */
  public synchronized void mode(Mode mode) {
    JsonNode reply = command("{\"cmd\":\"mode\",\"mode\":\"" + mode.wire + "\"}");
    if (!mode.wire.equals(reply.path("mode").asText())) {
      throw new AssertionError("knock-proxy did not switch to " + mode + ": " + reply);
    }
  }

  /** Every POST the proxy saw, oldest first: {@code generation}, {@code status}, {@code forwarded}. */
  public synchronized List<JsonNode> attempts() {
    List<JsonNode> out = new ArrayList<>();
    command("{\"cmd\":\"attempts\"}").path("attempts").forEach(out::add);
    return out;
  }

  private JsonNode command(String json) {
    proc.send(json);
    return read();
  }

  private JsonNode read() {
    String line = proc.readLine();
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("knock-proxy printed a non-JSON line: " + line, e);
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
