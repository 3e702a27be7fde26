package social.kith.ssb.box;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HexFormat;
import social.kith.crypto.Hashes;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.testkit.SharedData;

/** The shared private-box vectors, read with Kith's own parser, and test keys. */
final class BoxVectors {
  private BoxVectors() {}

  static JsonObject load(String relative) {
    try {
      return (JsonObject) JsonParser.withLimits(64, 16 << 20)
          .parse(Files.readString(SharedData.path("vectors/ssb/" + relative)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonValue get(JsonValue o, String key) {
    return ((JsonObject) o).get(key).orElseThrow(() -> new AssertionError("vector lacks " + key));
  }

  static String string(JsonValue o, String key) {
    return ((JsonString) get(o, key)).value();
  }

  static byte[] hex(JsonValue o, String key) {
    return HexFormat.of().parseHex(string(o, key));
  }

  /** A key pair from ssb-keys' {@code "<base64 of 64 bytes>.ed25519"} private key text. */
  static SsbKeyPair keys(String privateText) {
    return SsbKeyPair.ofSecretKey(Base64.getDecoder().decode(privateText.substring(0, privateText.indexOf('.'))));
  }

  /** ssb-keys' generate('ed25519', sha256(name)). */
  static SsbKeyPair named(String name) {
    return SsbKeyPair.ofSecretKey(social.kith.crypto.Ed25519.fromSeed(
        Hashes.sha256(name.getBytes(StandardCharsets.UTF_8))).toSodiumSecretKey());
  }
}
