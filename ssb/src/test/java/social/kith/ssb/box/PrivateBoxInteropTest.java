package social.kith.ssb.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import social.kith.ssb.FeedId;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonNull;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;
import social.kith.testkit.Node;

/** Kith's boxes open with ssb-keys 8.5.0's {@code unbox}, and ssb-keys' {@code box} opens with Kith. */
class PrivateBoxInteropTest {
  private static Node.Proc node;

  @BeforeAll
  static void start() {
    node = Node.start("ssb-validate-oracle.mjs");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String secretText(SsbKeyPair k) {
    return Base64.getEncoder().encodeToString(k.secretKey()) + ".ed25519";
  }

  private static JsonObject call(JsonObject request) {
    return (JsonObject) JsonParser.DEFAULT.parse(node.call(V8Json.stringifyCompact(request)));
  }

  private static Optional<JsonValue> nodeUnbox(String boxed, SsbKeyPair k) {
    JsonValue c = call(JsonObject.builder().put("op", "unbox").put("box", boxed).put("secret", secretText(k)).build())
        .get("content").orElseThrow();
    return c instanceof JsonNull ? Optional.empty() : Optional.of(c);
  }

  @Test
  void kithBoxesOpenWithSsbKeysAndViceVersa() {
    SsbKeyPair outsider = SsbKeyPair.generate();
    for (int n : new int[] {1, 3, 7}) {
      List<SsbKeyPair> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        keys.add(SsbKeyPair.generate());
      }
      List<FeedId> ids = keys.stream().map(SsbKeyPair::id).toList();
      JsonObject content = JsonObject.builder().put("type", "post").put("text", "n=" + n + " caf\u00e9 \ud83d\ude80")
          .put("recps", new JsonArray(ids.stream().<JsonValue>map(f -> JsonValue.of(f.toString())).toList())).build();
      String kithBox = BoxedContent.box(content, ids);
      JsonArray recps = new JsonArray(ids.stream().<JsonValue>map(f -> JsonValue.of(f.toString())).toList());
      String nodeBox = ((JsonString) call(JsonObject.builder().put("op", "box").put("content", content)
          .put("recipients", recps).build()).get("box").orElseThrow()).value();
      assertTrue(nodeBox.endsWith(".box"));
      for (SsbKeyPair k : keys) {
        assertEquals(V8Json.stringify(content), V8Json.stringify(nodeUnbox(kithBox, k).orElseThrow()));
        assertEquals(content, BoxedContent.unbox(nodeBox, k).orElseThrow());
      }
      assertEquals(Optional.empty(), nodeUnbox(kithBox, outsider));
      assertEquals(Optional.empty(), BoxedContent.unbox(nodeBox, outsider));
    }
  }
}
