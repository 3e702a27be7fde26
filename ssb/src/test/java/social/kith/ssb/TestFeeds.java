package social.kith.ssb;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import social.kith.ssb.internal.CanonicalBase64;
import social.kith.ssb.internal.Digests;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;

/** Deterministic test keys and a signer for hand-shaped (including malformed) messages. */
final class TestFeeds {
  private TestFeeds() {}

  static Ed25519Signer signer(String name) {
    return Ed25519Signer.of(social.kith.crypto.Ed25519.fromSeed(Digests.sha256(name.getBytes(StandardCharsets.UTF_8))));
  }

  /** Signs exactly the given object (any key order, any fields), as ssb-keys' signObj would. */
  static JsonObject sign(Ed25519Signer signer, JsonObject unsigned, Optional<HmacKey> hmac) {
    byte[] bytes = V8Json.stringify(unsigned).getBytes(StandardCharsets.UTF_8);
    if (hmac.isPresent()) {
      bytes = hmac.get().authenticate(bytes);
    }
    return unsigned.with("signature", JsonValue.of(CanonicalBase64.encode(signer.sign(bytes)) + ".sig.ed25519"));
  }

  static JsonObject sign(Ed25519Signer signer, JsonObject unsigned) {
    return sign(signer, unsigned, Optional.empty());
  }

  /** The usual unsigned message: previous, sequence, author, timestamp, hash, content. */
  static JsonObject.Builder unsigned(Ed25519Signer signer, Optional<FeedState> state, JsonValue content) {
    return JsonObject.builder()
        .put("previous", state.<JsonValue>map(s -> JsonValue.of(s.latest().toString())).orElse(JsonValue.nullValue()))
        .put("sequence", state.map(s -> s.sequence() + 1.0).orElse(1.0))
        .put("author", signer.feedId().toString())
        .put("timestamp", 1700000000000.0)
        .put("hash", "sha256")
        .put("content", content);
  }

  static JsonObject post(String text) {
    return JsonObject.builder().put("type", "post").put("text", text).build();
  }
}
