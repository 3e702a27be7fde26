package social.kith.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import social.kith.testkit.Node;

/**
 * Client of {@code node/sodium-diff.mjs}: real libsodium (sodium-native) answering batches of
 * requests. Requests are queued with {@link #add} and sent as one line by {@link #run}.
 */
final class SodiumOracle implements AutoCloseable {
  static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Node.Proc proc;
  private ArrayNode batch = JSON.createArrayNode();

  SodiumOracle() {
    this.proc = Node.start("sodium-diff.mjs");
  }

  /** Queues a request {op, k1: hex(v1), ...}; returns its index in the next {@link #run}. */
  int add(String op, Object... kv) {
    ObjectNode req = batch.addObject();
    req.put("op", op);
    for (int i = 0; i < kv.length; i += 2) {
      req.put((String) kv[i], HEX.formatHex((byte[]) kv[i + 1]));
    }
    return batch.size() - 1;
  }

  /** Sends the queued requests and returns the answers in order. */
  List<Answer> run() {
    try {
      String line = JSON.writeValueAsString(batch);
      batch = JSON.createArrayNode();
      JsonNode answers = JSON.readTree(proc.call(line));
      List<Answer> out = new ArrayList<>();
      for (JsonNode a : answers) {
        if (a.has("error")) {
          throw new AssertionError("sodium-diff.mjs: " + a.get("error").asText());
        }
        out.add(new Answer(a));
      }
      return out;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /** One call's answer. */
  static final class Answer {
    private final JsonNode node;

    Answer(JsonNode node) {
      this.node = node;
    }

    /** libsodium's return code (0 or -1). */
    int rc() {
      return node.get("rc").asInt();
    }

    boolean ok() {
      return rc() == 0;
    }

    byte[] bytes(String field) {
      JsonNode v = node.get(field);
      if (v == null) {
        throw new AssertionError("no field " + field + " in " + node);
      }
      return HEX.parseHex(v.asText());
    }

    @Override
    public String toString() {
      return node.toString();
    }
  }

  @Override
  public void close() {
    proc.close();
  }
}
