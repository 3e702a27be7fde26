package social.kith.ssb.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.Hashes;
import social.kith.ssb.Ed25519Signer;
import social.kith.ssb.FeedState;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonValue;

/** Deterministic signed feeds for store tests (libsodium-exact Ed25519 from the crypto module). */
final class StoreFixtures {
  private StoreFixtures() {}

  static Ed25519Signer signer(String name) {
    Ed25519PrivateKey key = Ed25519.fromSeed(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8)));
    byte[] pub = key.publicKey().bytes();
    return new Ed25519Signer() {
      @Override
      public byte[] publicKey() {
        return pub.clone();
      }

      @Override
      public byte[] sign(byte[] message) {
        return key.sign(message);
      }
    };
  }

  /** A local feed: signs its next message from its own state. */
  static final class Feed {
    final Ed25519Signer signer;
    Optional<FeedState> state = Optional.empty();

    Feed(String name) {
      this.signer = signer(name);
    }

    social.kith.ssb.FeedId id() {
      return signer.feedId();
    }

    SsbMessage next(JsonValue content) {
      SsbMessage m = sign(state, content);
      state = Optional.of(new FeedState(m.id(), m.sequence(), m.timestamp()));
      return m;
    }

    /** A message after {@code after} that does not advance this feed (to build forks). */
    SsbMessage sign(Optional<FeedState> after, JsonValue content) {
      double ts = 1_700_000_000_000.0 + after.map(FeedState::sequence).orElse(0);
      return SsbMessage.create(after, signer, Optional.empty(), content, ts);
    }

    SsbMessage post(String text) {
      return next(StoreFixtures.post(text));
    }
  }

  static JsonObject post(String text) {
    return JsonObject.builder().put("type", "post").put("text", text).build();
  }

  static JsonObject reply(String text, social.kith.ssb.MessageId root) {
    return JsonObject.builder().put("type", "post").put("text", text).put("root", root.toString()).build();
  }

  static JsonObject contact(Feed target, Boolean following, Boolean blocking) {
    JsonObject.Builder b = JsonObject.builder().put("type", "contact").put("contact", target.id().toString());
    if (following != null) {
      b.put("following", following.booleanValue());
    }
    if (blocking != null) {
      b.put("blocking", blocking.booleanValue());
    }
    return b.build();
  }

  /** Every file under {@code dir} with its size: a fingerprint for "nothing was written". */
  static Map<String, Long> files(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      Map<String, Long> out = new TreeMap<>();
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          out.put(dir.relativize(p).toString(), Files.size(p));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<SsbMessage> posts(Feed feed, int n, String prefix) {
    List<SsbMessage> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(feed.post(prefix + " " + i));
    }
    return out;
  }
}
