package social.kith.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import social.kith.crypto.encoding.Hex;
import social.kith.testkit.SharedData;

/** Reads Wycheproof vector files from the shared folder (test-only, with Jackson). */
final class Wycheproof {
  private Wycheproof() {}

  static final ObjectMapper JSON = new ObjectMapper();

  /** One test case with its group. */
  record Case(JsonNode group, JsonNode test) {
    int id() {
      return test.get("tcId").asInt();
    }

    String result() {
      return test.get("result").asText();
    }

    Set<String> flags() {
      Set<String> out = new TreeSet<>();
      test.path("flags").forEach(f -> out.add(f.asText()));
      return out;
    }

    byte[] hex(String field) {
      return Hex.decode(test.get(field).asText());
    }

    byte[] groupHex(String field) {
      return Hex.decode(group.get(field).asText());
    }

    @Override
    public String toString() {
      return "tcId " + id() + " " + flags() + " " + test.path("comment").asText();
    }
  }

  static JsonNode file(String name) {
    Path p = SharedData.path("vectors/wycheproof/" + name);
    try {
      return JSON.readTree(Files.readString(p));
    } catch (IOException e) {
      throw new AssertionError("cannot read " + p, e);
    }
  }

  static List<Case> cases(String name) {
    JsonNode root = file(name);
    List<Case> out = new ArrayList<>();
    for (JsonNode g : root.get("testGroups")) {
      for (JsonNode t : g.get("tests")) {
        out.add(new Case(g, t));
      }
    }
    if (out.size() != root.get("numberOfTests").asInt()) {
      throw new AssertionError(name + ": read " + out.size() + " cases, file says "
          + root.get("numberOfTests"));
    }
    return out;
  }
}
