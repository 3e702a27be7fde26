package social.kith.ssb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import social.kith.ssb.json.JsonBoolean;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;

/** parse → serialize is the identity on the signed JSON of every valid vector (checklist 53). */
class SignedJsonProperties {

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void parseThenSerializeIsIdentity(@ForAll("validSignedJson") String signedJson) {
    assertEquals(signedJson, V8Json.stringify(JsonParser.DEFAULT.parse(signedJson)));
  }

  @Provide
  Arbitrary<String> validSignedJson() {
    List<String> all = new ArrayList<>();
    for (JsonValue m : Vectors.array(Vectors.load("go-ssb-legacy/messages.json"), "messages").values()) {
      all.add(Vectors.string(m, "signedJson"));
    }
    for (JsonValue link : Vectors.array(Vectors.load("generated/legacy-json-edge-cases.json"), "chain").values()) {
      all.add(Vectors.string(link, "signedJson"));
    }
    for (JsonValue e : ((social.kith.ssb.json.JsonArray) Vectors.load("ssb-validation-dataset/data.json")).values()) {
      if (Vectors.get(e, "valid") == JsonBoolean.TRUE) {
        all.add(V8Json.stringify(Vectors.get(e, "message")));
      }
    }
    all.add(V8Json.stringify(Vectors.get(Vectors.load("ssb-keys/legacy-id-latin1.json"), "message")));
    assertEquals(235 + 11 + 27 + 1, all.size());
    return Arbitraries.of(all);
  }
}
