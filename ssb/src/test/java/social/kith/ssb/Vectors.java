package social.kith.ssb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.testkit.SharedData;

/** Reads the shared SSB vectors with Kith's own parser (so message key order and numbers are JavaScript's). */
final class Vectors {
  private Vectors() {}

  private static final JsonParser FILES = JsonParser.withLimits(64, 16 << 20);

  static JsonValue load(String relative) {
    try {
      return FILES.parse(Files.readString(SharedData.path("vectors/ssb/" + relative)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonValue get(JsonValue object, String key) {
    return ((JsonObject) object).get(key).orElseThrow(() -> new AssertionError("vector lacks " + key));
  }

  static String string(JsonValue object, String key) {
    return ((JsonString) get(object, key)).value();
  }

  static double number(JsonValue object, String key) {
    return ((JsonNumber) get(object, key)).value();
  }

  static JsonArray array(JsonValue object, String key) {
    return (JsonArray) get(object, key);
  }
}
